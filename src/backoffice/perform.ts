// The one path every change to a case takes: lock the case, ask the workflow table of its kind
// whether this actor (in the role roleOf gives them on this case) may take this action now (refused: nothing changes), run what the action does, and
// write the transition the table decided (the new status and its event in the hash-chained
// log) in the same transaction. Actions differ only in their handler; the rules are the table's.
import { romeDate } from '../platform/time.ts';
import type { CaseRequestRow, CaseRow } from './backoffice.table.ts';
import { appendEvent } from './case.repository.ts';
import { listRequests } from './case-records.repository.ts';
import {
  actorFields,
  changeCase,
  clockFor,
  guardContext,
  lockFor,
  roleOf,
  withUploads,
  WorkflowRefusedError,
  type Actor,
  type BackofficeContext,
  type Trx,
} from './case-context.ts';
import type { StoredUpload } from './uploads.ts';
import { decide, isFinal, type Action, type Decision, type Refusal, type State } from './workflow.ts';

/** What a handler works with: the locked case and the moment of the change. */
export interface Step {
  trx: Trx;
  c: CaseRow;
  actor: Actor;
  action: Action;
  now: Date;
  today: string;
  requests: CaseRequestRow[];
  /**
   * Writes the transition the table decided (status and event). The handler calls it where
   * the log wants it; otherwise perform does, after the handler. Once at most.
   */
  transition(event?: { reason?: string | null; data?: Record<string, unknown> }): Promise<void>;
  /** A further action on the same locked case, through the same table (taking charge starts the review). */
  also(action: Action, event?: { reason?: string | null; data?: Record<string, unknown> }): Promise<void>;
}

/**
 * A document made inside the action's transaction once the table allowed the action: the
 * documents domain numbers it (outgoing protocol), renders and stores it, and hands it over
 * to be filed with the action. The maker discards its file if the transaction fails.
 */
export type MakeDocument = (step: Step) => Promise<StoredUpload>;

export interface Handler<R> {
  /** Before the table is asked, with the case locked: a result here answers a repeated post. */
  replay?(trx: Trx, c: CaseRow): Promise<R | undefined>;
  /** What the action does besides its transition. */
  run?(step: Step): Promise<R>;
  /** The refusal the action's page shows. */
  refusal?: new (action: Action, reason: Refusal) => WorkflowRefusedError;
}

/** What the table says of `action` on the locked case now. */
export async function ask(ctx: BackofficeContext, trx: Trx, c: CaseRow, action: Action, actor: Actor, now: Date, requests?: CaseRequestRow[]): Promise<{ decision: Decision; requests: CaseRequestRow[] }> {
  const known = requests ?? (await listRequests(trx, c.submission_id));
  const state = clockFor(ctx, c, known, romeDate(now));
  return { decision: decide(c.kind, c.status, action, roleOf(actor, c), guardContext(c, known, state)), requests: known };
}

async function writeTransition(trx: Trx, c: CaseRow, action: Action, to: State, actor: Actor, now: Date, event: { reason?: string | null; data?: Record<string, unknown> }) {
  await appendEvent(trx, c, {
    at: now,
    ...actorFields(actor),
    kind: 'transition',
    fromState: c.status,
    toState: to,
    reason: event.reason ?? null,
    data: { action, ...(event.data ?? {}) },
  });
  await changeCase(trx, c.submission_id, { status: to, ...(isFinal(to) && to !== 'withdrawn' ? { decided_at: now } : {}) });
  c.status = to;
}

/** `action` on a case already locked in `trx`: checked, run, transition written. */
export async function performOn<R>(ctx: BackofficeContext, trx: Trx, c: CaseRow, actor: Actor, action: Action, handler: Handler<R>, now: Date): Promise<R | undefined> {
  const { decision, requests } = await ask(ctx, trx, c, action, actor, now);
  if (!decision.allowed) throw new (handler.refusal ?? WorkflowRefusedError)(action, decision.reason);
  let pending = decision.to !== c.status ? decision.to : null;
  const step: Step = {
    trx,
    c,
    actor,
    action,
    now,
    today: romeDate(now),
    requests,
    async transition(event = {}) {
      if (pending === null) return;
      const to = pending;
      pending = null;
      await writeTransition(trx, c, action, to, actor, now, event);
    },
    async also(next, event = {}) {
      const asked = await ask(ctx, trx, c, next, actor, now);
      if (!asked.decision.allowed) throw new WorkflowRefusedError(next, asked.decision.reason);
      if (asked.decision.to !== c.status) await writeTransition(trx, c, next, asked.decision.to, actor, now, event);
    },
  };
  const before = c.status;
  const result = handler.run ? await handler.run(step) : undefined;
  await step.transition();
  if (c.status !== before && isFinal(c.status)) for (const hook of ctx.closedHooks ?? []) await hook(trx, c);
  return result;
}

/**
 * `action` (or the action the case's state calls for, e.g. the answer to its open request) by
 * `actor` on a filing, in one transaction; files stored beforehand are removed if it fails.
 */
export async function perform<R>(
  ctx: BackofficeContext,
  actor: Actor,
  submissionId: number,
  action: Action | ((c: CaseRow) => Action),
  handler: Handler<R> = {},
  uploads: readonly StoredUpload[] = [],
): Promise<R | undefined> {
  const now = ctx.clock();
  return withUploads(ctx, uploads, async (trx) => {
    const c = await lockFor(trx, submissionId, actor);
    if (handler.replay) {
      const earlier = await handler.replay(trx, c);
      if (earlier !== undefined) return earlier;
    }
    return performOn(ctx, trx, c, actor, typeof action === 'function' ? action(c) : action, handler, now);
  });
}
