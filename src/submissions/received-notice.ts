// The "received" message of a filing: written into the notifications outbox in the same
// transaction that gives the filing its protocol number (the message carries the number, and
// a filing that committed is always numbered, so none is lost), with the receipt PDF attached
// when the e-mail is sent.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { enqueueNotifications, registerAttachmentRenderer } from '../notifications/index.ts';
import type { Locale } from '../platform/i18n.ts';
import * as catalogueRepo from '../catalogue/catalogue.repository.ts';
import type { NumberedHook } from './protocol.ts';
import { protocolNumberText, renderReceipt } from './receipt.ts';
import * as repo from './submissions.repository.ts';
import type { SubmissionRow } from './submissions.table.ts';

// built once: the registrar numbers filings in batches, and a formatter costs more to build than to use
const ROME_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' });

export const enqueueReceivedNotices: NumberedHook = async (trx, filings) => {
  const rows = await repo.receivedNoticeData(trx, filings.map((f) => f.submissionId));
  const byId = new Map(rows.map((row) => [row.id, row]));
  // one batch of messages for the whole numbering batch (a few statements, not a few per filing)
  await enqueueNotifications(
    trx,
    filings.flatMap((filing) => {
      const row = byId.get(filing.submissionId);
      if (!row) return [];
      return [
        {
          kind: 'submission.received' as const,
          recipientFiscalCode: row.applicant_fiscal_code,
          locale: row.locale,
          dedupeKey: `submission:${row.id}:received`,
          data: {
            procedureTitle: { it: row.title_it, en: row.title_en },
            protocolNumber: `${protocolNumberText(filing.number)}/${filing.year}`,
            protocolDate: ROME_DATE.format(filing.registeredAt),
            link: `/area-personale/richieste/${row.public_id}`,
            deadlineDate: row.due_date,
            officeName: { it: row.office_it, en: row.office_en },
            submissionId: row.id,
          },
        },
      ];
    }),
  );
};

/** The receipt PDF of a filing, as the person downloads it and as the e-mail attaches it. */
export async function receiptPdf(db: DB, config: Config, submission: SubmissionRow, locale: Locale): Promise<{ filename: string; content: Uint8Array }> {
  const [procedure, attachments, protocol, office] = await Promise.all([
    db.selectFrom('procedures').select(['title_it', 'title_en']).where('id', '=', submission.procedure_id).executeTakeFirstOrThrow(),
    repo.submissionAttachments(db, submission.id),
    repo.protocolOf(db, submission.id),
    catalogueRepo.findOffice(db, submission.office_code),
  ]);
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
