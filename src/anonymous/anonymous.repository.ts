// All the SQL of filings without login: the pending filing and its confirmation, the counts the
// abuse limits read, the expiry, and the spent proof-of-work challenges.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AnonymousFilingRow, ProofKind } from './anonymous.table.ts';

type Db = Kysely<Database>;

export interface NewPendingFiling {
  procedureSlug: string;
  ownerCode: string;
  idempotencyKey: string;
  email: string;
  emailKey: string;
  networkKey: string;
  proof: ProofKind;
  locale: 'it' | 'en';
  confirmTokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertPending(db: Db, row: NewPendingFiling): Promise<void> {
  await db
    .insertInto('anonymous_filings')
    .values({
      procedure_slug: row.procedureSlug,
      owner_code: row.ownerCode,
      idempotency_key: row.idempotencyKey,
      email: row.email,
      email_key: row.emailKey,
      network_key: row.networkKey,
      proof: row.proof,
      locale: row.locale,
      confirm_token_hash: row.confirmTokenHash,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Pending and confirmed filings of an address and of a network since a time (expired ones do not count). */
export async function countRecent(db: Db, keys: { emailKey: string; networkKey: string }, since: Date): Promise<{ email: number; network: number }> {
  const row = await db
    .selectFrom('anonymous_filings')
    .select([
      sql<number>`count(*) filter (where email_key = ${keys.emailKey})::int`.as('email'),
      sql<number>`count(*) filter (where network_key = ${keys.networkKey})::int`.as('network'),
    ])
    .where((eb) => eb.or([eb('email_key', '=', keys.emailKey), eb('network_key', '=', keys.networkKey)]))
    .where('created_at', '>=', since)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function findByConfirmHash(db: Db, hash: string): Promise<AnonymousFilingRow | undefined> {
  return db.selectFrom('anonymous_filings').selectAll().where('confirm_token_hash', '=', hash).executeTakeFirst();
}

export async function findByTrackingHash(db: Db, hash: string): Promise<AnonymousFilingRow | undefined> {
  return db.selectFrom('anonymous_filings').selectAll().where('tracking_token_hash', '=', hash).where('status', '=', 'confirmed').executeTakeFirst();
}

/** Pending -> confirmed, once: only the first of two concurrent confirmations gets the row. */
export async function markConfirmed(db: Db, id: number, trackingTokenHash: string, publicId: string, now: Date): Promise<AnonymousFilingRow | undefined> {
  return db
    .updateTable('anonymous_filings')
    .set({ status: 'confirmed', tracking_token_hash: trackingTokenHash, submission_public_id: publicId, confirmed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Pending filings past their expiry become expired, their address wiped; returns their drafts' owners. */
export async function expirePending(db: Db, now: Date): Promise<Array<{ owner_code: string; procedure_slug: string }>> {
  return db
    .updateTable('anonymous_filings')
    .set({ status: 'expired', email: null })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .returning(['owner_code', 'procedure_slug'])
    .execute();
}

/** Spends a challenge id; false when it was spent already (a replay). */
export async function spendChallenge(db: Db, id: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db.insertInto('anonymous_challenges_spent').values({ id, expires_at: expiresAt }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

export async function pruneChallenges(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('anonymous_challenges_spent').where('expires_at', '<', now).execute();
}
