// All the SQL of the `used_stamps` table: the revenue stamps filings have used, one row each.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** Which of these identifiers a filing has already used. */
export async function usedIdentifiers(db: Db, identifiers: readonly string[]): Promise<Set<string>> {
  if (identifiers.length === 0) return new Set();
  const rows = await db.selectFrom('used_stamps').select('identifier').where('identifier', 'in', [...identifiers]).execute();
  return new Set(rows.map((r) => r.identifier));
}

/**
 * Records the stamps of filings being stored; returns the identifiers that went in. One already
 * there (or named twice in `rows`) is left out: the caller refuses its filing. A concurrent
 * transaction inserting the same identifier waits for this one, then finds it there.
 */
export async function recordStamps(db: Db, rows: ReadonlyArray<{ identifier: string; submissionId: number; field: string }>): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db
    .insertInto('used_stamps')
    .values(rows.map((r) => ({ identifier: r.identifier, submission_id: r.submissionId, field: r.field })))
    .onConflict((oc) => oc.column('identifier').doNothing())
    .returning(['identifier', 'submission_id'])
    .execute();
  return new Set(inserted.map((r) => `${r.submission_id}:${r.identifier}`));
}
