// The fees of a filing: when the procedure's definition has fees to pay online, the payment
// position and the message asking the person to pay are created in the transaction that stores
// the filing, so a filing and what it owes are never apart. With 'before-submission' fees the
// filing then waits for the payment (submissions.service: awaitingPayment, releaseAfterPayment);
// with 'after-submission' it goes to the office at once. Fees the office asks for after review
// ('on-request') are created by the back office's payment request.
import { debtorOfFiling, enqueuePaymentRequested } from '../payments/payment-request.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FiledHook, FiledSubmission } from './submissions.service.ts';

export function feesOnFiling(payments: Pick<PaymentsService, 'createPositionForFees'>): FiledHook {
  return async (trx, filings) => {
    for (const filed of filings) await feesOfOne(trx, filed);
  };

  async function feesOfOne(trx: Transaction<Database>, filed: FiledSubmission) {
    const fees = filed.definition.fees;
    if (!fees || fees.timing === 'on-request') return;
    const { applicant } = filed;
    const position = await payments.createPositionForFees(trx, {
      fees,
      answers: filed.answers,
      computed: filed.definition.form.computed,
      debtor: debtorOfFiling(applicant, applicant.company),
      ownerFiscalCode: applicant.fiscalCode,
      // the definition's own reason, else its title; in both languages (pagoPA gets the Italian)
      reason: fees.reason ?? filed.definition.title,
      submissionId: filed.id,
      // a filing held for its fees must not wait for ever: the notice lapses at its due date
      expireAfterDueDate: filed.awaitingPayment,
    });
    if (!position) return;
    await enqueuePaymentRequested(trx, position, { recipientFiscalCode: applicant.fiscalCode, locale: filed.locale }, { procedureTitle: filed.definition.title });
  }
}
