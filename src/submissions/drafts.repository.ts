// All the SQL of the `drafts` table: one live draft per person (or company) and procedure,
// alive until its expiry time.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DraftRepresentation, DraftRow, Owner, StoredAnswers } from './submissions.table.ts';

type Db = Kysely<Database>;

/** The owner's draft of a procedure, unless it expired before `now`. */
/**
 * The live draft of a procedure, given by its id or by the subquery of its published id
 * (catalogue's publishedProcedureIdQuery: one round trip where "which procedure" and "which
 * draft" were two, on the path of every step and every filing).
 */
export async function findLiveDraft(db: Db, owner: Owner, procedureId: number | SelectQueryBuilder<Database, 'procedures', { id: number }>, now: Date): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('on_behalf_of', '=', owner.onBehalfOf)
    .where('procedure_id', '=', procedureId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function findDraftById(db: Db, owner: Owner, id: string): Promise<DraftRow | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('id', '=', id)
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('on_behalf_of', '=', owner.onBehalfOf)
    .executeTakeFirst();
}

/**
 * One draft per person and procedure: a second "begin" finds the first. An expired draft in
 * the way is removed first.
 */
export async function createDraft(db: Db, owner: Owner, procedureId: number, version: number, expiresAt: Date, now: Date): Promise<DraftRow> {
  await db
    .deleteFrom('drafts')
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('on_behalf_of', '=', owner.onBehalfOf)
    .where('procedure_id', '=', procedureId)
    .where('expires_at', '<=', now)
    .execute();
  await db
    .insertInto('drafts')
    .values({
      owner_fiscal_code: owner.fiscalCode,
      on_behalf_of: owner.onBehalfOf,
      procedure_id: procedureId,
      procedure_version: version,
      answers: '{}',
      expires_at: expiresAt,
    })
    .onConflict((oc) => oc.columns(['owner_fiscal_code', 'on_behalf_of', 'procedure_id']).doNothing())
    .execute();
  const draft = await findLiveDraft(db, owner, procedureId, now);
  if (!draft) throw new Error('draft vanished after insert');
  return draft;
}

export async function updateDraft(
  db: Db,
  id: string,
  changes: { answers?: StoredAnswers; completedSteps?: string[]; privacyAcceptedAt?: Date; representation?: DraftRepresentation; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db
    .updateTable('drafts')
    .set({
      ...(changes.answers ? { answers: JSON.stringify(changes.answers) } : {}),
      ...(changes.completedSteps ? { completed_steps: changes.completedSteps } : {}),
      ...(changes.privacyAcceptedAt ? { privacy_accepted_at: changes.privacyAcceptedAt } : {}),
      ...(changes.representation ? { representation: JSON.stringify(changes.representation) } : {}),
      expires_at: changes.expiresAt,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db.deleteFrom('drafts').where('id', '=', id).execute();
}

export async function deleteDrafts(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('drafts').where('id', 'in', ids).execute();
}

export interface LiveDraft {
  id: string;
  procedure_id: number;
  updated_at: Date;
  expires_at: Date;
}

/** The owner's drafts not expired at `now`, the latest changed first. */
export async function listLiveDrafts(db: Db, owner: Owner, now: Date): Promise<LiveDraft[]> {
  return db
    .selectFrom('drafts')
    .select(['id', 'procedure_id', 'updated_at', 'expires_at'])
    .where('owner_fiscal_code', '=', owner.fiscalCode)
    .where('on_behalf_of', '=', owner.onBehalfOf)
    .where('expires_at', '>', now)
    .orderBy('updated_at', 'desc')
    .execute();
}

/** Drafts expired at `now` (their files go first: attachments.repository). */
/** Where the drafts expired at `now` had got to (for the journey's observer, journey-observer.ts). */
export async function expiredDraftPositions(db: Db, now: Date) {
  return db.selectFrom('drafts').select(['procedure_id', 'procedure_version', 'privacy_accepted_at', 'completed_steps', 'answers']).where('expires_at', '<=', now).execute();
}

export async function deleteExpiredDrafts(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('drafts').where('expires_at', '<=', now).execute();
}

/**
 * Drafts a help-desk operator began for a person, handed over to that person (they resume them
 * after logging in). A draft whose procedure the person already has a draft of stays where it
 * is. Returns the ids moved.
 */
export async function handOverDrafts(db: Db, from: Owner, toFiscalCode: string, draftIds: readonly string[]): Promise<string[]> {
  if (draftIds.length === 0) return [];
  const rows = await db
    .updateTable('drafts as d')
    .set({ owner_fiscal_code: toFiscalCode, on_behalf_of: '' })
    .where('d.id', 'in', [...draftIds])
    .where('d.owner_fiscal_code', '=', from.fiscalCode)
    .where('d.on_behalf_of', '=', from.onBehalfOf)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('drafts as mine').select('mine.id').where('mine.owner_fiscal_code', '=', toFiscalCode).where('mine.on_behalf_of', '=', '').whereRef('mine.procedure_id', '=', 'd.procedure_id'))),
    )
    .returning('d.id')
    .execute();
  return rows.map((r) => r.id);
}
