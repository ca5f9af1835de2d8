// What the appointments domain holds about a person, for their data export (GDPR art. 15 and
// 20, src/personal-data): their bookings, with the time, the filing and the status.
import type { DB } from '../db/database.ts';
import { bookingsOfOwner } from './bookings.repository.ts';

export function createAppointmentsPersonalData(db: DB) {
  return {
    async bookingsOf(fiscalCode: string) {
      return (await bookingsOfOwner(db, fiscalCode)).map((b) => ({
        uid: b.uid,
        calendarId: b.calendar_id,
        startsAt: b.starts_at,
        endsAt: b.ends_at,
        status: b.status,
        filing: b.public_id,
        procedure: b.procedure_slug,
        createdAt: b.created_at,
        updatedAt: b.updated_at,
      }));
    },
  };
}

export type AppointmentsPersonalData = ReturnType<typeof createAppointmentsPersonalData>;
