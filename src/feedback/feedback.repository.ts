// All the SQL of the satisfaction counts: one more vote on a day's count, the mark that a
// filing's service was rated, and the sums the statistics and the public figures read.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** One more vote for a page kind, stars and reason on `day`. */
export async function addPageVote(db: Db, vote: { day: string; page: string; stars: number; reason: string }): Promise<void> {
  await db
    .insertInto('page_ratings')
    .values({ ...vote, votes: 1 })
    .onConflict((oc) => oc.columns(['day', 'page', 'stars', 'reason']).doUpdateSet({ votes: sql<number>`page_ratings.votes + 1` }))
    .execute();
}

/** Marks the filing's service as rated; false when it already was (nothing changes then). */
export async function markServiceRated(db: Db, submissionId: number): Promise<boolean> {
  const rows = await db.insertInto('service_ratings_given').values({ submission_id: submissionId }).onConflict((oc) => oc.column('submission_id').doNothing()).returning('submission_id').execute();
  return rows.length > 0;
}

export async function serviceRated(db: Db, submissionId: number): Promise<boolean> {
  const row = await db.selectFrom('service_ratings_given').select('submission_id').where('submission_id', '=', submissionId).executeTakeFirst();
  return row !== undefined;
}

/** One more after-outcome vote for a procedure and office, stars and reason on `day`. */
export async function addServiceVote(db: Db, vote: { day: string; procedure_id: number; office_code: string; stars: number; reason: string }): Promise<void> {
  await db
    .insertInto('service_ratings')
    .values({ ...vote, votes: 1 })
    .onConflict((oc) => oc.columns(['day', 'procedure_id', 'office_code', 'stars', 'reason']).doUpdateSet({ votes: sql<number>`service_ratings.votes + 1` }))
    .execute();
}

export interface ServiceRatingSums {
  procedure_id: number;
  office_code: string;
  /** the votes, and their sum of stars (for the mean) */
  votes: number;
  stars: number;
  /** votes of 4 or 5 stars */
  good: number;
}

/** Per procedure and office, the after-outcome votes of the days in [from, to). */
export async function serviceRatingSums(db: Db, from: string, to: string): Promise<ServiceRatingSums[]> {
  const rows = await db
    .selectFrom('service_ratings')
    .select([
      'procedure_id',
      'office_code',
      sql<number>`sum(votes)`.as('votes'),
      sql<number>`sum(votes * stars)`.as('stars'),
      sql<number>`coalesce(sum(votes) filter (where stars >= 4), 0)`.as('good'),
    ])
    .where('day', '>=', from)
    .where('day', '<', to)
    .groupBy(['procedure_id', 'office_code'])
    .execute();
  return rows.map((r) => ({ procedure_id: Number(r.procedure_id), office_code: r.office_code, votes: Number(r.votes), stars: Number(r.stars), good: Number(r.good) }));
}

/** The page votes of the days in [from, to): all of them and those of 4 or 5 stars. */
export async function pageRatingSums(db: Db, from: string, to: string): Promise<{ votes: number; good: number }> {
  const row = await db
    .selectFrom('page_ratings')
    .select([sql<number>`coalesce(sum(votes), 0)`.as('votes'), sql<number>`coalesce(sum(votes) filter (where stars >= 4), 0)`.as('good')])
    .where('day', '>=', from)
    .where('day', '<', to)
    .executeTakeFirstOrThrow();
  return { votes: Number(row.votes), good: Number(row.good) };
}
