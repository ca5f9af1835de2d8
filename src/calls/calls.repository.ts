// All the SQL of calls for grants: the applications (call_applications), the budget counters
// (call_budgets) and the published rankings (call_rankings).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface NewApplication {
  submissionId: number;
  procedureId: number;
  applicantKey: string;
  receivedAt: Date;
  score: number | null;
  amountCents: number | null;
  placed: 'admitted' | 'reserve';
}

/**
 * Records applications being filed; returns the submission ids that went in. One whose key is
 * already there (or twice in `rows`) is left out: the caller refuses its filing. A concurrent
 * transaction inserting the same key waits for this one, then finds it there.
 */
export async function recordApplications(db: Db, rows: readonly NewApplication[]): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('call_applications')
    .values(
      rows.map((r) => ({
        submission_id: r.submissionId,
        procedure_id: r.procedureId,
        applicant_key: r.applicantKey,
        received_at: r.receivedAt,
        score: r.score,
        amount_cents: r.amountCents,
        placed: r.placed,
      })),
    )
    .onConflict((oc) => oc.columns(['procedure_id', 'applicant_key']).doNothing())
    .returning('submission_id')
    .execute();
  return new Set(inserted.map((r) => Number(r.submission_id)));
}

/** The application already filed under this key, if any. */
export async function applicationOfKey(db: Db, procedureId: number, applicantKey: string) {
  return db.selectFrom('call_applications').select(['submission_id']).where('procedure_id', '=', procedureId).where('applicant_key', '=', applicantKey).executeTakeFirst();
}

export interface ApplicationRow {
  submissionId: number;
  receivedAt: Date;
  score: number | null;
  amountCents: number | null;
  excluded: boolean;
}

/** Every application of a call, in receipt order. */
export async function listApplications(db: Db, procedureId: number): Promise<ApplicationRow[]> {
  const rows = await db
    .selectFrom('call_applications')
    .select(['submission_id', 'received_at', 'score', 'amount_cents', 'excluded_at'])
    .where('procedure_id', '=', procedureId)
    .orderBy('received_at')
    .orderBy('submission_id')
    .execute();
  return rows.map((r) => ({
    submissionId: Number(r.submission_id),
    receivedAt: new Date(r.received_at),
    score: r.score === null ? null : Number(r.score),
    amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
    excluded: r.excluded_at !== null,
  }));
}

/** How many applications of a call are in the ranking (not excluded). */
export async function countRanked(db: Db, procedureId: number): Promise<number> {
  const row = await db.selectFrom('call_applications').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', procedureId).where('excluded_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The call of a filing, if it is an application to one. */
export async function applicationOf(db: Db, submissionId: number) {
  const row = await db.selectFrom('call_applications').select(['procedure_id', 'placed', 'amount_cents', 'excluded_at']).where('submission_id', '=', submissionId).executeTakeFirst();
  return row && { procedureId: Number(row.procedure_id), placed: row.placed, amountCents: row.amount_cents === null ? null : Number(row.amount_cents), excluded: row.excluded_at !== null };
}

/** Marks an application excluded (once); true when it was not already. */
export async function exclude(db: Db, submissionId: number, at: Date): Promise<boolean> {
  const result = await db.updateTable('call_applications').set({ excluded_at: at }).where('submission_id', '=', submissionId).where('excluded_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Locks a call's applications for a change of the ranking (filings and exclusions take turns). */
export async function lockBudget(db: Db, procedureId: number, totalCents: number): Promise<void> {
  await db
    .insertInto('call_budgets')
    .values({ procedure_id: procedureId, total_cents: totalCents })
    .onConflict((oc) => oc.column('procedure_id').doUpdateSet({ total_cents: totalCents }))
    .execute();
}

/** Takes `amountCents` of the budget if it still fits: the counter is never exceeded. */
export async function takeBudget(db: Db, procedureId: number, amountCents: number): Promise<boolean> {
  const row = await db
    .updateTable('call_budgets')
    .set({ used_cents: sql`used_cents + ${amountCents}` })
    .where('procedure_id', '=', procedureId)
    .where(sql<boolean>`used_cents + ${amountCents} <= total_cents`)
    .returning('procedure_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes a reserve position beyond the budget, while fewer than `limit` are taken (null: no limit). */
export async function takeReserve(db: Db, procedureId: number, limit: number | null): Promise<boolean> {
  let query = db.updateTable('call_budgets').set({ reserve_used: sql`reserve_used + 1` }).where('procedure_id', '=', procedureId);
  if (limit !== null) query = query.where('reserve_used', '<', limit);
  const row = await query.returning('procedure_id').executeTakeFirst();
  return row !== undefined;
}

/** Sets a budget's counters to what the ranking now admits and keeps waiting (after an exclusion). */
export async function setBudgetUse(db: Db, procedureId: number, use: { usedCents: number; reserveUsed: number }): Promise<void> {
  await db
    .updateTable('call_budgets')
    .set({ used_cents: sql`${use.usedCents}`, reserve_used: use.reserveUsed })
    .where('procedure_id', '=', procedureId)
    .execute();
}

export async function budgetOf(db: Db, procedureId: number) {
  const row = await db.selectFrom('call_budgets').select(['total_cents', 'used_cents', 'reserve_used']).where('procedure_id', '=', procedureId).executeTakeFirst();
  return row && { totalCents: Number(row.total_cents), usedCents: Number(row.used_cents), reserveUsed: Number(row.reserve_used) };
}

export async function publication(db: Db, procedureId: number) {
  return db.selectFrom('call_rankings').select(['published_at', 'published_by']).where('procedure_id', '=', procedureId).executeTakeFirst();
}

export async function publish(db: Db, procedureId: number, at: Date, by: string): Promise<void> {
  await db
    .insertInto('call_rankings')
    .values({ procedure_id: procedureId, published_at: at, published_by: by })
    .onConflict((oc) => oc.column('procedure_id').doUpdateSet({ published_at: at, published_by: by }))
    .execute();
}
