// What the payments domain holds about a person, for their data export (GDPR art. 15 and 20,
// src/personal-data): the payment positions they owe or owed (as debtor, or as who filed) and
// those of their filings, with status, amounts, notice number, IUV and receipt.
import type { DB } from '../db/database.ts';
import { listPositionsForPerson, positionsOfSubmissions } from './payments.repository.ts';

export function createPaymentsPersonalData(db: DB) {
  return {
    /** The positions of the person and of their filings (by internal id), oldest first, once each. */
    async positionsOf(fiscalCode: string, submissionIds: readonly number[]) {
      const [own, ofFilings] = await Promise.all([listPositionsForPerson(db, fiscalCode), positionsOfSubmissions(db, submissionIds)]);
      const byId = new Map([...own, ...ofFilings].map((p) => [p.id, p]));
      return [...byId.values()]
        .sort((a, b) => a.id - b.id)
        .map((p) => ({
          submissionId: p.submission_id,
          noticeNumber: p.notice_number,
          iuv: p.iuv,
          creditorFiscalCode: p.creditor_fiscal_code,
          debtor: { type: p.debtor_type, fiscalCode: p.debtor_fiscal_code, name: p.debtor_name, email: p.debtor_email },
          reason: p.reason,
          amountCents: p.amount_cents,
          items: p.items,
          dueDate: p.due_date,
          status: p.status,
          createdAt: p.created_at,
          paidAt: p.paid_at,
          paidAmountCents: p.paid_amount_cents,
          receiptId: p.receipt_id,
          receipt: p.receipt,
        }));
    },
  };
}

export type PaymentsPersonalData = ReturnType<typeof createPaymentsPersonalData>;
