// What the applicant is told about their case: the messages the back office puts in the outbox
// in the transaction of the change (a request, a decision, an office message, a step of a
// report, an order, a reopening), the reminder
// before a reply period ends, and how a filing is named in them (its protocol number).
import { cancelNotification, enqueueNotification, type KindData, type NotificationKind } from '../notifications/index.ts';
import { addDays } from '../platform/time.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import type { CaseRow } from './backoffice.table.ts';
import type { Trx } from './case-context.ts';
import { officesByCode, procedureTitles } from './directory.ts';
import { filingOf } from '../submissions/submissions.service.ts';
import { ALL_PAUSES, type Pause } from './workflow.ts';

/** Days before the end of a reply period that the reminder goes. */
const REMINDER_DAYS_BEFORE = 3;

export function protocolLabel(filing: { protocol_number: number | null; protocol_year: number | null }): string | null {
  return filing.protocol_number && filing.protocol_year ? `${protocolNumberText(filing.protocol_number)}/${filing.protocol_year}` : null;
}

/** The filing, its applicant and the data every message about the case carries. */
export async function notificationBasics(trx: Trx, c: CaseRow) {
  const filing = await filingOf(trx, c.submission_id);
  const procedure = await procedureTitles(trx, c.procedure_id);
  const office = (await officesByCode(trx, [c.office_code]))[0];
  return {
    filing,
    recipientFiscalCode: filing.applicant.fiscalCode,
    locale: filing.locale,
    data: {
      procedureTitle: { it: procedure.title_it, en: procedure.title_en },
      protocolNumber: protocolLabel(filing) ?? filing.public_id.slice(0, 8),
      link: `/area-personale/richieste/${filing.public_id}`,
      // the PEC channel records its receipts on this case (src/domicile)
      submissionId: c.submission_id,
      ...(office ? { officeName: { it: office.name_it, en: office.name_en } } : {}),
    },
  };
}

/** A message to the applicant about the case, once per `dedupe` (the key's tail). */
export async function notifyApplicant<K extends NotificationKind>(trx: Trx, c: CaseRow, kind: K, data: Record<string, unknown>, dedupe: string): Promise<void> {
  const basics = await notificationBasics(trx, c);
  await enqueueNotification(trx, {
    kind,
    recipientFiscalCode: basics.recipientFiscalCode,
    locale: basics.locale,
    data: { ...basics.data, ...data } as KindData<K>,
    dedupeKey: `case:${c.submission_id}:${dedupe}`,
  });
}

/** The key of a request's messages: the first of its kind by topic, later ones numbered (several integration requests). */
export const requestTopic = (pause: Pause, nth: number) => (nth > 1 ? `${pause.topic}:${nth}` : pause.topic);

const reminderKey = (submissionId: number, pause: Pause, nth = 1) => `case:${submissionId}:${requestTopic(pause, nth)}:reminder`;

/** The reminder a few days before the reply period ends (none when that day has already come); `nth` request of its kind. */
export async function remindBefore(trx: Trx, c: CaseRow, pause: Pause, replyBy: string, today: string, nth = 1): Promise<void> {
  const remindOn = addDays(replyBy, -REMINDER_DAYS_BEFORE);
  if (remindOn <= today) return;
  const basics = await notificationBasics(trx, c);
  await enqueueNotification(trx, {
    kind: 'deadline.reminder',
    recipientFiscalCode: basics.recipientFiscalCode,
    locale: basics.locale,
    data: { ...basics.data, dueDate: replyBy, topic: pause.topic },
    dedupeKey: reminderKey(c.submission_id, pause, nth),
    deliverAfter: new Date(`${remindOn}T07:00:00Z`),
  });
}

/** No reminder for a reply period that is over (answered, or the case withdrawn): the first `upTo` requests of each kind. */
export async function cancelReminders(trx: Trx, submissionId: number, pauses: readonly Pause[] = ALL_PAUSES, upTo = 1): Promise<void> {
  for (const pause of pauses) for (let nth = 1; nth <= Math.max(1, upTo); nth++) await cancelNotification(trx, reminderKey(submissionId, pause, nth));
}

/** The key of the case's decision message: one per term (a reopening starts a new one). */
export const decisionKey = (c: Pick<CaseRow, 'clock_start'>) => (c.clock_start ? `decision:${c.clock_start}` : 'decision');

/** What the applicant is told of a step of their case that the law or sense asks to tell (a closure, an order, a reopening). */
export async function notifyStep(trx: Trx, c: CaseRow, step: { outcome?: 'accepted' | 'rejected' | 'closed'; message: string; dedupe: string }): Promise<void> {
  if (step.outcome) await notifyApplicant(trx, c, 'decision', { outcome: step.outcome, message: step.message }, step.dedupe);
  else await notifyApplicant(trx, c, 'office.message', { message: step.message }, step.dedupe);
}
