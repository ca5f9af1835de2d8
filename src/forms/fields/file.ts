// Field type "file": documents attached to the application. Uploading happens elsewhere (the
// upload service stores the bytes, decides the content type from them and adds a reference
// to the draft's answers); this module checks the list of references: count (required,
// min, max), accepted content types and size limit.
// A field may ask for digitally signed files (`signature`): the upload service verifies the
// signature and notes it on the reference; this module checks it is there where required.
// min, max), accepted content types and size limit. Inside a group item ("componenti[1].documento")
// the references are those kept at that place of the stored answers (item-paths.ts).
import { z } from 'zod';
import { SIGNATURE_STATUSES, type FileRef, type FileSignature } from '../answers.ts';
import { inputId } from '../inputs.ts';
import { answerAt, inputPath } from '../item-paths.ts';
import { t, type Locale } from '../messages.ts';
import { formatNumber } from '../numbers.ts';
import { formatFileSize } from '../../platform/format.ts';
import { boundsConfig, PRESENCE_OPERATORS } from './factories.ts';
import { answerSchema, baseView, identityFocus } from './shared.ts';
import type { FieldDefinition } from '../definition.ts';
import type { FieldModule, FileView } from './types.ts';

export const fileRefSchema = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().min(1).max(255),
    size: z.number().int().nonnegative(),
    contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    signature: z
      .object({ status: z.enum(SIGNATURE_STATUSES), signer: z.string().max(300).nullable(), contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/) })
      .strict()
      .optional(),
  })
  .strict();

/** The type a field's `accept` list is checked against: what was signed, for a signed file. */
const acceptedType = (file: FileRef): string => file.signature?.contentType ?? file.contentType;

/** "firmato da Mario Rossi", with the status when the signature is not fully valid. */
export function signatureText(signature: FileSignature, locale: Locale): string {
  const by = t(locale, 'fileSignedBy', { signer: signature.signer ?? '?' });
  return signature.status === 'valid' ? by : `${by} (${t(locale, `fileSignature_${signature.status}`)})`;
}

export { formatFileSize };

const asList = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : []);

export const fileConfig = {
  ...boundsConfig,
  /** accepted content types, decided from the bytes, and the size limit per file */
  accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1).optional(),
  maxSizeMb: z.number().positive().max(50).optional(),
  /**
   * the field wants digitally signed files: "required" takes only a .p7m (CAdES) or a signed
   * PDF (PAdES), "accepted" takes them beside unsigned files; `accept` then lists what may be
   * signed (a .p7m's content)
   */
  signature: z.enum(['required', 'accepted']).optional(),
};

/**
 * The types and size a file field takes when its definition says nothing: the upload service
 * (src/submissions/uploads.service.ts) refuses by the same defaults.
 */
export const FILE_DEFAULTS = { accept: ['application/pdf', 'image/jpeg', 'image/png'] as readonly string[], maxSizeMb: 10 };

/**
 * Whether a file already stored (a saved document, its type read from its bytes when it was
 * stored) fits a file field: a type the field accepts, within its size limit. A field that
 * requires signed files takes only what the upload verifies, so never a stored file.
 */
export function storedFileFits(field: FieldDefinition, file: { contentType: string; size: number }): boolean {
  if (field.type !== 'file' || field.signature === 'required') return false;
  const accept = field.accept ?? FILE_DEFAULTS.accept;
  const maxBytes = (field.maxSizeMb ?? FILE_DEFAULTS.maxSizeMb) * 1024 * 1024;
  return accept.includes(file.contentType) && file.size > 0 && file.size <= maxBytes;
}

export const fileType: FieldModule<FileRef[], unknown[], typeof fileConfig> = {
  kind: 'file',
  config: fileConfig,
  // a routing rule cannot read documents
  capabilities: { value: 'files', inGroup: true, operators: PRESENCE_OPERATORS, fees: [], routing: false, sample: [] },
  // the body carries no file references: they come from the draft, kept by the upload service
  read: (_body, name, _field, ctx) => {
    const path = inputPath(name);
    return asList(path ? answerAt(ctx.previous, path) : undefined);
  },
  isBlank: (raw) => raw.length === 0,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: (raw) => raw.length === 0,
      coerce: asList,
      requiredMessage: t(ctx.locale, 'fileRequired', { label }),
      parse: (raw, report) => {
        const files: FileRef[] = [];
        for (const item of raw) {
          const parsed = fileRefSchema.safeParse(item);
          if (!parsed.success) return report(t(ctx.locale, 'fileInvalid', { label }));
          const file = parsed.data;
          if (field.accept && !field.accept.includes(acceptedType(file))) report(t(ctx.locale, 'fileType', { label, name: file.name }));
          // the upload refuses these already; a definition changed since the upload is caught here
          if (field.signature === 'required' && !file.signature) report(t(ctx.locale, 'fileUnsigned', { label, name: file.name }));
          if (field.signature && file.signature?.status === 'invalid') report(t(ctx.locale, 'fileSignatureInvalid', { name: file.name }));
          if (field.maxSizeMb !== undefined && file.size > field.maxSizeMb * 1024 * 1024) {
            report(t(ctx.locale, 'fileSize', { name: file.name, max: formatNumber(field.maxSizeMb, ctx.locale) }));
          }
          files.push(file);
        }
        if (field.min !== undefined && files.length < field.min) report(t(ctx.locale, 'fileMin', { label, min: field.min }));
        if (field.max !== undefined && files.length > field.max) report(t(ctx.locale, 'fileMax', { label, max: field.max }));
        return files;
      },
    });
  },
  toInput: (answer) => answer,
  view: (input): FileView => {
    const files = (input.value ?? []).flatMap((item) => {
      const parsed = fileRefSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
    return {
      ...baseView(input, 'file'),
      kind: 'file',
      id: inputId(input.name),
      files: files.map((file) => ({
        id: file.id,
        name: file.name,
        sizeText: formatFileSize(file.size, input.locale),
        signedText: file.signature ? signatureText(file.signature, input.locale) : null,
        remove: { name: '_action', value: `removeFile:${input.name}:${file.id}`, label: t(input.locale, 'fileRemove'), hiddenLabel: file.name },
      })),
      noneText: t(input.locale, 'fileNone'),
      uploadLabel: t(input.locale, 'fileUpload'),
      // the file picker's hint: a signed file may come as a .p7m besides the types listed
      accept: input.field.accept ? [...input.field.accept, ...(input.field.signature ? ['.p7m', 'application/pkcs7-mime'] : [])].join(',') : null,
      signatureText: input.field.signature ? t(input.locale, input.field.signature === 'required' ? 'fileSignatureRequired' : 'fileSignatureAccepted') : null,
      multiple: input.field.max === undefined || input.field.max > 1,
      defaultSubmitLabel: t(input.locale, 'continue'),
    };
  },
  summary: (answer, _field, locale) =>
    answer.map((file) => `${file.name} (${formatFileSize(file.size, locale)})${file.signature ? `, ${signatureText(file.signature, locale)}` : ''}`),
  focusPath: identityFocus,
};
