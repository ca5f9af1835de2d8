// All the SQL of the delegation register: the delegations and their events. Functions take the
// database or a transaction first; "today" is always a parameter (the service's clock, Rome
// calendar), never the database's own date.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ActorRole, DelegationEventRow, DelegationRow, DelegationsTable, EventKind, StoredStatus } from './delegations.table.ts';

type Db = Kysely<Database>;

export interface NewEvent {
  delegation_id: string;
  kind: EventKind;
  actor_fiscal_code: string;
  actor_role: ActorRole;
  act?: string | null;
  submission_public_id?: string | null;
  at: Date;
}

/** A new delegation; false when an identical open one (same pair, same scope) is there already. */
export async function insertDelegation(db: Db, row: Insertable<DelegationsTable>): Promise<boolean> {
  const result = await db
    .insertInto('delegations')
    .values(row)
    .onConflict((oc) => oc.columns(['delegator_fiscal_code', 'delegate_fiscal_code', 'scope_key']).where('status', 'in', ['pending', 'active']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertEvent(db: Db, event: NewEvent): Promise<void> {
  await db.insertInto('delegation_events').values(event).execute();
}

/**
 * An event for an act done under a delegation, by its delegate; false when there is no such
 * delegation.
 */
export async function insertActEvent(db: Db, delegationId: string, act: string, submissionPublicId: string | null, at: Date): Promise<boolean> {
  const result = await db
    .insertInto('delegation_events')
    .columns(['delegation_id', 'kind', 'actor_fiscal_code', 'actor_role', 'act', 'submission_public_id', 'at'])
    .expression((eb) =>
      eb
        .selectFrom('delegations')
        .select((s) => [
          'id',
          s.val('act' as EventKind).as('kind'),
          'delegate_fiscal_code',
          s.val('delegate' as ActorRole).as('actor_role'),
          s.val(act).as('act'),
          s.val(submissionPublicId).as('submission_public_id'),
          s.val(at).as('at'),
        ])
        .where('id', '=', delegationId),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findDelegation(db: Db, id: string, options: { lock?: boolean } = {}): Promise<DelegationRow | undefined> {
  let query = db.selectFrom('delegations').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The open (pending or active) delegation between two people with this scope, locked. */
export async function findOpenWithScope(db: Db, delegatorFiscalCode: string, delegateFiscalCode: string, scopeKey: string): Promise<DelegationRow | undefined> {
  return db
    .selectFrom('delegations')
    .selectAll()
    .where('delegator_fiscal_code', '=', delegatorFiscalCode)
    .where('delegate_fiscal_code', '=', delegateFiscalCode)
    .where('scope_key', '=', scopeKey)
    .where('status', 'in', ['pending', 'active'])
    .forUpdate()
    .executeTakeFirst();
}

/** Moves a delegation on, only from one of `from`; the row after, or undefined when it was elsewhere. */
export async function updateStatus(db: Db, id: string, from: readonly StoredStatus[], changes: Updateable<DelegationsTable>): Promise<DelegationRow | undefined> {
  return db.updateTable('delegations').set(changes).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
}

/** The delegations a person granted or received, newest first. */
export async function delegationsOf(db: Db, fiscalCode: string): Promise<DelegationRow[]> {
  return db
    .selectFrom('delegations')
    .selectAll()
    .where((eb) => eb.or([eb('delegator_fiscal_code', '=', fiscalCode), eb('delegate_fiscal_code', '=', fiscalCode)]))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * The delegations a delegate holds on `today`: active and within their dates; with
 * `delegator`, only that person's.
 */
export async function activeDelegations(db: Db, delegateFiscalCode: string, today: string, filter: { id?: string; delegator?: string } = {}): Promise<DelegationRow[]> {
  let query = db
    .selectFrom('delegations')
    .selectAll()
    .where('delegate_fiscal_code', '=', delegateFiscalCode)
    .where('status', '=', 'active')
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]));
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.delegator) query = query.where('delegator_fiscal_code', '=', filter.delegator);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Paper delegations, newest first; `fiscalCode` (a prefix) matches either party. */
export async function paperDelegations(db: Db, filter: { fiscalCode?: string | undefined; limit: number; offset: number }): Promise<DelegationRow[]> {
  let query = db.selectFrom('delegations').selectAll().where('origin', '=', 'paper');
  if (filter.fiscalCode) {
    const like = `${filter.fiscalCode.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('delegator_fiscal_code', 'like', like), eb('delegate_fiscal_code', 'like', like)]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
}

export async function eventsOf(db: Db, delegationId: string): Promise<DelegationEventRow[]> {
  return db.selectFrom('delegation_events').selectAll().where('delegation_id', '=', delegationId).orderBy('id').execute();
}
