// The waiting room of a click day: for the procedures named in WAITING_ROOM_PROCEDURES, a person
// who begins an application takes a ticket (one sequence per procedure, shared by every portal
// process through PostgreSQL) and goes in when the room has let in as many people as the
// ticket's number. The room's clock starts at the call's opening time (`opensAt`): people who
// arrive before it take a ticket in order of arrival and nobody goes in before the opening;
// from the opening the first `rate` go in at once, then `rate` more each second. A room without
// an opening time starts its clock at its first ticket. Until their turn people see their place
// and an estimate worked out from it and the rate, on a page that reloads itself (no JavaScript
// needed). One ticket per person and procedure: it is kept in the sealed session cookie (so
// waiting costs no database read) and, by person, in the database, so that another tab, a
// reload, another browser or a new login all give the same place back. The room only spreads
// the beginnings of the applications over time: the filings are still ranked by their own
// receipt time and protocol number.
import { createHash } from 'node:crypto';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './waiting-room.repository.ts';

export interface Ticket {
  /** 1 for the first person in the room */
  rank: number;
  /** when the room's clock starts (the call's opening time, or the first ticket), ms since the epoch */
  openedAt: number;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    waitingRoom: Record<string, Ticket>;
  }
}

export interface Place {
  admitted: boolean;
  /** people with an earlier ticket who are not in yet */
  ahead: number;
  /** seconds until this ticket's turn (the time to the opening included) */
  waitSeconds: number;
  /** the opening time (ms) while the room's clock has not started; null once it has */
  opensAt: number | null;
}

/**
 * Where a ticket stands at `now` when the room lets `rate` people in per second from its clock
 * start: nobody before it, the first `rate` at it, `rate` more each second after. The estimate
 * is when the ticket's turn comes at that rate, counted from now.
 */
export function placeOf(ticket: Ticket, rate: number, now: number): Place {
  const started = now >= ticket.openedAt;
  // a hair over the product, so that a turn due at an exact second is not lost to rounding
  const letIn = started ? Math.floor(rate * (1 + (now - ticket.openedAt) / 1000) + 1e-9) : 0;
  if (ticket.rank <= letIn) return { admitted: true, ahead: 0, waitSeconds: 0, opensAt: null };
  const turnAt = ticket.openedAt + Math.max(0, ticket.rank / rate - 1) * 1000;
  return { admitted: false, ahead: ticket.rank - letIn - 1, waitSeconds: Math.max(1, Math.ceil((turnAt - now) / 1000)), opensAt: started ? null : ticket.openedAt };
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

/** The person a ticket belongs to, as the room stores it: a hash of the fiscal code, not the code. */
export function ticketHolder(fiscalCode: string): string {
  return createHash('sha256').update(`waiting-room:${fiscalCode.toUpperCase()}`).digest('hex');
}

/** Whether a ticket held in a session belongs to the room as it is now (the same opening time). */
function stillValid(ticket: Ticket, opensAt: number | null, now: number): boolean {
  return opensAt !== null ? ticket.openedAt === opensAt : ticket.openedAt <= now;
}

export function createWaitingRoom(db: DB, settings: WaitingRoomSettings, clock: Clock) {
  /**
   * The person's ticket when the session holds none. The only database work of the room: one
   * read of the person's ticket (another session of theirs may have taken one), and only when
   * they have none of this room a write to take the next number and keep it under their name.
   */
  async function ticketOf(slug: string, holder: string | null, now: Date, opensAt: Date | null): Promise<Ticket> {
    if (holder) {
      const held = await repo.heldTicket(db, slug, holder);
      const current = held && (opensAt ? held.startsAt.getTime() === opensAt.getTime() : held.startsAt.getTime() > now.getTime() - repo.ROOM_LIFETIME_MS && held.startsAt <= now);
      if (held && current) return { rank: held.rank, openedAt: held.startsAt.getTime() };
    }
    let issued = await repo.nextTicket(db, slug, now, opensAt);
    // the first ticket of a new click day: the places of the last one are kept no longer
    if (issued.rank === 1) await repo.dropEarlierTickets(db, slug, issued.startsAt);
    // two sessions of one person at the same moment: the first ticket kept stands for both (the
    // number drawn by the other one is never used: one turn of the room goes by empty)
    if (holder) issued = await repo.keepTicket(db, slug, holder, issued, now);
    return { rank: issued.rank, openedAt: issued.startsAt.getTime() };
  }

  return {
    /** Whether beginning an application of this procedure goes through the room. */
    guards(slug: string): boolean {
      return settings.slugs.includes(slug);
    },

    /**
     * The person's place with the ticket their session holds (no database read), or with their
     * ticket from the database, or a new one. `holder`: who the person is (ticketHolder), null
     * when they have no identity to recognise them by (their ticket is the session's only).
     * `opensAt`: the call's opening time (ISO), where the room's clock starts.
     */
    async admission(slug: string, held: Ticket | undefined, holder: string | null, opensAt: string | undefined): Promise<Admission> {
      const now = clock();
      const opening = opensAt ? new Date(opensAt) : null;
      const ticket = held && stillValid(held, opening?.getTime() ?? null, now.getTime()) ? held : await ticketOf(slug, holder, now, opening);
      const place = placeOf(ticket, settings.ratePerSecond, now.getTime());
      return { ticket, place, refreshSeconds: refreshSeconds(place) };
    },
  };
}

export type WaitingRoom = ReturnType<typeof createWaitingRoom>;
