// The wallet's pages in the personal area (/area-personale/documenti): the person's documents
// with the upload form and their filings' attachments to save, a document's download, the
// deletion with its confirmation page, and "save to my documents" from a filing's attachment.
// Each route parses its input, calls the wallet service, and renders or redirects (303). The
// wallet is always the logged-in person's own: another person's id answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FILE_DEFAULTS, formatDate, formatFileSize } from '../forms/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { DEFAULT_LIMITS, readParts } from '../platform/multipart.ts';
import { UploadRefusedError } from '../submissions/submissions.service.ts';
import { personOr } from '../submissions/request-applicant.ts';
import { documentFacts, factErrors, INPUT_IDS, saveFromFilingBody, UUID, type FactsInput } from './wallet.inputs.ts';
import { KEEP_AFTER_EXPIRY_MONTHS, type WalletDocument, type WalletService } from './wallet.service.ts';

type StoredUpload = Awaited<ReturnType<WalletService['storeUpload']>>;
import { WALLET_KINDS } from './wallet.table.ts';

export const WALLET_PATH = '/area-personale/documenti';
type IdRoute = { Params: { id: string } };
/** One document and a few short text fields: nothing more is read from the upload form. */
const UPLOAD_LIMITS = { ...DEFAULT_LIMITS, fields: 10, files: 1, fieldSize: 1000, textBytes: 10_000 };
const NOTICES: Record<string, string> = { salvato: 'wallet.notice.saved', eliminato: 'wallet.notice.deleted' };

const actingForOthers = (request: FastifyRequest) => Boolean(request.acting && request.acting.choice.kind !== 'self');

/**
 * The upload form's parts as they stream in: the text fields, and the file stored with the
 * uploads' checks (a refusal is kept to be shown); a body that fails midway leaves nothing.
 */
async function readUploadForm(request: FastifyRequest, wallet: WalletService) {
  const values: Record<string, string> = {};
  let stored: StoredUpload | null = null;
  let refused: UploadRefusedError | null = null;
  try {
    for await (const part of readParts(request, UPLOAD_LIMITS)) {
      if (part.kind === 'field') {
        values[part.name] = part.value;
        continue;
      }
      if (part.name !== 'documento' || !part.fileName || stored || refused) {
        part.stream.resume();
        continue;
      }
      try {
        stored = await wallet.storeUpload({ stream: part.stream, fileName: part.fileName });
      } catch (error) {
        if (!(error instanceof UploadRefusedError)) throw error;
        part.stream.resume();
        refused = error;
      }
    }
  } catch (error) {
    if (stored) await wallet.discard(stored.storageKey);
    throw error;
  }
  return { values, stored: stored as StoredUpload | null, refused: refused as UploadRefusedError | null };
}

export default async function walletRoutes(app: FastifyInstance) {
  const wallet = app.services.wallet;

  function documentView(request: FastifyRequest, d: WalletDocument) {
    return {
      id: d.id,
      title: d.title,
      kind: request.t(`wallet.kind.${d.kind}`),
      fileText: `${d.original_name} (${formatFileSize(d.size_bytes, request.locale)})`,
      expiresText: d.expires_on ? (d.expired ? request.t('wallet.list.expired', { date: formatDate(d.expires_on) }) : formatDate(d.expires_on)) : request.t('wallet.list.noExpiry'),
      expired: d.expired,
      added: d.created_at,
      sourceText: d.source === 'filing' ? request.t('wallet.source.filing', { protocol: d.source_protocol ?? '' }) : request.t('wallet.source.upload'),
    };
  }

  async function renderWallet(request: FastifyRequest, reply: FastifyReply, form: { values: Partial<FactsInput>; errors: ReturnType<typeof factErrors>; fileName?: string } = { values: {}, errors: [] }, status = 200) {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const person = { fiscalCode: request.user!.fiscalCode };
    const [documents, attachments] = await Promise.all([wallet.list(person), actingForOthers(request) ? [] : wallet.filingAttachments(applicant)]);
    const notice = NOTICES[(request.query as Record<string, string> | undefined)?.esito ?? ''];
    // the upload's refusals speak of the file by name, its limit and the types (journey.uploadRefused.*)
    const textOf = (key: string) => request.t(key, { name: form.fileName ?? '', limit: FILE_DEFAULTS.maxSizeMb, types: 'PDF, JPEG, PNG', max: 1, total: 1 });
    const errorOf = (field: keyof typeof INPUT_IDS) => {
      const key = form.errors.find((e) => e.field === field)?.key;
      return key ? textOf(key) : null;
    };
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .view('wallet/index.njk', {
        areaCurrent: WALLET_PATH,
        notice: notice ? request.t(notice) : null,
        actingNote: actingForOthers(request),
        documents: documents.map((d) => documentView(request, d)),
        attachments,
        kinds: WALLET_KINDS.map((value) => ({ value, label: request.t(`wallet.kind.${value}`) })),
        values: form.values,
        ids: INPUT_IDS,
        errors: { kind: errorOf('kind'), title: errorOf('title'), expiresOn: errorOf('expiresOn'), file: errorOf('file') },
        errorSummary: form.errors.length ? { title: request.t('wallet.error.title'), items: form.errors.map((e) => ({ href: `#${INPUT_IDS[e.field]}`, text: textOf(e.key) })) } : null,
        limitMb: FILE_DEFAULTS.maxSizeMb,
        retention: request.t('wallet.retention', { months: KEEP_AFTER_EXPIRY_MONTHS }),
        // the CSRF token is the form's first field, read by readParts (src/platform/multipart-csrf.ts)
        uploadAction: WALLET_PATH,
      });
  }

  app.get(WALLET_PATH, async (request, reply) => renderWallet(request, reply));

  app.post(WALLET_PATH, async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    if (!request.isMultipart()) throw new NotFoundError('wallet upload');
    const { values, stored, refused } = await readUploadForm(request, wallet);
    const parsed = documentFacts.safeParse(values);
    const formValues = { kind: values.kind, title: values.title, expiresOn: values.expiresOn } as Partial<FactsInput>;
    if (!parsed.success || !stored) {
      if (stored) await wallet.discard(stored.storageKey);
      const fileProblem = refused ? `journey.uploadRefused.${refused.reason}` : stored ? null : 'wallet.error.file';
      const errors = factErrors(parsed.success ? null : parsed.error, fileProblem);
      return renderWallet(request, reply, { values: formValues, errors, ...(refused ? { fileName: refused.fileName } : {}) }, 422);
    }
    await wallet.addUpload({ fiscalCode: request.user!.fiscalCode }, stored, parsed.data);
    return reply.redirect(`${WALLET_PATH}?esito=salvato`, 303);
  });

  app.get<IdRoute>(`${WALLET_PATH}/:id/file`, async (request, reply) => {
    if (!personOr(request, reply)) return reply;
    if (!UUID.test(request.params.id)) throw new NotFoundError('wallet document');
    const { document, stream } = await wallet.download({ fiscalCode: request.user!.fiscalCode }, request.params.id);
    return reply
      .header('content-type', document.content_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.original_name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(stream);
  });

  app.get<IdRoute>(`${WALLET_PATH}/:id/elimina`, async (request, reply) => {
    if (!personOr(request, reply)) return reply;
    if (!UUID.test(request.params.id)) throw new NotFoundError('wallet document');
    const document = await wallet.get({ fiscalCode: request.user!.fiscalCode }, request.params.id);
    return reply.header('cache-control', 'no-store').view('wallet/delete.njk', { areaCurrent: WALLET_PATH, document: documentView(request, document) });
  });

  app.post<IdRoute>(`${WALLET_PATH}/:id/elimina`, async (request, reply) => {
    if (!personOr(request, reply)) return reply;
    if (!UUID.test(request.params.id)) throw new NotFoundError('wallet document');
    await wallet.remove({ fiscalCode: request.user!.fiscalCode }, request.params.id);
    return reply.redirect(`${WALLET_PATH}?esito=eliminato`, 303);
  });

  app.post(`${WALLET_PATH}/da-richiesta`, async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    // only ids come from this form (buttons), so bad ones are a forged request: not found
    const parsed = saveFromFilingBody.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('attachment');
    await wallet.saveFromFiling(applicant, parsed.data.publicId, parsed.data.attachmentId);
    return reply.redirect(`${WALLET_PATH}?esito=salvato`, 303);
  });
}
