// The digital domicile of a recipient and what became of each notice with legal value sent
// there. `find` asks the registers (INAD, INI-PEC) unless a recent answer is at hand, and keeps
// every answer as the record of which address was used, from which register, when. The PEC
// channel records each notice it sent (or that the recipient has no domicile), and the receipt
// reader each receipt of the provider, once, on the notice's row and on the case's log.
import type { DB } from '../db/database.ts';
import { appendCaseFact } from '../backoffice/case-facts.ts';
import type { Clock } from '../platform/time.ts';
import type { DomicileRegistry } from './domicile-registry.ts';
import * as repo from './domicile.repository.ts';
import type { DomicileLookupRow, PecStatus, ReceiptKind } from './domicile.table.ts';

/** The kind of case-log event the domicile writes (case-page.ts and the applicant's timeline read it). */
export const DOMICILE_EVENT = 'domicile';

/** What a receipt says of the message: the status it moves to (null: recorded, no change). */
const STATUS_AFTER: Record<ReceiptKind, PecStatus | null> = {
  accettazione: 'accepted',
  'non-accettazione': 'not-accepted',
  'presa-in-carico': null,
  'avvenuta-consegna': 'delivered',
  'errore-consegna': 'delivery-error',
  'preavviso-errore-consegna': null,
  'rilevazione-virus': 'delivery-error',
};
/** An acceptance arriving after the outcome does not move it back. */
const FINAL: readonly PecStatus[] = ['delivered', 'delivery-error', 'not-accepted'];

export interface NoticeRef {
  deliveryId: number;
  notificationId: number;
  recipientFiscalCode: string;
  submissionId: number | null;
}

export interface ReceiptInput {
  kind: ReceiptKind;
  /** X-Riferimento-Message-ID: the Message-ID of the portal's message */
  refMessageId: string;
  receiptMessageId: string | null;
  receiptDate: Date | null;
  subject: string | null;
}

export function createDomicileService(db: DB, options: { clock: Clock; registry: DomicileRegistry | null; cacheSeconds: number }) {
  const { clock } = options;

  async function onCase(trx: Parameters<typeof appendCaseFact>[0], submissionId: number | null, data: Record<string, unknown>) {
    if (submissionId !== null) await appendCaseFact(trx, submissionId, { kind: DOMICILE_EVENT, at: clock(), data });
  }

  return {
    configured: options.registry !== null,

    /** The recipient's domicile: a recent answer, or the registers' (throws DomicileUnavailableError). */
    async find(fiscalCode: string, reference: string): Promise<DomicileLookupRow> {
      const code = fiscalCode.trim().toUpperCase();
      const now = clock();
      const cached = options.cacheSeconds > 0 ? await repo.recentLookup(db, code, new Date(now.getTime() - options.cacheSeconds * 1000)) : undefined;
      if (cached) return cached;
      if (!options.registry) throw new Error('no domicile registry configured');
      const found = await options.registry.lookup(code, reference);
      return repo.insertLookup(db, { fiscalCode: code, register: found?.register ?? null, address: found?.address ?? null, profession: found?.profession ?? null, at: clock() });
    },

    /** The notice's row if it was already handled (a resend after a crash finds it). */
    handled: (deliveryId: number) => repo.pecMessageByDelivery(db, deliveryId),

    async recordSent(notice: NoticeRef, lookup: DomicileLookupRow, messageId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const id = await repo.insertPecMessage(trx, { ...notice, lookupId: lookup.id, address: lookup.address, register: lookup.register, messageId, status: 'sent', at: clock() });
        if (id !== undefined) await onCase(trx, notice.submissionId, { status: 'sent', address: lookup.address, register: lookup.register, lookedUpAt: lookup.looked_up_at.toISOString(), messageId });
      });
    },

    async recordNoDomicile(notice: NoticeRef, lookup: DomicileLookupRow): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const id = await repo.insertPecMessage(trx, { ...notice, lookupId: lookup.id, address: null, register: null, messageId: null, status: 'no-domicile', at: clock() });
        if (id !== undefined) await onCase(trx, notice.submissionId, { status: 'no-domicile', lookedUpAt: lookup.looked_up_at.toISOString() });
      });
    },

    /**
     * Records a receipt on its message and the case, once per message and kind. 'unmatched': no
     * message of the portal has that Message-ID (yet: the row may still be committing).
     */
    async recordReceipt(receipt: ReceiptInput): Promise<'recorded' | 'duplicate' | 'unmatched'> {
      return db.transaction().execute(async (trx) => {
        const message = await repo.lockPecMessageByMessageId(trx, receipt.refMessageId);
        if (!message) return 'unmatched';
        const now = clock();
        const fresh = await repo.insertReceipt(trx, { pecMessageId: message.id, kind: receipt.kind, receiptMessageId: receipt.receiptMessageId, receiptDate: receipt.receiptDate, subject: receipt.subject?.slice(0, 500) ?? null, at: now });
        if (!fresh) return 'duplicate';
        const next = STATUS_AFTER[receipt.kind];
        if (next && !(FINAL.includes(message.status) && next === 'accepted')) await repo.setPecStatus(trx, message.id, next, now);
        await onCase(trx, message.submission_id === null ? null : Number(message.submission_id), { status: receipt.kind, address: message.address, at: (receipt.receiptDate ?? now).toISOString() });
        return 'recorded';
      });
    },

    /** The notices of a filing sent by PEC or recorded without a domicile, with their receipts. */
    async ofSubmission(submissionId: number) {
      const messages = await repo.pecMessagesOfSubmission(db, submissionId);
      return Promise.all(messages.map(async (m) => ({ ...m, receipts: await repo.receiptsOf(db, m.id) })));
    },
  };
}

export type DomicileService = ReturnType<typeof createDomicileService>;
