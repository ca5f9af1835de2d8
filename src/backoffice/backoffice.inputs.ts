// Input schemas of the back office and of the applicant's answers: one per form, parsed by
// the routes before any service call. Field names are the forms' (Italian) names; a refused
// input turns into one error per field with the message key that explains it.
import type { FastifyRequest } from 'fastify';
import { z, type ZodError } from 'zod';
import { parseMoney } from '../forms/index.ts';
import { TAXONOMY_CODE_PATTERN } from '../payments/fees.ts';
import { POSITION_STATUSES } from '../payments/payments.table.ts';
import { CODICE_FISCALE } from '../identity/fiscal-code.ts';
import { queryDay, queryId, queryText } from '../platform/input.ts';
import { isCalendarDate } from '../platform/time.ts';
import { multipartError, readParts } from '../platform/multipart.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { STATES, STEP_ACTIONS } from './workflow.ts';
import { CONFORMATION_MAX_DAYS, CONFORMATION_MIN_DAYS } from './legal-clock.ts';
import { CaseUploadRefusedError, discardUploads, MAX_FILE_MB, MAX_FILES, storeCaseUpload, type StoredUpload } from './uploads.ts';

const text = (min: number, max: number) => z.string({ required_error: 'required' }).trim().min(min).max(max);

// ---- the lists (GET). An unknown choice (status, order) falls back to the default; a value
// no form of the page sends (a number out of range, a day that does not exist, a broken page
// cursor) is refused with a 400 that names it (parseQuery), never sent to the database.
// the filter forms send an empty value for "any"
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const choice = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);
const officeCode = z.string().regex(/^[a-z0-9-]{1,80}$/);

/** The queue's page cursor: the last row's due date and filing id, "2026-03-02.1234". */
const queueCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d{1,16}$/).refine((value) => {
  const [day, id] = value.split('.') as [string, string];
  return isCalendarDate(day) && Number(id) >= 1 && Number(id) <= Number.MAX_SAFE_INTEGER;
});

export const queueQuery = z.object({
  stato: z.enum(['open', 'all', ...STATES]).catch('open').default('open'),
  ufficio: optional(officeCode),
  procedura: optional(queryId()),
  assegnatario: choice(z.union([z.enum(['me', 'none']), z.string().regex(CODICE_FISCALE)])),
  scadenza: choice(z.enum(['overdue', 'due-soon', 'on-time', 'paused'])),
  q: optional(queryText(100)),
  dopo: optional(queueCursor),
  ordine: z.enum(['scadenza', 'scadenza-desc']).catch('scadenza').default('scadenza'),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const officePaymentsQuery = z.object({
  stato: choice(z.enum(POSITION_STATUSES)),
  ufficio: optional(officeCode),
  procedura: optional(queryId()),
  data: z.enum(['creazione', 'pagamento']).catch('creazione').default('creazione'),
  dal: optional(queryDay()),
  al: optional(queryDay()),
  prima: optional(queryId(Number.MAX_SAFE_INTEGER)),
});
export type OfficePaymentsQuery = z.infer<typeof officePaymentsQuery>;

export const statisticsQuery = z.object({
  dal: optional(queryDay()),
  al: optional(queryDay()),
});

// ---- the clerk's forms (POST)
export const noInput = z.object({}).passthrough();
export const assignInput = z.object({ assegnatario: z.string({ required_error: 'required' }).regex(CODICE_FISCALE) }).passthrough();
export const forwardInput = z.object({ ufficio: z.string({ required_error: 'required' }).regex(/^[a-z0-9-]{1,80}$/), motivo: text(5, 2000) }).passthrough();
export const integrationInput = z.object({ testo: text(10, 5000), giorni: z.coerce.number({ invalid_type_error: 'days' }).int().min(1).max(30) }).passthrough();
export const refusalInput = z.object({ motivi: text(10, 5000) }).passthrough();
export const decisionInput = z.object({ esito: z.enum(['approved', 'rejected', 'inadmissible']), motivazione: text(10, 10_000) }).passthrough();
export const messageInput = z.object({ testo: text(2, 5000) }).passthrough();
// ---- kinds of procedure (workflow.ts): proposal and adoption, closures with a reason, a SCIA's
// measures, the steps of a CILA, a report, a booking, the head's reopening
export const proposalInput = z.object({ esito: z.enum(['approved', 'rejected', 'inadmissible']), motivazione: text(10, 10_000) }).passthrough();
/** A reason: sending a proposal back, archiving, an irregular CILA, a reopening. */
export const reasonInput = z.object({ motivo: text(5, 2000) }).passthrough();
export const conformationInput = z.object({ testo: text(10, 5000), giorni: z.coerce.number({ invalid_type_error: 'days' }).int().min(CONFORMATION_MIN_DAYS).max(CONFORMATION_MAX_DAYS) }).passthrough();
export const prohibitionInput = z.object({ motivazione: text(10, 10_000) }).passthrough();
export const stepInput = z
  .object({
    azione: z.enum(STEP_ACTIONS),
    motivo: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), text(5, 2000).optional()),
  })
  .passthrough();
export const noteInput = z.object({ testo: text(2, 5000) }).passthrough();

/** Euro cents up to what a pagoPA position takes (positionInputSchema). */
const MAX_PAYMENT_CENTS = 99_999_999_99;
/** How far ahead a clerk may set the due date of a payment. */
export const PAYMENT_MAX_DAYS = 730;

/**
 * The clerk's payment request: the amount in euro as people write it ("80", "80,50",
 * "1.234,56", "80.50"), the reason (the causale, at most 140 characters for pagoPA), a due date
 * from today to two years ahead, a taxonomy code or blank for the procedure's, and the form's
 * one-time key.
 */
export function paymentRequestInput(today: string, latest: string) {
  return z
    .object({
      importo: z
        .string({ required_error: 'required' })
        .transform((value, ctx) => {
          const parsed = parseMoney(value.trim());
          if (!parsed.ok || parsed.cents < 1 || parsed.cents > MAX_PAYMENT_CENTS) {
            ctx.addIssue({ code: 'custom', message: 'amount' });
            return z.NEVER;
          }
          return parsed.cents;
        }),
      causale: text(3, 140),
      scadenza: z
        .string({ required_error: 'required' })
        .trim()
        .refine((value) => isCalendarDate(value) && value >= today && value <= latest),
      tassonomia: z
        .string()
        .trim()
        .toUpperCase()
        .optional()
        .transform((value) => value || null)
        .refine((value) => value === null || TAXONOMY_CODE_PATTERN.test(value)),
      chiave: z.string({ required_error: 'required' }).uuid(),
    })
    .passthrough();
}

// ---- the applicant's forms (POST)
export const applicantMessageInput = z.object({ testo: text(2, 5000) }).passthrough();
export const withdrawInput = z.object({ conferma: z.literal('yes'), motivo: z.string().trim().max(1000).optional() }).passthrough();

/** The message (key and parameters) that explains a refused field to a person. */
const FIELD_MESSAGES: Record<string, { key: string; params?: Record<string, number> }> = {
  testo: { key: 'backoffice.error.text', params: { min: 2, max: 5000 } },
  motivi: { key: 'backoffice.error.text', params: { min: 10, max: 5000 } },
  motivo: { key: 'backoffice.error.text', params: { min: 5, max: 2000 } },
  motivazione: { key: 'backoffice.error.text', params: { min: 10, max: 10_000 } },
  giorni: { key: 'backoffice.error.days' },
  esito: { key: 'backoffice.error.outcome' },
  azione: { key: 'kinds.error.outcome' },
  ufficio: { key: 'backoffice.error.office' },
  assegnatario: { key: 'backoffice.error.assignee' },
  conferma: { key: 'applicantCase.withdrawRequired' },
  importo: { key: 'backoffice.payments.error.amount' },
  causale: { key: 'backoffice.error.text', params: { min: 3, max: 140 } },
  scadenza: { key: 'backoffice.payments.error.dueDate' },
  tassonomia: { key: 'backoffice.payments.error.taxonomy' },
  chiave: { key: 'backoffice.payments.error.key' },
};

export interface FieldError {
  field: string;
  message: string;
}

/** One error per field, in the order of the issues; the integration text asks for 10 characters. */
export function fieldErrors(error: ZodError, t: (key: string, params?: Record<string, string | number>) => string, overrides: Record<string, { key: string; params?: Record<string, number> }> = {}): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const message = overrides[field] ?? FIELD_MESSAGES[field] ?? { key: 'backoffice.error.text', params: { min: 1, max: 5000 } };
    errors.push({ field, message: t(message.key, message.params) });
  }
  return errors;
}

export interface MultipartForm {
  body: Record<string, string>;
  uploads: StoredUpload[];
  refused: CaseUploadRefusedError[];
}

/** A clerk's or applicant's form: a few short fields (the longest text is 10,000 characters). */
const FORM_LIMITS = { fields: 50, fieldSize: 64 * 1024, textBytes: 256 * 1024, fileSize: MAX_FILE_MB * 1024 * 1024 };

/**
 * Reads a form that may carry files: the fields, and the files of `fileField` stored as they
 * stream in (types decided from the bytes). A plain urlencoded post gives fields only. A body
 * that fails midway (past a bound, cut short) leaves none of the files it brought.
 */
export async function readForm(request: FastifyRequest, storage: FileStorage, fileField: string, accept: readonly string[], maxFiles = MAX_FILES): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    const raw = (request.body as Record<string, unknown> | undefined) ?? {};
    const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    return { body, uploads: [], refused: [] };
  }
  const body: Record<string, string> = {};
  const uploads: StoredUpload[] = [];
  const refused: CaseUploadRefusedError[] = [];
  try {
    for await (const part of readParts(request, { ...FORM_LIMITS, files: maxFiles + 5 })) {
      if (part.kind === 'field') {
        body[part.name] = part.value;
        continue;
      }
      if (part.name !== fileField || !part.fileName) {
        part.stream.resume();
        continue;
      }
      if (uploads.length >= maxFiles) {
        part.stream.resume();
        if (!refused.some((r) => r.reason === 'tooMany')) refused.push(new CaseUploadRefusedError('tooMany', part.fileName));
        continue;
      }
      try {
        uploads.push(await storeCaseUpload(storage, part.stream, part.fileName, accept));
      } catch (error) {
        if (!(error instanceof CaseUploadRefusedError)) throw error;
        part.stream.resume();
        refused.push(error);
      }
    }
  } catch (error) {
    await discardUploads(storage, uploads);
    throw multipartError(error);
  }
  return { body, uploads, refused };
}

export function uploadErrors(refused: readonly CaseUploadRefusedError[], field: string, accept: readonly string[], t: (key: string, params?: Record<string, string | number>) => string): FieldError[] {
  return refused.map((r) => ({
    field,
    message: t(`backoffice.error.upload.${r.reason}`, {
      name: r.fileName,
      limit: MAX_FILE_MB,
      max: MAX_FILES,
      types: accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', '),
    }),
  }));
}
