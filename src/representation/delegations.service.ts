// The delegation register: a person (delegator) lets another (delegate) act for them on all
// procedures, those of some catalogue areas or named ones, read-only or fully, between two
// dates. Online the delegator grants it and the delegate accepts or refuses it; either may
// revoke it, at once. Whether a delegation is in force is decided at each call by the clock
// (Rome calendar), so an expiry or a revocation takes effect on the next request. The
// register answers the acting resolver (DelegationRegister), and records the acts done under a
// delegation (recordAct, called by filing). Paper registrations by clerks are in
// delegations-paper.service.ts.
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { covers, type PartySnapshot, type ProcedureRef } from './acting.ts';
import type { DelegationRegister, DelegationView } from './registers.ts';
import * as repo from './delegations.repository.ts';
import { createPaperDelegations } from './delegations-paper.service.ts';
import {
  DelegationRefusedError,
  existing,
  isDelegationId,
  move,
  procedureIssues,
  roleOf,
  todayOf,
  toEvent,
  toItem,
  toView,
  writeDelegation,
  type DelegationEvent,
  type DelegationItem,
  type DelegationsContext,
} from './delegations.context.ts';
import { grantIssues, type GrantInput } from './delegations.rules.ts';

export { DelegationRefusedError, DelegationStateError, type DelegationEvent, type DelegationItem } from './delegations.context.ts';
export type { GrantInput, Issue, IssueCode, IssueField, PaperDelegatorInput, PersonInput } from './delegations.rules.ts';
export type { PaperRegistration, PaperDetail } from './delegations-paper.service.ts';

/** Someone the register acts for: a party of a delegation, known by their fiscal code. */
export interface Person {
  fiscalCode: string;
}

/** An act done under a delegation, as filing reports it. */
export interface DelegatedAct {
  /** what was done, e.g. 'filed', 'paid', 'answered', 'withdrawn' */
  kind: string;
  submissionPublicId?: string | undefined;
  at: Date;
}

/** A party acting on a delegation: their part is the side of it their fiscal code is on. */
const party = (person: Person) => ({ fiscalCode: person.fiscalCode, roleIn: (row: Parameters<typeof roleOf>[0]) => roleOf(row, person.fiscalCode) });

/** What the acting resolver asks (src/representation/registers.ts). */
function createRegister(ctx: DelegationsContext): DelegationRegister {
  return {
    async activeFor(delegateFiscalCode, delegationId) {
      if (!isDelegationId(delegationId)) return null;
      const today = todayOf(ctx);
      const [row] = await repo.activeDelegations(ctx.db, delegateFiscalCode, today, { id: delegationId });
      return row ? toView(row, today) : null;
    },
    async activeReceived(delegateFiscalCode) {
      const today = todayOf(ctx);
      return (await repo.activeDelegations(ctx.db, delegateFiscalCode, today)).map((row) => toView(row, today));
    },
    async coveringDelegation(delegatorFiscalCode, delegateFiscalCode, procedure: ProcedureRef) {
      const today = todayOf(ctx);
      const rows = await repo.activeDelegations(ctx.db, delegateFiscalCode, today, { delegator: delegatorFiscalCode });
      const found = rows.find((row) => row.access === 'full' && covers(row.scope, procedure));
      return found ? toView(found, today) : null;
    },
  };
}

/** The parties' side: grant, answer, revoke, see. */
function createPeopleSide(ctx: DelegationsContext) {
  return {
    /**
     * The delegator grants a delegation online; it waits for the delegate's acceptance, and the
     * delegate is told (in `locale`). Refused with every issue found, nothing written.
     */
    async grant(delegator: PartySnapshot, input: GrantInput, options: { locale: Locale }): Promise<DelegationView> {
      const issues = grantIssues(delegator.fiscalCode, input, todayOf(ctx));
      if (issues.length === 0) issues.push(...(await procedureIssues(ctx.db, input.scope)));
      if (issues.length > 0) throw new DelegationRefusedError(issues);
      return writeDelegation(ctx, {
        delegator,
        delegate: { kind: 'person', fiscalCode: input.delegate.fiscalCode, name: `${input.delegate.givenName} ${input.delegate.familyName}`, givenName: input.delegate.givenName, familyName: input.delegate.familyName },
        input,
        origin: 'online',
        event: { kind: 'granted', actorFiscalCode: delegator.fiscalCode, actorRole: 'delegator' },
        locale: options.locale,
      });
    },

    /** The delegate accepts; their snapshot becomes the one of their own identity. */
    accept: (delegate: PartySnapshot, id: string) => move(ctx, 'accept', party(delegate), id, delegate),
    refuse: (delegate: Person, id: string) => move(ctx, 'refuse', party(delegate), id),
    /** Either party ends it, pending or active, with effect at once. */
    revoke: (person: Person, id: string) => move(ctx, 'revoke', party(person), id),

    /** The delegations the person granted and received, newest first, with their status today. */
    async listFor(person: Person): Promise<{ granted: DelegationItem[]; received: DelegationItem[] }> {
      const today = todayOf(ctx);
      const rows = await repo.delegationsOf(ctx.db, person.fiscalCode);
      const items = rows.map((row) => toItem(row, today, roleOf(row, person.fiscalCode)!));
      return { granted: items.filter((i) => i.role === 'delegator'), received: items.filter((i) => i.role === 'delegate') };
    },

    /** One delegation with what happened to it, for one of its two parties only (404 otherwise). */
    async detailFor(person: Person, id: string): Promise<{ delegation: DelegationItem; events: DelegationEvent[] }> {
      const row = await existing(ctx.db, id);
      const role = roleOf(row, person.fiscalCode);
      if (!role) throw new NotFoundError('delegation');
      const events = await repo.eventsOf(ctx.db, id);
      return { delegation: toItem(row, todayOf(ctx), role), events: events.map(toEvent) };
    },

    /**
     * Records an act done under a delegation (filing calls it, with its transaction as `db` to
     * record it with the act). 404 when there is no such delegation.
     */
    async recordAct(delegationId: string, act: DelegatedAct, db: DB = ctx.db): Promise<void> {
      const kind = act.kind.trim().slice(0, 60);
      if (!kind) throw new Error('an act needs its kind');
      const recorded = isDelegationId(delegationId) && (await repo.insertActEvent(db, delegationId, kind, act.submissionPublicId ?? null, act.at));
      if (!recorded) throw new NotFoundError('delegation');
    },
  };
}

export interface DelegationsOptions {
  clock?: Clock;
  /** where the files of paper delegations go (the filings' storage) */
  storage: FileStorage;
}

export function createDelegationsService(db: DB, options: DelegationsOptions) {
  const ctx: DelegationsContext = { db, clock: options.clock ?? systemClock, storage: options.storage };
  return {
    ...createRegister(ctx),
    ...createPeopleSide(ctx),
    ...createPaperDelegations(ctx),
  };
}

export type DelegationsService = ReturnType<typeof createDelegationsService>;
