// Asking a person to pay a filing's position: who the debtor is (the company the filing was made
// for, or the person who made it) and the "payment requested" message that goes with the
// position, in the same transaction. Used by the fees at filing (src/submissions/fees-hook.ts)
// and by the clerk's request after review (src/backoffice).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueNotification, type KindData } from '../notifications/index.ts';
import type { Locale } from '../platform/i18n.ts';
import type { PositionInput, PositionView } from './payments.service.ts';

interface Filer {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email?: string | undefined;
}

/** The debtor of a filing's payments: the company it was filed for, else the person. */
export function debtorOfFiling(applicant: Filer, company: { fiscalCode: string; name: string } | null | undefined): PositionInput['debtor'] {
  if (company) return { fiscalCode: company.fiscalCode, name: company.name.slice(0, 140) };
  return { fiscalCode: applicant.fiscalCode, name: `${applicant.givenName} ${applicant.familyName}`.slice(0, 140), ...(applicant.email ? { email: applicant.email } : {}) };
}

/** The "payment requested" message of a new position, once per position (its dedupe key). */
export async function enqueuePaymentRequested(
  trx: Kysely<Database>,
  position: PositionView,
  to: { recipientFiscalCode: string; locale: Locale },
  about: Pick<KindData<'payment.requested'>, 'procedureTitle' | 'protocolNumber' | 'description'> & Record<string, unknown>,
): Promise<void> {
  await enqueueNotification(trx, {
    kind: 'payment.requested',
    recipientFiscalCode: to.recipientFiscalCode,
    locale: to.locale,
    dedupeKey: `payment:${position.id}:requested`,
    data: {
      ...about,
      procedureTitle: about.procedureTitle,
      link: `/pagamenti/${position.id}`,
      amountCents: position.amountCents,
      noticeNumber: position.noticeNumber,
      payeeFiscalCode: position.creditor.fiscalCode,
      dueDate: position.dueDate,
    },
  });
}
