// All the SQL of the rate-limit counters: one atomic upsert per counted request, so that the
// processes behind the load balancer count together, and the pruning of windows gone by.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Counts one hit of `key` at `now` in a fixed window of `windowMs`: the first hit, or the
 * first after the window ended, opens a new window with 1; any other adds 1. One statement,
 * so two processes hitting the same key at once both count.
 */
export async function hitCounter(db: Kysely<Database>, key: string, now: Date, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
  const resetAt = new Date(now.getTime() + windowMs);
  const expired = sql<boolean>`rate_limit_counters.reset_at <= ${now}::timestamptz`;
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key, window_start: now, reset_at: resetAt, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${expired} then 1 else rate_limit_counters.hits + 1 end`,
        window_start: sql<Date>`case when ${expired} then ${now}::timestamptz else rate_limit_counters.window_start end`,
        reset_at: sql<Date>`case when ${expired} then ${resetAt}::timestamptz else rate_limit_counters.reset_at end`,
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: new Date(row.reset_at) };
}

/** The hits of `key` in its window at `now` (0 when none or ended), without counting. */
export async function readCounter(db: Kysely<Database>, key: string, now: Date): Promise<{ hits: number; resetAt: Date | null }> {
  const row = await db.selectFrom('rate_limit_counters').select(['hits', 'reset_at']).where('key', '=', key).where('reset_at', '>', now).executeTakeFirst();
  return row ? { hits: Number(row.hits), resetAt: new Date(row.reset_at) } : { hits: 0, resetAt: null };
}

/** Deletes the counters whose window ended before `now`; returns how many. */
export async function pruneCounters(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counters').where('reset_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
