// The "received" message of a filing: written into the notifications outbox in the same
// transaction that gives the filing its protocol number (the message carries the number, and
// a filing that committed is always numbered, so none is lost), with the receipt PDF attached
// when the e-mail is sent.
import { officeByCode, procedureNames } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { enqueueNotifications, registerAttachmentRenderer } from '../notifications/index.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate } from '../platform/time.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import type { NumberedHook } from './protocol.ts';
import { protocolOf } from './protocol.repository.ts';
import { protocolNumberText, renderReceipt } from './receipt.ts';
import * as repo from './submissions.repository.ts';
import type { SubmissionRow } from './submissions.table.ts';

/** The offices of a batch by code (a batch names a few offices, however many filings). */
type Office = NonNullable<Awaited<ReturnType<typeof officeByCode>>>;

async function officesOf(db: DB, codes: readonly string[]): Promise<Map<string, Office>> {
  const found = await Promise.all([...new Set(codes)].map((code) => officeByCode(db, code)));
  return new Map(found.filter((office) => office !== undefined).map((office) => [office.code, office]));
}

export const enqueueReceivedNotices: NumberedHook = async (trx, filings) => {
  const rows = await repo.receivedNoticeData(trx, filings.map((f) => f.submissionId));
  const [procedures, offices] = await Promise.all([procedureNames(trx, rows.map((row) => row.procedure_id)), officesOf(trx, rows.map((row) => row.office_code))]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // one batch of messages for the whole numbering batch (a few statements, not a few per filing)
  await enqueueNotifications(
    trx,
    filings.flatMap((filing) => {
      const row = byId.get(filing.submissionId);
      const procedure = row && procedures.get(row.procedure_id);
      const office = row && offices.get(row.office_code);
      if (!row || !procedure || !office) return [];
      const data = {
        procedureTitle: { it: procedure.title_it, en: procedure.title_en },
        protocolNumber: `${protocolNumberText(filing.number)}/${filing.year}`,
        protocolDate: romeDate(filing.registeredAt),
        link: `/area-personale/richieste/${row.public_id}`,
        deadlineDate: row.due_date,
        officeName: { it: office.name_it, en: office.name_en },
        submissionId: row.id,
      };
      const notice = (recipientFiscalCode: string, dedupeKey: string) => ({ kind: 'submission.received' as const, recipientFiscalCode, locale: row.locale, dedupeKey, data });
      // the applicant, and whoever filed for them (a delegate, a professional); a help-desk
      // operator is staff, and the person at the desk gets the receipt there
      const filedForAnother = row.filer_fiscal_code && row.filer_fiscal_code !== row.applicant_fiscal_code && row.channel === 'online';
      return [notice(row.applicant_fiscal_code, `submission:${row.id}:received`), ...(filedForAnother ? [notice(row.filer_fiscal_code, `submission:${row.id}:received:filer`)] : [])];
    }),
  );
};

/** The receipt PDF of a filing, as the person downloads it and as the e-mail attaches it. */
export async function receiptPdf(db: DB, config: Pick<Config, 'protocol' | 'comune'>, submission: SubmissionRow, locale: Locale): Promise<{ filename: string; content: Uint8Array }> {
  const [procedures, attachments, protocol, office] = await Promise.all([
    procedureNames(db, [submission.procedure_id]),
    attachmentsRepo.submissionAttachments(db, submission.id),
    protocolOf(db, submission.id),
    officeByCode(db, submission.office_code),
  ]);
  const procedure = procedures.get(submission.procedure_id);
  if (!procedure) throw new Error(`procedure of filing ${submission.id} missing`);
  const content = await renderReceipt({
    submission,
    protocol,
    procedureTitle: locale === 'it' ? procedure.title_it : procedure.title_en,
    procedureVersion: submission.procedure_version,
    officeName: office ? (locale === 'it' ? office.name_it : office.name_en) : submission.office_code,
    attachments,
    segnatura: config.protocol,
    comuneName: config.comune.name,
    locale,
  });
  const filename = protocol ? `ricevuta-${protocol.year}-${protocolNumberText(protocol.number)}.pdf` : 'ricevuta.pdf';
  return { filename, content };
}

/** Lets the e-mail channel attach the receipt (the portal and the worker process both call it). */
export function registerReceiptAttachment(config: Config): void {
  registerAttachmentRenderer('submission.received', async ({ db, data, locale }) => {
    const submission = await repo.findSubmissionById(db, Number(data.submissionId));
    if (!submission) return null;
    const { filename, content } = await receiptPdf(db, config, submission, locale);
    return { filename, content, contentType: 'application/pdf' };
  });
}
