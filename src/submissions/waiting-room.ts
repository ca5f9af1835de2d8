// The waiting room of a click day: for the procedures named in WAITING_ROOM_PROCEDURES, a person
// who begins an application takes a ticket (one sequence per procedure, shared by every portal
// process through PostgreSQL) and goes in when the room has let in as many people as the
// ticket's number: the first `rate` at once, then `rate` more each second. Until then a page
// shows how many people are ahead and about how long it takes, and reloads itself (no
// JavaScript needed). The ticket is kept in the sealed session cookie, so waiting costs no
// database read; one person keeps one ticket per procedure. The room only spreads the
// beginning of the applications over time: the filings are still ranked by their own receipt
// time and protocol number.
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './waiting-room.repository.ts';

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

export interface WaitingRoomSettings {
  /** the procedures (slugs) that have a room */
  slugs: readonly string[];
  /** people let in per second */
  ratePerSecond: number;
}

/** Where a person stands in the room of a procedure, and the ticket to keep for the next visit. */
export interface Admission {
  ticket: Ticket;
  place: Place;
  refreshSeconds: number;
}

export function createWaitingRoom(db: DB, settings: WaitingRoomSettings, clock: Clock) {
  return {
    /** Whether beginning an application of this procedure goes through the room. */
    guards(slug: string): boolean {
      return settings.slugs.includes(slug);
    },

    /** The person's place with the ticket they hold, or with a new one when they hold none. */
    async admission(slug: string, held: Ticket | undefined): Promise<Admission> {
      let ticket = held;
      if (!ticket) {
        const taken = await repo.takeTicket(db, slug, clock());
        ticket = { rank: taken.rank, openedAt: taken.openedAt.getTime() };
      }
      const place = placeOf(ticket, settings.ratePerSecond, clock().getTime());
      return { ticket, place, refreshSeconds: refreshSeconds(place) };
    },
  };
}

export type WaitingRoom = ReturnType<typeof createWaitingRoom>;
