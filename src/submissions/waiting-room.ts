// The waiting room of a click day: for the procedures named in WAITING_ROOM_PROCEDURES, a person
// who begins an application takes a ticket (one sequence per procedure, shared by every portal
// process through PostgreSQL) and goes in when the room has let in as many people as the
// ticket's number: the first `rate` at once, then `rate` more each second. Until then a page
// shows how many people are ahead and about how long it takes, and reloads itself (no
// JavaScript needed). The ticket is kept in the sealed session cookie, so waiting costs no
// database read; one person keeps one ticket per procedure. The room only spreads the
// beginning of the applications over time: the filings are still ranked by their own receipt
// time and protocol number.
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';

export interface Ticket {
  /** 1 for the first person in the room */
  rank: number;
  /** when the room opened, ms since the epoch */
  openedAt: number;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    waitingRoom: Record<string, Ticket>;
  }
}

/** A room unused for this long starts again from ticket 1 (the next click day). */
const ROOM_LIFETIME = '12 hours';

export async function takeTicket(db: DB, slug: string): Promise<Ticket> {
  const { rows } = await sql<{ issued: string | number; opened_at: Date }>`
    insert into waiting_rooms (procedure_slug, opened_at, issued) values (${slug}, clock_timestamp(), 1)
    on conflict (procedure_slug) do update set
      issued = case when waiting_rooms.opened_at < clock_timestamp() - ${ROOM_LIFETIME}::interval then 1 else waiting_rooms.issued + 1 end,
      opened_at = case when waiting_rooms.opened_at < clock_timestamp() - ${ROOM_LIFETIME}::interval then clock_timestamp() else waiting_rooms.opened_at end
    returning issued, opened_at`.execute(db);
  const row = rows[0]!;
  return { rank: Number(row.issued), openedAt: new Date(row.opened_at).getTime() };
}

export interface Place {
  admitted: boolean;
  /** people between the ones let in and this ticket */
  ahead: number;
  waitSeconds: number;
}

/** Where a ticket stands at `now` when the room lets `rate` people in per second. */
export function placeOf(ticket: Ticket, rate: number, now: number): Place {
  const letIn = Math.floor(rate * (1 + Math.max(0, now - ticket.openedAt) / 1000));
  if (ticket.rank <= letIn) return { admitted: true, ahead: 0, waitSeconds: 0 };
  const ahead = ticket.rank - letIn - 1;
  return { admitted: false, ahead, waitSeconds: Math.ceil((ticket.rank - letIn) / rate) };
}

/** How often the waiting page reloads itself: soon when the turn is near, at most every 30 s. */
export function refreshSeconds(place: Place): number {
  return Math.min(30, Math.max(3, Math.ceil(place.waitSeconds / 2)));
}
