// What the two halves of the delegation register share (the people's side in
// delegations.service.ts, the clerks' paper registrations in delegations-paper.service.ts):
// the context (database, clock, file storage), the refusals, a row as its parties see it, and
// the one way a delegation is written with its first event and the delegate's notification.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { publishedProcedureRef } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { enqueueNotification } from '../notifications/index.ts';
import { ConflictError, DomainError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { personParty, type IdentityDocument, type PartySnapshot, type Scope } from './acting.ts';
import type { DelegationView } from './registers.ts';
import * as repo from './delegations.repository.ts';
import { inEffect, normalisedScope, scopeKey, statusOn, type GrantInput, type Issue, type PersonInput } from './delegations.rules.ts';
import type { ActorRole, DelegationEventRow, DelegationRow, DelegationsTable, EventKind, PaperFile, StoredStatus } from './delegations.table.ts';

export interface DelegationsContext {
  db: DB;
  clock: Clock;
  storage: FileStorage;
}

/** Today in the Rome calendar, by the context's clock. */
export const todayOf = (ctx: DelegationsContext): string => romeDate(ctx.clock());

/** A grant or registration refused: the values to fix, nothing written. */
export class DelegationRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly issues: readonly Issue[]) {
    super(`delegation refused: ${issues.map((i) => `${i.field} ${i.code}`).join(', ')}`);
  }
}

/** An action the delegation's state no longer allows (accepting one that was revoked meanwhile). */
export class DelegationStateError extends ConflictError {
  override readonly pageKey = 'delegations.conflict';
}

/** A delegation as one of its parties (or a clerk) sees it, with what that viewer may do now. */
export interface DelegationItem extends DelegationView {
  /** in force today: active and within its dates */
  inEffect: boolean;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  /** the fiscal code of who revoked it */
  revokedBy: string | null;
  /** the viewer's part in it */
  role: 'delegator' | 'delegate' | 'clerk';
  actions: { accept: boolean; refuse: boolean; revoke: boolean };
}

/** Paper only: who registered it, the document shown, the two files received. */
export interface PaperRecord {
  clerkFiscalCode: string;
  document: IdentityDocument;
  files: { form: PaperFile; document: PaperFile };
}

export interface DelegationEvent {
  kind: EventKind;
  actorFiscalCode: string;
  actorRole: ActorRole;
  act: string | null;
  submissionPublicId: string | null;
  at: Date;
}

export function toView(row: DelegationRow, today: string): DelegationView {
  return {
    id: row.id,
    delegator: row.delegator,
    delegate: row.delegate,
    scope: row.scope,
    access: row.access,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status: statusOn(row, today),
    origin: row.origin,
  };
}

export function toItem(row: DelegationRow, today: string, role: DelegationItem['role']): DelegationItem {
  const view = toView(row, today);
  const open = view.status === 'pending' || view.status === 'active';
  return {
    ...view,
    inEffect: inEffect(view, today),
    createdAt: row.created_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    role,
    actions: {
      accept: role === 'delegate' && view.status === 'pending',
      refuse: role === 'delegate' && view.status === 'pending',
      // either party (a delegate refuses a pending one instead); a clerk only a paper one
      revoke: open && !(role === 'delegate' && view.status === 'pending') && (role !== 'clerk' || row.origin === 'paper'),
    },
  };
}

export function paperRecord(row: DelegationRow): PaperRecord | null {
  if (row.origin !== 'paper' || !row.clerk_fiscal_code || !row.identity_document || !row.paper_files) return null;
  return { clerkFiscalCode: row.clerk_fiscal_code, document: row.identity_document, files: row.paper_files };
}

export function toEvent(row: DelegationEventRow): DelegationEvent {
  return { kind: row.kind, actorFiscalCode: row.actor_fiscal_code, actorRole: row.actor_role, act: row.act, submissionPublicId: row.submission_public_id, at: row.at };
}

/** A delegation id as the register writes them; anything else names no delegation. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isDelegationId = (id: string): boolean => UUID.test(id);

/** The row, or 404 (also for an id that is not one). */
export async function existing(db: DB, id: string, options: { lock?: boolean } = {}): Promise<DelegationRow> {
  const row = isDelegationId(id) ? await repo.findDelegation(db, id, options) : undefined;
  if (!row) throw new NotFoundError('delegation');
  return row;
}

export function personSnapshot(person: PersonInput & { birthDate?: string | undefined }): PartySnapshot {
  return personParty(person);
}

/** The named procedures that are not published in the catalogue (none: the scope is fine). */
export async function procedureIssues(db: DB, scope: Scope): Promise<Issue[]> {
  if (scope.kind !== 'procedures') return [];
  const refs = await Promise.all(scope.slugs.map((slug) => publishedProcedureRef(db, slug)));
  return refs.every(Boolean) ? [] : [{ field: 'scope.procedures', code: 'unknownProcedure' }];
}

export interface NewDelegation {
  delegator: PartySnapshot;
  delegate: PartySnapshot;
  input: GrantInput;
  origin: 'online' | 'paper';
  /** the first event: who did what */
  event: { kind: 'granted' | 'registered'; actorFiscalCode: string; actorRole: ActorRole };
  /** paper only */
  paper?: Pick<Insertable<DelegationsTable>, 'clerk_fiscal_code' | 'identity_document' | 'form_file_key' | 'document_file_key' | 'paper_files'>;
  /** the language of the delegate's notification */
  locale: Locale;
}

/**
 * Writes a delegation, its first event and the delegate's notification in one transaction.
 * An identical open delegation (same pair, same scope) refuses it, unless that one's dates have
 * passed: it is then closed as expired first.
 */
export async function writeDelegation(ctx: DelegationsContext, fresh: NewDelegation): Promise<DelegationView> {
  const now = ctx.clock();
  const today = romeDate(now);
  const scope = normalisedScope(fresh.input.scope);
  const key = scopeKey(scope);
  const id = randomUUID();
  const paper = fresh.origin === 'paper';
  const written = await ctx.db.transaction().execute(async (trx) => {
    const open = await repo.findOpenWithScope(trx, fresh.delegator.fiscalCode, fresh.delegate.fiscalCode, key);
    if (open && statusOn(open, today) !== 'expired') return false;
    if (open) {
      await repo.updateStatus(trx, open.id, ['pending', 'active'], { status: 'expired' });
      await repo.insertEvent(trx, { delegation_id: open.id, kind: 'expired', actor_fiscal_code: '', actor_role: 'system', at: now });
    }
    const inserted = await repo.insertDelegation(trx, {
      id,
      delegator_fiscal_code: fresh.delegator.fiscalCode,
      delegator: JSON.stringify(fresh.delegator),
      delegate_fiscal_code: fresh.delegate.fiscalCode,
      delegate: JSON.stringify(fresh.delegate),
      scope: JSON.stringify(scope),
      scope_key: key,
      access: fresh.input.access,
      valid_from: fresh.input.validFrom,
      valid_to: fresh.input.validTo,
      // a paper form is signed by the delegator in front of a clerk: in force without acceptance
      status: paper ? 'active' : 'pending',
      origin: fresh.origin,
      created_at: now,
      accepted_at: paper ? now : null,
      ...fresh.paper,
    });
    if (!inserted) return false;
    await repo.insertEvent(trx, { delegation_id: id, kind: fresh.event.kind, actor_fiscal_code: fresh.event.actorFiscalCode, actor_role: fresh.event.actorRole, at: now });
    await enqueueNotification(trx, {
      kind: 'delegation.granted',
      recipientFiscalCode: fresh.delegate.fiscalCode,
      locale: fresh.locale,
      data: {
        delegatorName: fresh.delegator.name,
        link: `/area-personale/deleghe/${id}`,
        validFrom: fresh.input.validFrom,
        ...(fresh.input.validTo ? { validTo: fresh.input.validTo } : {}),
        access: fresh.input.access,
        origin: fresh.origin,
      },
      dedupeKey: `delegation:${id}:granted`,
      // visible from the moment of the grant on the portal's clock, not the database's
      deliverAfter: now,
    });
    return true;
  });
  if (!written) throw new DelegationRefusedError([{ field: 'scope', code: 'duplicate' }]);
  return toView((await repo.findDelegation(ctx.db, id))!, today);
}

/** What each party may do to a delegation, by the transition they make. */
const TRANSITIONS = {
  accept: { from: ['pending'], to: 'active', event: 'accepted', by: ['delegate'] },
  refuse: { from: ['pending'], to: 'refused', event: 'refused', by: ['delegate'] },
  // a clerk revokes a paper delegation for a delegator who came to the desk
  revoke: { from: ['pending', 'active'], to: 'revoked', event: 'revoked', by: ['delegator', 'delegate', 'clerk'] },
} as const satisfies Record<string, { from: readonly StoredStatus[]; to: StoredStatus; event: EventKind; by: readonly ActorRole[] }>;
export type Transition = keyof typeof TRANSITIONS;

/** The person's part in a delegation, or null when they have none. */
export function roleOf(row: Pick<DelegationRow, 'delegator_fiscal_code' | 'delegate_fiscal_code'>, fiscalCode: string): 'delegator' | 'delegate' | null {
  if (row.delegate_fiscal_code === fiscalCode) return 'delegate';
  if (row.delegator_fiscal_code === fiscalCode) return 'delegator';
  return null;
}

export interface Mover {
  fiscalCode: string;
  /** their part in this delegation, or null: then the delegation answers 404 */
  roleIn(row: DelegationRow): ActorRole | null;
}

/**
 * Moves a delegation along a transition. Someone without a part in it, or whose part the
 * transition is not for, gets 404. The same click twice changes nothing the second time; a
 * delegation that has moved elsewhere (expired, revoked by the other party) is a conflict.
 * `delegate`: on acceptance, the delegate's snapshot from their own identity.
 */
export async function move(ctx: DelegationsContext, transition: Transition, mover: Mover, id: string, delegate?: PartySnapshot): Promise<DelegationView> {
  const rule = TRANSITIONS[transition];
  const now = ctx.clock();
  const today = romeDate(now);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await existing(trx, id, { lock: true });
    const role = mover.roleIn(row);
    if (!role || !(rule.by as readonly ActorRole[]).includes(role)) throw new NotFoundError('delegation');
    const status = statusOn(row, today);
    if (status === rule.to) return toView(row, today);
    if (!(rule.from as readonly string[]).includes(status)) throw new DelegationStateError(`delegation ${id} is ${status}`);
    const changes =
      transition === 'accept'
        ? { status: rule.to, accepted_at: now, ...(delegate ? { delegate: JSON.stringify(delegate) } : {}) }
        : transition === 'refuse'
          ? { status: rule.to, refused_at: now }
          : { status: rule.to, revoked_at: now, revoked_by: mover.fiscalCode };
    const moved = await repo.updateStatus(trx, id, rule.from, changes);
    if (!moved) throw new DelegationStateError(`delegation ${id} moved`);
    await repo.insertEvent(trx, { delegation_id: id, kind: rule.event, actor_fiscal_code: mover.fiscalCode, actor_role: role, at: now });
    return toView(moved, today);
  });
}
