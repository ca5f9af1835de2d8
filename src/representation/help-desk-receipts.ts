// The receipts of the filings made at a help desk: "Invia la ricevuta per e-mail" writes a
// 'desk.receipt' notification in the outbox, to the address the person gave at the desk, once
// per filing and session (a double click sends one); the e-mail carries the receipt PDF (the
// attachment renderer registered here, for the portal and the worker process alike) and says
// how to find the filing online with SPID or CIE.
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { enqueueNotification, registerAttachmentRenderer } from '../notifications/index.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import { receiptPdf } from '../submissions/received-notice.ts';
import { filingChannels } from '../submissions/submissions.service.ts';
import * as repo from './help-desk.repository.ts';
import type { AssistedSessionView } from './registers.ts';

/** The session has no e-mail address to send the receipt to. */
export class NoEmailError extends ConflictError {
  override name = 'NoEmailError';
}

interface ReceiptsOptions {
  config: Pick<Config, 'protocol' | 'comune'>;
  clock: Clock;
  /** the operator's open session, 404 otherwise */
  openSession: (operatorFiscalCode: string, sessionId: string) => Promise<AssistedSessionView>;
}

export function createDeskReceipts(db: DB, options: ReceiptsOptions) {
  registerAttachmentRenderer('desk.receipt', async ({ db: reader, data, locale }) => {
    const filing = await filingChannels.assistedSessionFiling(reader, String(data.sessionId), String(data.publicId));
    if (!filing) return null;
    const { filename, content } = await receiptPdf(reader, options.config, filing, locale);
    return { filename, content, contentType: 'application/pdf' };
  });

  return {
    /**
     * E-mails the receipt of a filing made in the operator's open session to the address the
     * person gave; `created` is false when it had already been sent from this session.
     */
    async email(operatorFiscalCode: string, sessionId: string, publicId: string): Promise<{ email: string; created: boolean }> {
      const session = await options.openSession(operatorFiscalCode, sessionId);
      const email = session.person.email;
      if (!email) throw new NoEmailError('no e-mail address recorded at the desk');
      const filing = await filingChannels.assistedSessionFiling(db, sessionId, publicId);
      if (!filing) throw new NotFoundError('filing of the session');
      const [names, desk] = await Promise.all([procedureNames(db, [filing.procedure_id]), repo.findDesk(db, session.desk)]);
      const procedure = names.get(filing.procedure_id);
      if (!procedure || !desk) throw new NotFoundError('procedure or desk of the filing');
      const numbered = filing.protocol_number !== null && filing.protocol_year !== null;
      return db.transaction().execute(async (trx) => {
        const result = await enqueueNotification(trx, {
          kind: 'desk.receipt',
          recipientFiscalCode: session.person.fiscalCode,
          locale: filing.locale,
          dedupeKey: `desk-receipt:${sessionId}:${publicId}`,
          data: {
            email,
            procedureTitle: { it: procedure.title_it, en: procedure.title_en },
            ...(numbered ? { protocolNumber: `${protocolNumberText(filing.protocol_number!)}/${filing.protocol_year}`, protocolDate: romeDate(filing.received_at) } : {}),
            deskName: { it: desk.name_it, en: desk.name_en },
            fiscalCode: session.person.fiscalCode,
            link: `/area-personale/richieste/${publicId}`,
            sessionId,
            publicId,
          },
        });
        if (result.created) await repo.markReceiptEmailed(trx, sessionId, publicId, options.clock());
        return { email, created: result.created };
      });
    },
  };
}
