// What every part of the back office shares: who acts (a clerk, the applicant, the daily job),
// the refusals a page turns into messages, and the context the services are built over (the
// database, the injected clock, the file storage, the payments service once connected), with
// the few steps all of them take: finding the case a person may see, locking it, reading its
// legal clock, recording a staff read in the audit log, storing and discarding uploads.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { PaymentsService } from '../payments/payments.service.ts';
import { ConflictError, DomainError, NotFoundError } from '../platform/errors.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { ownFilingId, recordCaseProgress, type Viewpoint } from '../submissions/submissions.service.ts';
import type { Access } from '../representation/acting.ts';
import { appendAudit } from './audit-log.repository.ts';
import type { CaseRequestRow, CaseRow, EventActorKind } from './backoffice.table.ts';
import * as records from './case-records.repository.ts';
import * as cases from './case.repository.ts';
import { submissionIdOf } from '../submissions/submissions.service.ts';
import { legalClock, type ClockState } from './legal-clock.ts';
import { maySeeCase, readsOnlyIn } from './staff-access.ts';
import { discardUploads, type StoredUpload } from './uploads.ts';
import { pauseOf, type Action, type ActorRole, type GuardContext, type Refusal } from './workflow.ts';

export type Trx = Transaction<Database>;

/** A clerk as the back office sees them. */
export interface StaffActor {
  fiscalCode: string;
  name: string;
  offices: readonly string[];
  /** The offices they head (dirigente): they adopt the decisions clerks propose and reopen decided cases. */
  headOf: readonly string[];
  /** Of their offices, those where they only read (auditor): no action, message or note; absent: none. */
  readOnlyOffices?: readonly string[];
  /** Per office, the only procedures (ids) they see there; an office not named: all (staff-access.ts). */
  procedureLimits?: Readonly<Record<string, readonly number[]>>;
}

/** The applicant, or whoever acts for them, as the personal area sees them (access.ts viewpoints). */
export interface ApplicantActor {
  /** the person logged in */
  fiscalCode: string;
  name: string;
  viewpoint: Viewpoint;
}

export type Actor = { role: 'clerk'; staff: StaffActor } | { role: 'applicant'; applicant: ApplicantActor } | { role: 'system' };

/** The workflow refused the action: nothing changed. */
export class WorkflowRefusedError extends ConflictError {
  override readonly pageKey: string = 'backoffice.refused';
  constructor(
    readonly action: Action,
    readonly reason: Refusal,
  ) {
    super(`${action} refused: ${reason}`);
  }
}

/** The case is closed: no payment can be asked on it any more. */
export class PaymentRequestRefusedError extends WorkflowRefusedError {
  override readonly pageKey = 'backoffice.paymentRefused';
}

/** An input the form schema could not see was wrong (an office or colleague that is not one). */
export class CaseInputError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`bad ${field}`);
  }
}

/** What the back office asks of payments (src/payments); the back-office plugin hands it over. */
export type CasePayments = Pick<PaymentsService, 'createPosition' | 'bySubmission' | 'statusOfSubmissions' | 'noticeForOffice' | 'find' | 'defaultTaxonomyCode'>;

/** What the back office's services are built over; the plugin connects payments and the app's clock. */
export interface BackofficeContext {
  db: DB;
  storage: FileStorage;
  /** The time every action records and every "today" is measured from; tests move it. */
  clock: Clock;
  dueSoonDays: number;
  payments: CasePayments | null;
  /** Other domains told, in the change's transaction, that a case reached a final state (src/calls: the reserve list moves up). */
  closedHooks?: Array<(trx: Trx, c: CaseRow) => Promise<void>>;
}

export function paymentsOf(ctx: BackofficeContext): CasePayments {
  if (!ctx.payments) throw new Error('the back office was built without a payments service');
  return ctx.payments;
}

export function actorFields(actor: Actor): { actorKind: EventActorKind; actorFiscalCode: string | null; actorName: string | null } {
  if (actor.role === 'clerk') return { actorKind: 'clerk', actorFiscalCode: actor.staff.fiscalCode, actorName: actor.staff.name };
  if (actor.role === 'applicant') return { actorKind: 'applicant', actorFiscalCode: actor.applicant.fiscalCode, actorName: actor.applicant.name };
  return { actorKind: 'system', actorFiscalCode: null, actorName: null };
}

/**
 * The one rule of who a person is on a case: the head of its office (headOf), a clerk of it,
 * the applicant, the daily job; a clerk of another office is `other` (and never sees it).
 */
export function roleOf(actor: Actor, c: Pick<CaseRow, 'office_code'>): ActorRole {
  if (actor.role !== 'clerk') return actor.role;
  if (actor.staff.headOf.includes(c.office_code)) return 'head';
  return actor.staff.offices.includes(c.office_code) ? 'clerk' : 'other';
}

type ClockCase = Pick<CaseRow, 'receipt_date' | 'duration_days' | 'kind' | 'regime' | 'clock_start'>;

/** The legal clock of a case on a day, from its requests, under the law it was filed under. */
export function clockFor(ctx: BackofficeContext, c: ClockCase, requests: readonly CaseRequestRow[], today: string): ClockState {
  return legalClock({
    receiptDate: c.receipt_date,
    durationDays: c.duration_days,
    periods: requests.map((r) => ({ kind: r.kind, from: r.requested_on, replyBy: r.reply_by, answeredOn: r.answered_on })),
    today,
    dueSoonDays: ctx.dueSoonDays,
    kind: c.kind,
    regime: c.regime,
    startDate: c.clock_start,
  });
}

/** The requests of the current term (after a reopening, the earlier ones no longer count). */
const ofTerm = (c: ClockCase, requests: readonly CaseRequestRow[]) => requests.filter((r) => r.requested_on >= (c.clock_start ?? c.receipt_date));

/** The facts the workflow's guards look at. */
export function guardContext(c: CaseRow, requests: readonly CaseRequestRow[], state: ClockState): GuardContext {
  const current = ofTerm(c, requests);
  return {
    integrationRequests: current.filter((r) => r.kind === 'integration').length,
    refusalNotices: current.filter((r) => r.kind === 'refusal_notice').length,
    silenceConsent: c.silence_consent,
    deadlinePassed: state.deadlinePassed,
    replyPeriodOver: state.replyPeriodOver,
    adoption: c.adoption,
    competitive: c.competitive,
    proposal: c.proposal,
  };
}

/** A member of staff who only reads in the case's office (its auditor) asked to change it: nothing changed. */
export class ReadOnlyError extends DomainError {
  override readonly statusCode = 403;
  override readonly pageKey = 'roles.readOnly.refused';
}

/**
 * The case locked in this transaction, if `actor` may act on it at all; 404 for a case they
 * may not see, 403 for one they only read (every action, message and note goes through here).
 */
export async function lockFor(trx: Trx, submissionId: number, actor: Actor): Promise<CaseRow> {
  const c = await cases.lockCase(trx, submissionId);
  if (!c) throw new NotFoundError('case');
  if (actor.role === 'clerk') {
    if (!maySeeCase(actor.staff, c)) throw new NotFoundError('case');
    if (readsOnlyIn(actor.staff, c.office_code)) throw new ReadOnlyError('read only');
  }
  return c;
}

/**
 * Changes the case; the filing's own status, office and due date follow, through the
 * submissions service (the one writer of the filing's row).
 */
export async function changeCase(trx: Trx, submissionId: number, changes: cases.CaseChanges): Promise<void> {
  await cases.updateCase(trx, submissionId, changes);
  await recordCaseProgress(trx, submissionId, { status: changes.status, officeCode: changes.office_code, dueDate: changes.due_date });
}

/**
 * Stores the clock as the requests now make it (due date, pause, the reply date of the open
 * request even when it does not stop the clock); returns it. A moved due date is an event of
 * the log, with the rule that moved it (legal-clock.ts); the filing's copy follows.
 */
export async function storeClock(ctx: BackofficeContext, trx: Trx, c: CaseRow, now: Date): Promise<ClockState> {
  const requests = await records.listRequests(trx, c.submission_id);
  const state = clockFor(ctx, c, requests, romeDate(now));
  const pause = pauseOf(c.status);
  const waiting = pause ? ofTerm(c, requests).filter((r) => r.kind === pause.kind && !r.answered_at).at(-1) : undefined;
  if (state.dueDate !== c.due_date) {
    await cases.appendEvent(trx, c, {
      at: now,
      actorKind: 'system',
      actorFiscalCode: null,
      actorName: null,
      kind: 'clock_changed',
      fromState: c.status,
      toState: c.status,
      reason: null,
      data: { from: c.due_date, to: state.dueDate, rule: state.rule, restartedOn: state.restartedOn, legalTerm: state.legalTerm },
    });
  }
  await changeCase(trx, c.submission_id, {
    due_date: state.dueDate,
    paused_since: state.paused?.since ?? null,
    pause_kind: state.paused?.kind ?? waiting?.kind ?? null,
    reply_by: state.paused?.replyBy ?? waiting?.reply_by ?? null,
  });
  c.due_date = state.dueDate;
  return state;
}

/** Rows for files already in storage, attached to a message or the decision. */
export async function insertUploads(trx: Trx, submissionId: number, messageId: number | null, purpose: 'message' | 'decision', by: string, uploads: readonly StoredUpload[]) {
  const files: Array<{ id: string; name: string; sha256: string }> = [];
  for (const u of uploads) {
    const id = await records.insertFile(trx, {
      submissionId,
      messageId,
      purpose,
      uploadedBy: by,
      originalName: u.name,
      contentType: u.contentType,
      sizeBytes: u.size,
      sha256: u.sha256,
      storageKey: u.key,
    });
    files.push({ id, name: u.name, sha256: u.sha256 });
  }
  return files;
}

/** Runs a change in a transaction; files stored beforehand are removed if it fails. */
export async function withUploads<T>(ctx: BackofficeContext, uploads: readonly StoredUpload[], work: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction().execute(work);
  } catch (error) {
    await discardUploads(ctx.storage, uploads);
    throw error;
  }
}

/** The filing of a public id (the URL form); 404 when there is none. */
export async function caseIdFor(ctx: BackofficeContext, publicId: string): Promise<number> {
  const id = await submissionIdOf(ctx.db, publicId);
  if (id === undefined) throw new NotFoundError('case');
  return id;
}

/** A filing the person sees (`need` read) or may act on (`need` full); 404 otherwise. */
export async function ownCaseId(ctx: BackofficeContext, applicant: ApplicantActor, publicId: string, need: Access): Promise<number> {
  const id = await ownFilingId(ctx.db, applicant.viewpoint, publicId, need);
  if (id === undefined) throw new NotFoundError('submission');
  return id;
}

/** The case of a filing the clerk may see (one of their offices, a procedure they are not kept from); 404 otherwise. */
export async function staffCase(ctx: BackofficeContext, actor: StaffActor, publicId: string): Promise<CaseRow> {
  const id = await caseIdFor(ctx, publicId);
  const c = await cases.findCase(ctx.db, id);
  if (!c || !maySeeCase(actor, c)) throw new NotFoundError('case');
  return c;
}

/**
 * Refuses an action on a case before its input is read: 404 for a case the actor may not see,
 * 403 for one they only read (lockFor refuses the same inside the action's transaction).
 */
export async function assertMayAct(ctx: BackofficeContext, actor: StaffActor, publicId: string): Promise<void> {
  const c = await staffCase(ctx, actor, publicId);
  if (readsOnlyIn(actor, c.office_code)) throw new ReadOnlyError('read only');
}

/** A staff read or export, in the audit log. */
export async function audit(ctx: BackofficeContext, actor: StaffActor, action: string, target: { submissionId?: number | null; officeCode?: string | null }, detail: Record<string, unknown> = {}) {
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { at: ctx.clock(), actorFiscalCode: actor.fiscalCode, action, submissionId: target.submissionId ?? null, officeCode: target.officeCode ?? null, detail }),
  );
}

/** The office a list is about, for its audit entry: the one office, or none for several. */
export function oneOffice(offices: readonly string[]): string | null {
  return offices.length === 1 ? offices[0]! : null;
}

/** The clerk's offices, or the one of them a filter names. */
export function officesOf(actor: StaffActor, office: string | undefined): string[] {
  return office ? actor.offices.filter((o) => o === office) : [...actor.offices];
}
