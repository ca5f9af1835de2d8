// The clerk's documents on a case: choose a template of the case's procedure, get its text
// merged with the case, edit it, preview it, and send it with the action it belongs to (the
// decision, an integration request, a notice of refusal) or as a letter. Sending registers the
// document in the protocol register as outgoing (same yearly counter as the filings), renders
// the PDF with that number and stores it, all inside the action's transaction: if the workflow
// table refuses the action or anything fails, no number is used and no file is left.
// With an external registry (src/protocol) the number is asked first, outside the transaction,
// under the form's send token: a repeated send gets the same number (docs/protocol.md).
import { createHash, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { BackofficeService, MakeDocument, StaffActor } from '../backoffice/backoffice.service.ts';
import { definitionOfVersion } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import type { SubmissionsService } from '../submissions/submissions.service.ts';
import * as repo from './documents.repository.ts';
import type { GeneratedDocumentRow } from './documents.table.ts';
import { mergeData, type MergeCase } from './merge-data.ts';
import { renderDocumentPdf } from './pdf.ts';
import { PURPOSES, purposeOf, type TemplateText } from './purposes.ts';
import { OutgoingNumberPendingError } from '../submissions/protocol-registry.ts';
import type { OutgoingRegistration } from '../submissions/protocol.ts';
import { createTemplatesService, effectiveTemplate, mergeText } from './templates.service.ts';

export interface DocumentsOptions {
  clock: Clock;
  storage: FileStorage;
  config: Pick<Config, 'comune' | 'protocol'>;
  backoffice: BackofficeService;
  registerOutgoing: SubmissionsService['registerOutgoing'];
  /** the external registry's synchronous numbering (undefined with the built-in register) */
  numberOutgoing?: SubmissionsService['numberOutgoing'] | undefined;
}

export interface SendInput extends TemplateText {
  purpose: string;
  /** the motivation or text the clerk writes (the decision's motivation, the request's text) */
  text: string;
  /** an integration request's reply period */
  replyDays?: number | undefined;
  /** the send token of the form (sendToken()): what an external registry dedupes on */
  token?: string | undefined;
}

/** A send token: 15 digits, drawn when the document form is shown, carried by it as a hidden field. */
export const sendToken = () => String(randomInt(10 ** 14, 2 ** 48));

const PDF_MAX = 20 * 1024 * 1024;

/** The decision a decision document is sent with. */
const DECISION_OUTCOMES = { 'decision-approved': 'approved', 'decision-rejected': 'rejected', 'decision-inadmissible': 'inadmissible' } as const;

/** The documents sent on a filing, with their storage keys (for the case's ZIP). */
export const documentsOfCase = (db: DB, submissionId: number) => repo.documentsOfSubmission(db, submissionId);

/**
 * The maker the case action calls in its transaction: the outgoing number, the PDF with it,
 * the file stored, the document's row. `stored` collects the keys to discard on failure.
 */
function maker(deps: { options: DocumentsOptions; pdfOf: PdfOf; numbered: OutgoingRegistration | undefined }, staff: StaffActor, c: CaseForDocument, input: SendInput, sentAs: GeneratedDocumentRow['sent_as'], version: number | null, stored: string[]): MakeDocument {
  const { options, pdfOf, numbered } = deps;
  return async (step) => {
    const trx = step.trx as Transaction<Database>;
    const recipient = c.merge.company ? `${c.merge.company.name} (${c.merge.applicant.name})` : c.merge.applicant.name;
    const protocol = await options.registerOutgoing(trx, { submissionId: step.c.submission_id, at: step.now, sender: c.merge.officeName, recipient, subject: input.title, fingerprints: numbered ? [textFingerprint(input)] : [], numbered });
    // an external registry numbers later (src/protocol): this document needs its number now
    if (!protocol) throw new OutgoingNumberPendingError('the outgoing number is given later by the external registry');
    const bytes = await pdfOf(c.merge, c.locale, input, protocol);
    const object = await options.storage.put(Readable.from([Buffer.from(bytes)]), PDF_MAX);
    stored.push(object.key);
    const name = `${input.purpose}-${protocolNumberText(protocol.number)}-${protocol.year}.pdf`;
    await repo.insertGeneratedDocument(trx, {
      submission_id: step.c.submission_id,
      purpose: input.purpose,
      sent_as: sentAs,
      template_version: version,
      title: input.title,
      body: input.body,
      protocol_year: protocol.year,
      protocol_number: protocol.number,
      registered_at: protocol.registeredAt,
      file_name: name,
      storage_key: object.key,
      sha256: object.sha256,
      size_bytes: object.size,
      created_by: staff.fiscalCode,
      created_by_name: staff.name,
    });
    return { key: object.key, name, size: object.size, sha256: object.sha256, contentType: 'application/pdf' };
  };
}


/** The document as an external registry registers it: its text (title and body, UTF-8), hashed. */
function textFingerprint(input: SendInput & { token?: string | undefined }): { name: string; sha256: string } {
  return { name: `${input.purpose}-${input.token ?? ''}.md`, sha256: createHash('sha256').update(`${input.title}\n\n${input.body}`).digest('hex') };
}

type PdfOf = (merge: MergeCase, locale: Locale, text: TemplateText, protocol: { year: number; number: number; registeredAt: Date } | null) => Promise<Uint8Array>;
interface CaseForDocument {
  locale: Locale;
  merge: MergeCase;
}

/** A case as the send sees it: the back office's view and the merge data. */
type CaseWithView = CaseForDocument & { view: Awaited<ReturnType<BackofficeService['caseView']>> };

/** The external registry's number, asked before the action (none with the built-in register). */
async function numberFirst(options: DocumentsOptions, c: CaseWithView, input: SendInput & { token: string }): Promise<OutgoingRegistration | undefined> {
  if (!options.numberOutgoing) return undefined;
  const f = c.view.filing;
  const fingerprint = textFingerprint(input);
  return options.numberOutgoing({
    token: input.token,
    at: options.clock(),
    subject: input.title,
    recipient: { givenName: f.applicant.givenName, familyName: f.applicant.familyName, fiscalCode: f.applicant.fiscalCode, company: f.company },
    document: { name: fingerprint.name, mimeType: 'text/markdown', sha256: fingerprint.sha256 },
  });
}

/** Whether the document with this number is on the case already; another case's: refused. */
async function alreadySent(db: DB, c: CaseWithView, numbered: OutgoingRegistration): Promise<boolean> {
  const existing = await repo.documentWithProtocol(db, numbered.year, numbered.number);
  if (!existing) return false;
  if (Number(existing.submission_id) !== Number(c.view.case.submission_id)) throw new ConflictError('the send token belongs to a document of another case');
  return true;
}

export function createDocumentsService(db: DB, options: DocumentsOptions) {
  const { backoffice, storage, config } = options;
  const templates = createTemplatesService(db, { clock: options.clock, comuneName: config.comune.name });

  /** The case as the clerk may see it (404 for another office's) and what a template merges with. */
  async function caseOf(staff: StaffActor, publicId: string) {
    const view = await backoffice.caseView(staff, publicId);
    const locale: Locale = view.filing.locale;
    const definition = await definitionOfVersion(db, view.case.procedure_id, view.filing.procedure_version);
    const f = view.filing;
    const merge: MergeCase = {
      protocol: f.protocol_year && f.protocol_number ? { year: f.protocol_year, number: f.protocol_number } : null,
      receivedAt: view.case.received_at,
      procedureTitle: locale === 'it' ? view.procedure.title_it : view.procedure.title_en,
      officeName: (locale === 'it' ? view.office?.name_it : view.office?.name_en) ?? view.case.office_code,
      responsible: staff.name,
      applicant: { name: `${f.applicant.givenName} ${f.applicant.familyName}`, fiscalCode: f.applicant.fiscalCode, email: f.applicant.email },
      company: f.company,
      dueDate: view.case.due_date,
      answers: f.answers as MergeCase['answers'],
      form: definition?.form,
    };
    return { view, locale, merge };
  }

  const dataFor = (merge: MergeCase, locale: Locale, text: string) => mergeData(merge, { text, today: romeDate(options.clock()), comune: config.comune.name, locale });

  const pdfOf: PdfOf = (merge, locale, text, protocol) => {
    return renderDocumentPdf({ comuneName: config.comune.name, officeName: merge.officeName, title: text.title, body: text.body, protocol, segnatura: config.protocol, signer: merge.responsible, locale });
  };

  return {
    templates,

    /** The documents sent on a case the caller already may see, as its page lists them. */
    listOfCase: (submissionId: number) => repo.documentsOfSubmission(db, submissionId),

    /** The case's templates (its procedure's, in its language) and the documents sent on it. */
    async caseDocuments(staff: StaffActor, publicId: string) {
      const c = await caseOf(staff, publicId);
      const saved = await templates.procedureTemplates(c.view.case.procedure_id);
      return {
        view: c.view,
        locale: c.locale,
        purposes: PURPOSES.map((p) => ({ key: p.key, name: p.name, sendAs: p.sendAs, version: saved.purposes.find((s) => s.key === p.key)!.locales.find((l) => l.locale === c.locale)!.version })),
        documents: await repo.documentsOfSubmission(db, c.view.case.submission_id),
      };
    },

    /** The template of `purpose` merged with the case and the clerk's text. */
    async compose(staff: StaffActor, publicId: string, purpose: string, text: string) {
      if (!purposeOf(purpose)) throw new NotFoundError('purpose');
      const c = await caseOf(staff, publicId);
      const saved = (await templates.template(c.view.case.procedure_id, purpose, c.locale)).versions;
      const template = effectiveTemplate(saved, purpose, c.locale);
      return { ...mergeText(template, dataFor(c.merge, c.locale, text)), version: template.version, view: c.view, locale: c.locale };
    },

    /** The PDF as it will look, without a number (none is used by a preview). */
    async previewPdf(staff: StaffActor, publicId: string, text: TemplateText): Promise<Uint8Array> {
      const c = await caseOf(staff, publicId);
      return pdfOf(c.merge, c.locale, text, null);
    },

    /** Sends the document with its action; returns nothing, the case page shows it. */
    async send(staff: StaffActor, publicId: string, sendInput: SendInput, version: number | null = null): Promise<void> {
      const input = { ...sendInput, token: sendInput.token ?? sendToken() };
      const purpose = purposeOf(input.purpose);
      if (!purpose) throw new NotFoundError('purpose');
      const c = await caseOf(staff, publicId);
      const stored: string[] = [];
      const numbered = await numberFirst(options, c, input);
      // a send repeated after it went through (a double submit): the registry gave the same number
      if (numbered && (await alreadySent(db, c, numbered))) return;
      const deps = { options, pdfOf, numbered };
      try {
        switch (purpose.sendAs) {
          case 'decision-approved':
          case 'decision-rejected':
          case 'decision-inadmissible':
            await backoffice.decide(staff, publicId, { outcome: DECISION_OUTCOMES[purpose.sendAs], motivation: input.text, document: null, make: maker(deps, staff, c, input, 'decision', version, stored) });
            break;
          case 'conformation':
            await backoffice.requestConformation(staff, publicId, { text: input.text, days: input.replyDays ?? 30, make: maker(deps, staff, c, input, 'conformation', version, stored) });
            break;
          case 'prohibition':
            await backoffice.prohibit(staff, publicId, { motivation: input.text, make: maker(deps, staff, c, input, 'decision', version, stored) });
            break;
          case 'integration':
            await backoffice.requestIntegration(staff, publicId, { text: input.text, replyDays: input.replyDays ?? 30, make: maker(deps, staff, c, input, 'integration', version, stored) });
            break;
          case 'refusal':
            await backoffice.notifyRefusal(staff, publicId, { text: input.text, make: maker(deps, staff, c, input, 'refusal', version, stored) });
            break;
          case 'letter':
            await backoffice.officeMessage(staff, publicId, { text: input.text, files: [], make: maker(deps, staff, c, input, 'letter', version, stored) });
            break;
        }
      } catch (error) {
        await Promise.all(stored.map((key) => storage.delete(key).catch(() => {})));
        // two sends of one form at once: the other one sent it with this number
        if (numbered && (await alreadySent(db, c, numbered))) return;
        // else the number stays registered in the comune's system; a retry with the token reuses it
        throw error;
      }
    },

    /** A sent document's PDF, for a clerk of the case's office. */
    async documentFile(staff: StaffActor, publicId: string, id: number) {
      const view = await backoffice.caseView(staff, publicId);
      const row = await repo.generatedDocument(db, view.case.submission_id, id);
      if (!row) throw new NotFoundError('document');
      return { row, stream: await storage.get(row.storage_key) };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
