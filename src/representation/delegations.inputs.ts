// The delegation forms: the person's (/area-personale/deleghe/nuova) and the clerk's paper
// registration (/backoffice/deleghe/nuova, multipart with two files). Each is parsed by one zod
// schema (a value no page sends is a 400); the rules (src/representation/delegations.rules.ts)
// and the service decide the rest, and each refused value becomes one message on its field.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../platform/errors.ts';
import { multipartError, readParts } from '../platform/multipart.ts';
import { CaseUploadRefusedError, MAX_FILE_MB, type StoredUpload } from '../backoffice/uploads.ts';
import { uploadErrors, type FieldError } from '../backoffice/backoffice.inputs.ts';
import type { Access, IdentityDocument, Scope } from './acting.ts';
import { DOCUMENT_TYPES, type GrantInput, type Issue, type IssueField, type PaperDelegatorInput } from './delegations.rules.ts';
import { PAPER_FILE_TYPES } from './delegations-paper.service.ts';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => (value ?? '').trim());
/** Codes people write with spaces or in lower case: a fiscal code, a document number. */
const code = text(40).transform((value) => value.toUpperCase().replace(/\s+/g, ''));
/** Checkboxes: absent, one value, or the name repeated. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().max(100)).max(300));

/** A choice: a select's placeholder sends '', an unticked radio nothing; both are unanswered. */
const choice = <const T extends [string, ...string[]]>(values: T) => z.preprocess((value) => (value === '' ? undefined : value), z.enum(values).optional());

export const SCOPE_CHOICES = { tutti: 'all', aree: 'areas', servizi: 'procedures' } as const;
export const ACCESS_CHOICES = { lettura: 'read', completo: 'full' } as const satisfies Record<string, Access>;

const grantShape = {
  delegato_cf: code,
  delegato_nome: text(200),
  delegato_cognome: text(200),
  ambito: choice(['tutti', 'aree', 'servizi']),
  aree: list,
  servizi: list,
  accesso: choice(['lettura', 'completo']),
  dal: text(20),
  al: text(20),
};

/** The person's form: whom, which procedures, which right, from when to when. */
export const grantForm = z.object(grantShape).passthrough();
export type GrantForm = z.infer<typeof grantForm>;

/** The clerk's form: the same, and the delegator and the identity document they showed. */
export const paperForm = z
  .object({
    ...grantShape,
    delegante_cf: code,
    delegante_nome: text(200),
    delegante_cognome: text(200),
    delegante_nascita: text(20),
    documento_tipo: choice(DOCUMENT_TYPES as [IdentityDocument['type'], ...IdentityDocument['type'][]]),
    documento_numero: code,
    documento_ente: text(200),
    documento_scadenza: text(20),
  })
  .passthrough();
export type PaperForm = z.infer<typeof paperForm>;

/** Parses a form; a value no page of the portal sends (a wrong choice, an endless text) is a 400. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new BadInputError([...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body')))]);
  return parsed.data;
}

/**
 * The grant the form asks for, and what it leaves unanswered (the scope or access not chosen:
 * then the input carries a stand-in that the rules pass, and the issues say what to choose).
 */
export function grantInputOf(form: GrantForm): { input: GrantInput; unanswered: Issue[] } {
  const unanswered: Issue[] = [];
  const kind = form.ambito ? SCOPE_CHOICES[form.ambito] : 'all';
  if (!form.ambito) unanswered.push({ field: 'scope', code: 'required' });
  if (!form.accesso) unanswered.push({ field: 'access', code: 'required' });
  const scope: Scope = kind === 'areas' ? { kind, areas: form.aree } : kind === 'procedures' ? { kind, slugs: form.servizi } : { kind: 'all' };
  return {
    input: {
      delegate: { fiscalCode: form.delegato_cf, givenName: form.delegato_nome, familyName: form.delegato_cognome },
      scope,
      access: form.accesso ? ACCESS_CHOICES[form.accesso] : 'read',
      validFrom: form.dal,
      validTo: form.al || null,
    },
    unanswered,
  };
}

/** The paper form's delegator and document (a document type not chosen is unanswered, its number then unchecked). */
export function paperPartsOf(form: PaperForm): { delegator: PaperDelegatorInput; document: IdentityDocument; unanswered: Issue[] } {
  return {
    delegator: { fiscalCode: form.delegante_cf, givenName: form.delegante_nome, familyName: form.delegante_cognome, birthDate: form.delegante_nascita },
    document: { type: form.documento_tipo ?? 'cie', number: form.documento_numero, issuer: form.documento_ente, expiresOn: form.documento_scadenza },
    unanswered: form.documento_tipo ? [] : [{ field: 'document.type', code: 'required' }],
  };
}

/** Each issue's form field (the name its input has). */
export const FORM_FIELDS: Record<IssueField, string> = {
  'delegate.fiscalCode': 'delegato_cf',
  'delegate.givenName': 'delegato_nome',
  'delegate.familyName': 'delegato_cognome',
  scope: 'ambito',
  'scope.areas': 'aree',
  'scope.procedures': 'servizi',
  access: 'accesso',
  validFrom: 'dal',
  validTo: 'al',
  'delegator.fiscalCode': 'delegante_cf',
  'delegator.givenName': 'delegante_nome',
  'delegator.familyName': 'delegante_cognome',
  'delegator.birthDate': 'delegante_nascita',
  'document.type': 'documento_tipo',
  'document.number': 'documento_numero',
  'document.issuer': 'documento_ente',
  'document.expiresOn': 'documento_scadenza',
  'files.form': 'modulo',
  'files.document': 'copia_documento',
};

const CHOICE_FIELDS = new Set<IssueField>(['scope', 'access', 'document.type']);

/** One message per field, in the order of the issues, in the request's language. */
export function issueErrors(issues: readonly Issue[], t: FastifyRequest['t']): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = FORM_FIELDS[issue.field];
    // a document number is checked against the type only once a type is chosen
    if (errors.some((e) => e.field === field) || (issue.field === 'document.number' && issues.some((i) => i.field === 'document.type'))) continue;
    const key = issue.code === 'required' && CHOICE_FIELDS.has(issue.field) ? 'delegations.error.choose' : `delegations.error.${issue.code}`;
    errors.push({ field, message: t(key, { field: t(`delegations.field.${field}`) }) });
  }
  return errors;
}

export interface PaperUpload {
  body: Record<string, string | string[]>;
  files: { form?: StoredUpload; document?: StoredUpload };
  errors: FieldError[];
}

const PAPER_LIMITS = { fields: 400, fieldSize: 4096, files: 4, fileSize: MAX_FILE_MB * 1024 * 1024, textBytes: 128 * 1024 };
const FILE_FIELDS = { modulo: 'form', copia_documento: 'document' } as const;

/**
 * Reads the clerk's multipart form: the fields (checkboxes repeated become lists) and the two
 * files, each stored as it streams in (`store`), its type decided from the bytes. A body that
 * fails midway leaves none of the files it brought (`discard`).
 */
export async function readPaperUpload(
  request: FastifyRequest,
  store: (stream: Readable, fileName: string) => Promise<StoredUpload>,
  discard: (uploads: StoredUpload[]) => Promise<void>,
  t: FastifyRequest['t'],
): Promise<PaperUpload> {
  // the form's enctype: a plain post carries no files and is no page's
  if (!request.isMultipart()) throw new BadInputError(['body']);
  const body: Record<string, string | string[]> = {};
  const files: PaperUpload['files'] = {};
  const refused: { field: string; error: CaseUploadRefusedError }[] = [];
  try {
    for await (const part of readParts(request, PAPER_LIMITS)) {
      if (part.kind === 'field') {
        const before = body[part.name];
        body[part.name] = before === undefined ? part.value : [...(Array.isArray(before) ? before : [before]), part.value];
        continue;
      }
      const which = Object.hasOwn(FILE_FIELDS, part.name) ? FILE_FIELDS[part.name as keyof typeof FILE_FIELDS] : undefined;
      if (!which || !part.fileName || files[which]) {
        part.stream.resume();
        continue;
      }
      try {
        files[which] = await store(part.stream, part.fileName);
      } catch (error) {
        if (!(error instanceof CaseUploadRefusedError)) throw error;
        part.stream.resume();
        refused.push({ field: part.name, error });
      }
    }
  } catch (error) {
    await discard(Object.values(files));
    throw multipartError(error);
  }
  const errors = refused.flatMap((r) => uploadErrors([r.error], r.field, PAPER_FILE_TYPES, t));
  for (const [field, which] of Object.entries(FILE_FIELDS)) {
    if (!files[which] && !errors.some((e) => e.field === field)) errors.push({ field, message: t('delegations.error.file', { field: t(`delegations.field.${field}`) }) });
  }
  return { body, files, errors };
}
