// All the SQL of the click day's waiting room: one ticket sequence per procedure, shared by
// every portal process through PostgreSQL, and the ticket each person holds (so that a new
// session of the same person gets the same place back).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** A room without an opening time, unused for this long, starts again from ticket 1 (the next click day). */
export const ROOM_LIFETIME_MS = 12 * 3600 * 1000;

export interface IssuedTicket {
  rank: number;
  /** the room's clock start: the call's opening time, or the room's first ticket */
  startsAt: Date;
}

/**
 * The next ticket of a procedure's room at `now`. With an opening time the room's clock starts
 * there, and the sequence starts again when the opening time changes (another click day);
 * without one it starts at the first ticket, and again after ROOM_LIFETIME_MS.
 */
export async function nextTicket(db: Db, slug: string, now: Date, opensAt: Date | null): Promise<IssuedTicket> {
  const restart = opensAt
    ? sql<boolean>`waiting_rooms.opened_at <> ${opensAt}::timestamptz`
    : sql<boolean>`(waiting_rooms.opened_at < ${new Date(now.getTime() - ROOM_LIFETIME_MS)}::timestamptz or waiting_rooms.opened_at > ${now}::timestamptz)`;
  const start = opensAt ?? now;
  const row = await db
    .insertInto('waiting_rooms')
    .values({ procedure_slug: slug, opened_at: start, issued: 1 })
    .onConflict((oc) =>
      oc.column('procedure_slug').doUpdateSet({
        issued: sql<number>`case when ${restart} then 1 else waiting_rooms.issued + 1 end`,
        opened_at: sql<Date>`case when ${restart} then ${start}::timestamptz else waiting_rooms.opened_at end`,
      }),
    )
    .returning(['issued', 'opened_at'])
    .executeTakeFirstOrThrow();
  return { rank: Number(row.issued), startsAt: new Date(row.opened_at) };
}

/** The ticket a person holds in a procedure's room, whatever its room's start. */
export async function heldTicket(db: Db, slug: string, holder: string): Promise<IssuedTicket | undefined> {
  const row = await db.selectFrom('waiting_room_tickets').select(['rank', 'starts_at']).where('procedure_slug', '=', slug).where('holder', '=', holder).executeTakeFirst();
  return row && { rank: Number(row.rank), startsAt: new Date(row.starts_at) };
}

/**
 * Keeps `ticket` as the person's ticket unless they already hold one of the same room start
 * (another session of theirs took it a moment before): the ticket kept is returned.
 */
export async function keepTicket(db: Db, slug: string, holder: string, ticket: IssuedTicket, now: Date): Promise<IssuedTicket> {
  const row = await db
    .insertInto('waiting_room_tickets')
    .values({ procedure_slug: slug, holder, rank: ticket.rank, starts_at: ticket.startsAt, taken_at: now })
    .onConflict((oc) =>
      oc
        .columns(['procedure_slug', 'holder'])
        .doUpdateSet({ rank: ticket.rank, starts_at: ticket.startsAt, taken_at: now })
        .where('waiting_room_tickets.starts_at', '<>', ticket.startsAt),
    )
    .returning(['rank', 'starts_at'])
    .executeTakeFirst();
  if (row) return { rank: Number(row.rank), startsAt: new Date(row.starts_at) };
  return (await heldTicket(db, slug, holder)) ?? ticket;
}

/** Removes the tickets of a room's earlier click days (kept no longer than the next one). */
export async function dropEarlierTickets(db: Db, slug: string, startsAt: Date): Promise<void> {
  await db.deleteFrom('waiting_room_tickets').where('procedure_slug', '=', slug).where('starts_at', '<>', startsAt).execute();
}
