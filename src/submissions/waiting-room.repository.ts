// All the SQL of the click day's waiting room: one ticket sequence per procedure, shared by
// every portal process through PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A room unused for this long starts again from ticket 1 (the next click day). */
const ROOM_LIFETIME_MS = 12 * 3600 * 1000;

/** The next ticket of a procedure's room at `now`: its rank, and when the room opened. */
export async function takeTicket(db: Kysely<Database>, slug: string, now: Date): Promise<{ rank: number; openedAt: Date }> {
  const stale = new Date(now.getTime() - ROOM_LIFETIME_MS);
  const row = await db
    .insertInto('waiting_rooms')
    .values({ procedure_slug: slug, opened_at: now, issued: 1 })
    .onConflict((oc) =>
      oc.column('procedure_slug').doUpdateSet({
        issued: sql<number>`case when waiting_rooms.opened_at < ${stale}::timestamptz then 1 else waiting_rooms.issued + 1 end`,
        opened_at: sql<Date>`case when waiting_rooms.opened_at < ${stale}::timestamptz then ${now}::timestamptz else waiting_rooms.opened_at end`,
      }),
    )
    .returning(['issued', 'opened_at'])
    .executeTakeFirstOrThrow();
  return { rank: Number(row.issued), openedAt: new Date(row.opened_at) };
}
