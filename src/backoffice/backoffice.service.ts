// The back office as the app's services object holds it: one context (database, clock, file
// storage, payments) and the services built over it, one concept each: opening cases, the
// clerks' actions and the applicant's side (both through the one perform path over the
// workflow table), the case page, the case files, the queue, the office payments, the daily
// deadline job and the statistics. Every change to a filing is an event of its hash-chained
// log written in the same transaction as the change; staff reads go to the audit log.
import type { DB } from '../db/database.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { createApplicantSide } from './applicant.service.ts';
import type { CaseRow, Outcome } from './backoffice.table.ts';
import { createCaseActions } from './case-actions.service.ts';
import { createKindActions } from './kind-actions.service.ts';
import { assertMayAct, type BackofficeContext, type CasePayments, type StaffActor, type Trx } from './case-context.ts';
import { createCaseFiles, type FilingReceipt } from './case-files.service.ts';
import { createCaseOpening } from './case-opening.service.ts';
import { createCaseView } from './case-view.service.ts';
import { createCorrections } from './corrections.service.ts';
import { createDeadlines } from './deadlines.service.ts';
import { createOfficePayments } from './office-payments.service.ts';
import { createQueue } from './queue.service.ts';
import { createStatistics } from './statistics.service.ts';
import { createBulk } from './bulk.service.ts';
import { createExports } from './exports.service.ts';
import { createSavedFilters } from './saved-filters.service.ts';
import { createIntegration } from './integration.service.ts';
import { createExpectedDates } from './expected-date.service.ts';

export { CaseInputError, PaymentRequestRefusedError, ReadOnlyError, WorkflowRefusedError, type ApplicantActor, type CasePayments, type StaffActor } from './case-context.ts';
export type { QueueParams } from './queue.service.ts';
export type { OfficePaymentsParams, PaymentRequest } from './office-payments.service.ts';
export type { Outcome };

export interface BackofficeOptions {
  storage: FileStorage;
  payments?: CasePayments;
  /** The time every action records; tests move it. */
  clock?: Clock;
  dueSoonDays?: number;
  /** The receipt PDF of a filing (the submissions service), for the case page and the case ZIP. */
  receipt?: FilingReceipt;
}

export function createBackofficeService(db: DB, options: BackofficeOptions) {
  const ctx: BackofficeContext = { db, storage: options.storage, clock: options.clock ?? systemClock, dueSoonDays: options.dueSoonDays ?? 5, payments: options.payments ?? null };
  return {
    /** The clock the back office reads (the app's). */
    clock: (): Date => ctx.clock(),
    /** 404 for a case the clerk may not see, 403 for one they only read (an auditor's). */
    assertMayAct: (actor: StaffActor, publicId: string) => assertMayAct(ctx, actor, publicId),
    ...createCaseOpening(ctx),
    ...createCaseActions(ctx),
    ...createKindActions(ctx),
    ...createApplicantSide(ctx),
    ...createCaseView(ctx),
    ...createCorrections(ctx),
    ...createCaseFiles(ctx, { receipt: options.receipt }),
    ...createQueue(ctx),
    ...createOfficePayments(ctx),
    ...createDeadlines(ctx),
    ...createStatistics(ctx),
    ...createBulk(ctx),
    ...createSavedFilters(ctx),
    ...createExports(ctx),
    // what the API for back-office systems reads (src/api)
    ...createIntegration(ctx),
    // expected decision dates from the live queue (issue 19)
    ...createExpectedDates(ctx),
    /** `hook` runs in the transaction of every change that brings a case to a final state (src/calls). */
    onCaseClosed(hook: (trx: Trx, c: CaseRow) => Promise<void>): void {
      (ctx.closedHooks ??= []).push(hook);
    },
  };
}

export type BackofficeService = ReturnType<typeof createBackofficeService>;
/** What the documents domain gives an action to file with it (src/documents). */
export type { MakeDocument } from './case-actions.service.ts';
export type { Step } from './perform.ts';
/** What the retention job and the legal holds ask of the cases (src/privacy). */
export * as caseRetention from './case-retention.ts';
