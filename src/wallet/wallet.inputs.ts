// The wallet's forms: the facts of an uploaded document (kind, title, optional expiry date) and
// the ids the other forms post, each parsed once with zod; a refusal becomes the error summary
// in the person's language (the upload form's inputs are linked by their ids).
import { z } from 'zod';
import { parseDate } from '../forms/index.ts';
import { WALLET_KINDS } from './wallet.table.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The element ids of the upload form's inputs, for the error summary's links. */
export const INPUT_IDS = { kind: 'wallet-kind', title: 'wallet-title', expiresOn: 'wallet-expiresOn', file: 'wallet-documento' } as const;

const MESSAGE = { kind: 'wallet.error.kind', title: 'wallet.error.titleRequired', expiresOn: 'wallet.error.expires', file: 'wallet.error.file' } as const;

export const documentFacts = z.object({
  kind: z.enum(WALLET_KINDS),
  title: z.string().trim().min(1).max(200),
  // a date input sends yyyy-mm-dd; typed by hand, dd/mm/yyyy is understood too
  expiresOn: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const iso = parseDate(value);
      if (!iso) ctx.addIssue({ code: 'custom', message: 'date' });
      return iso ?? null;
    }),
});

export type FactsInput = z.input<typeof documentFacts>;

export type WalletField = keyof typeof INPUT_IDS;

/**
 * The fields of a refused upload form, each with its message key, in the form's order;
 * `fileProblem` is the key of what is wrong with the file (none chosen, or the upload refused).
 */
export function factErrors(error: z.ZodError | null, fileProblem: string | null): Array<{ field: WalletField; key: string }> {
  const keys = new Map<WalletField, string>((error?.issues ?? []).map((issue) => [issue.path[0] as WalletField, MESSAGE[issue.path[0] as WalletField]]));
  if (fileProblem) keys.set('file', fileProblem);
  return (['kind', 'title', 'expiresOn', 'file'] as const).flatMap((field) => (keys.has(field) ? [{ field, key: keys.get(field)! }] : []));
}

export const saveFromFilingBody = z.object({
  publicId: z.string().regex(UUID),
  attachmentId: z.string().regex(UUID),
});
