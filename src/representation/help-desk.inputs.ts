// The help desk's inputs, one schema per form: the look-up by codice fiscale, the new session
// (the person's identity, the document shown, the contacts for the receipt) and the period of
// the statistics. Shapes only (trimmed, upper-cased, required, e-mail and phone formats); what
// depends on today or on several fields is checked by identity-check.ts in the service.
import { z, type ZodError } from 'zod';
import { queryDay } from '../platform/input.ts';
import type { IdentityDocument } from './acting.ts';
import { DOCUMENT_TYPES, type InputProblem, type PersonInput } from './identity-check.ts';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess((v) => first(v) ?? '', z.string({ invalid_type_error: 'helpDesk.error.invalid' }).trim().max(max, 'helpDesk.error.tooLong'));
const required = (max: number) => text(max).pipe(z.string().min(1, 'helpDesk.error.required'));
/** Codes typed from a card: upper case, spaces left out. */
const code = (max: number) => text(max).transform((v) => v.replace(/\s+/g, '').toUpperCase());

const fiscalCode = code(40).pipe(z.string().min(1, 'helpDesk.error.required'));

export const lookupInput = z.object({ fiscalCode });

export const SESSION_FORM_ORDER = [
  'fiscalCode',
  'familyName',
  'givenName',
  'birthDate',
  'sex',
  'confirmNames',
  'documentType',
  'documentNumber',
  'documentIssuer',
  'documentExpiry',
  'email',
  'phone',
] as const;

export const sessionInput = z
  .object({
    fiscalCode,
    familyName: required(100),
    givenName: required(100),
    birthDate: required(10),
    sex: z.preprocess(first, z.enum(['M', 'F'], { errorMap: () => ({ message: 'helpDesk.error.choose' }) })),
    confirmNames: z.preprocess((v) => ['yes', 'on', 'true', '1'].includes(String(first(v) ?? '')), z.boolean()),
    documentType: text(20).pipe(z.union([z.literal(''), z.enum(DOCUMENT_TYPES, { errorMap: () => ({ message: 'helpDesk.error.choose' }) })])),
    documentNumber: code(30),
    documentIssuer: text(120),
    documentExpiry: text(10),
    email: text(200).pipe(z.union([z.literal(''), z.string().email('helpDesk.error.email')])),
    phone: text(30).pipe(z.union([z.literal(''), z.string().regex(/^\+?[0-9 ]{6,20}$/, 'helpDesk.error.phone')])),
  })
  .superRefine((input, ctx) => {
    // a document is all or nothing: any of its fields makes the others required
    const parts = { documentType: input.documentType, documentNumber: input.documentNumber, documentIssuer: input.documentIssuer, documentExpiry: input.documentExpiry };
    if (Object.values(parts).some((v) => v !== '')) {
      for (const [field, value] of Object.entries(parts)) if (value === '') ctx.addIssue({ code: 'custom', path: [field], message: 'helpDesk.error.documentPart' });
    }
  });

export type SessionInput = z.output<typeof sessionInput>;

/** The person as the identity check reads them, and the contacts for the receipt. */
export function personOf(input: SessionInput): PersonInput & { email: string | null; phone: string | null } {
  const document: IdentityDocument | null =
    input.documentType === '' ? null : { type: input.documentType, number: input.documentNumber, issuer: input.documentIssuer, expiresOn: input.documentExpiry };
  return {
    fiscalCode: input.fiscalCode,
    givenName: input.givenName,
    familyName: input.familyName,
    birthDate: input.birthDate,
    sex: input.sex,
    document,
    namesConfirmed: input.confirmNames,
    email: input.email || null,
    phone: input.phone || null,
  };
}

/** The issues of a failed parse, the first one per field, in the form's order. */
export function problemsOf(error: ZodError, order: readonly string[] = SESSION_FORM_ORDER): InputProblem[] {
  const seen = new Set<string>();
  const out: InputProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'fiscalCode');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, key: issue.message.startsWith('helpDesk.') ? issue.message : 'helpDesk.error.invalid' });
  }
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return out.sort((a, b) => rank(a.field) - rank(b.field));
}

export const statisticsQuery = z.object({
  dal: z.preprocess(first, queryDay().optional()),
  al: z.preprocess(first, queryDay().optional()),
});
