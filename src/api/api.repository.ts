// The SQL of API clients and their access tokens (tables api_clients, api_tokens). Functions
// take a Kysely instance or a transaction first; the service decides which.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ApiClientRow, Scope } from './api.table.ts';

type Db = Kysely<Database>;

export interface NewClient {
  clientId: string;
  name: string;
  scopes: readonly Scope[];
  offices: readonly string[];
  procedureIds: readonly number[];
  secretHash: string;
  rateLimitPerMinute: number;
  at: Date;
  by: string;
}

const normalized = (r: ApiClientRow): ApiClientRow => ({ ...r, id: Number(r.id), procedure_ids: r.procedure_ids.map(Number) });

export async function insertClient(db: Db, c: NewClient): Promise<number> {
  const row = await db
    .insertInto('api_clients')
    .values({
      client_id: c.clientId,
      name: c.name,
      scopes: JSON.stringify(c.scopes),
      offices: JSON.stringify(c.offices),
      procedure_ids: JSON.stringify(c.procedureIds),
      secret_hash: c.secretHash,
      rate_limit_per_minute: c.rateLimitPerMinute,
      created_at: c.at,
      created_by: c.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function listClients(db: Db): Promise<ApiClientRow[]> {
  return (await db.selectFrom('api_clients').selectAll().orderBy('name').orderBy('id').execute()).map(normalized);
}

export async function findClient(db: Db, id: number): Promise<ApiClientRow | undefined> {
  const row = await db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normalized(row);
}

export async function findClientByClientId(db: Db, clientId: string): Promise<ApiClientRow | undefined> {
  const row = await db.selectFrom('api_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row && normalized(row);
}

export async function updateClient(db: Db, id: number, changes: { name: string; scopes: readonly Scope[]; offices: readonly string[]; procedureIds: readonly number[]; rateLimitPerMinute: number }): Promise<void> {
  await db
    .updateTable('api_clients')
    .set({ name: changes.name, scopes: JSON.stringify(changes.scopes), offices: JSON.stringify(changes.offices), procedure_ids: JSON.stringify(changes.procedureIds), rate_limit_per_minute: changes.rateLimitPerMinute })
    .where('id', '=', id)
    .execute();
}

/** The new secret; the old one valid until `previousUntil` (null: revoked now). */
export async function rotateSecret(db: Db, id: number, secretHash: string, previousUntil: Date | null, at: Date): Promise<void> {
  await db
    .updateTable('api_clients')
    .set((eb) => ({
      previous_secret_hash: previousUntil ? eb.ref('secret_hash') : null,
      previous_secret_expires_at: previousUntil,
      secret_hash: secretHash,
      secret_rotated_at: at,
    }))
    .where('id', '=', id)
    .execute();
}

export async function setDisabled(db: Db, id: number, at: Date | null): Promise<void> {
  await db.updateTable('api_clients').set({ disabled_at: at }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- tokens

export async function insertToken(db: Db, t: { hash: string; clientId: number; scopes: readonly Scope[]; at: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('api_tokens').values({ token_hash: t.hash, client_id: t.clientId, scopes: JSON.stringify(t.scopes), created_at: t.at, expires_at: t.expiresAt }).execute();
}

/** The token's client and scopes while the token lives and its client is enabled. */
export async function liveToken(db: Db, hash: string, now: Date): Promise<{ client: ApiClientRow; scopes: Scope[] } | undefined> {
  const token = await db.selectFrom('api_tokens').select(['client_id', 'scopes']).where('token_hash', '=', hash).where('expires_at', '>', now).executeTakeFirst();
  if (!token) return undefined;
  const client = await findClient(db, Number(token.client_id));
  if (!client || client.disabled_at) return undefined;
  return { client, scopes: token.scopes };
}

export async function deleteTokensOf(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('client_id', '=', clientId).execute();
}

export async function pruneTokens(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('api_tokens').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Kept for symmetry with the other readers: how many live tokens a client holds (its page). */
export async function liveTokenCount(db: Db, clientId: number, now: Date): Promise<number> {
  const row = await db.selectFrom('api_tokens').select(sql<number>`count(*)::int`.as('n')).where('client_id', '=', clientId).where('expires_at', '>', now).executeTakeFirstOrThrow();
  return Number(row.n);
}
