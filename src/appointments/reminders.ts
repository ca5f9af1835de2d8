// The reminder the day before an appointment: every filed booking beginning tomorrow (Rome)
// gets one message, in the language of its request, through the outbox (a "deadline.reminder"
// notification, so it reaches the inbox, e-mail and App IO like the portal's other reminders).
// A booking moved after its reminder gets another one (the move clears reminded_at).
import type { DB } from '../db/database.ts';
import { enqueueNotification } from '../notifications/outbox.service.ts';
import { formatDate } from '../platform/format.ts';
import type { Locale } from '../platform/i18n.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import * as bookings from './bookings.repository.ts';
import * as calendars from './calendars.repository.ts';

const HOUR_MS = 3_600_000;

/** Enqueues the reminders due now; returns how many. */
export async function sendReminders(db: DB, clock: Clock): Promise<number> {
  const now = clock();
  const tomorrow = addDays(romeDate(now), 1);
  const from = new Date(`${tomorrow}T00:00:00Z`);
  // the Rome day lies within [day 00:00 UTC - 2h, day 24:00 UTC): its own date decides
  const due = (await bookings.dueReminders(db, new Date(from.getTime() - 2 * HOUR_MS), new Date(from.getTime() + 24 * HOUR_MS))).filter((b) => romeDate(b.starts_at) === tomorrow);
  let sent = 0;
  for (const booking of due) {
    const calendar = await calendars.findCalendar(db, booking.calendar_id);
    if (!calendar) continue;
    const locale: Locale = booking.locale === 'en' ? 'en' : 'it';
    await db.transaction().execute(async (trx) => {
      if (!(await bookings.markReminded(trx, booking.id, now))) return;
      const when = formatDate(booking.starts_at, locale, { withTime: true });
      const name = locale === 'it' ? calendar.name_it : calendar.name_en;
      await enqueueNotification(trx, {
        kind: 'deadline.reminder',
        recipientFiscalCode: booking.owner_fiscal_code,
        locale,
        dedupeKey: `appointment:${booking.uid}:${booking.sequence}:reminder`,
        data: {
          procedureTitle: name,
          link: `/area-personale/richieste/${booking.public_id}/appuntamento`,
          dueDate: tomorrow,
          topic: 'other',
          message: locale === 'it' ? `Ti ricordiamo l'appuntamento di ${when} (${name}).` : `A reminder of your appointment on ${when} (${name}).`,
        },
      });
      sent += 1;
    });
  }
  return sent;
}
