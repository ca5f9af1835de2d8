// Settling positions: a position is paid or expired only by what the provider says, whether a
// signed notification, the provider's answer when the person comes back from its page, or the
// reconciliation job asking on a schedule. Statuses only move forward (payment-state.ts); every
// notification counts once (its event id); the person is told in the same transaction, and
// what waits for the payment (a filing held for it) moves with it. A payment received after
// the notice expired is taken all the same (the comune has the money): the position is paid,
// marked as paid after expiry, and a filing that waited for it is filed. A receipt for another
// amount than the one due pays nothing: the position keeps its status, flagged as an amount
// mismatch for the office, and nothing waiting for it moves.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { enqueueNotification } from '../notifications/index.ts';
import type { Locale } from '../platform/i18n.ts';
import { fallbackLogger, type EventLog } from '../platform/logger.ts';
import type { Clock } from '../platform/time.ts';
import { canMoveAttempt, canMovePosition } from './payment-state.ts';
import * as repo from './payments.repository.ts';
import { reasonText } from './positions.service.ts';
import type { AttemptRow, AttemptStatus, PositionRow, PositionStatus, TransitionSource } from './payments.table.ts';
import { NotificationRefused, type PaymentProvider, type ProviderState, type Receipt } from './providers/provider.ts';
import { CLAIM_LEASE_SECONDS, MAX_CHECK_DELAY_S, type RegistrationService } from './registration.service.ts';

/** A visit to the payment page that has not come back within this time is over. */
const ATTEMPT_TTL_MS = 60 * 60 * 1000;
const CHECK_BATCH = 50;

/**
 * What another domain does in the transaction that marks a position paid or expired; true
 * when a filing that waited for the payment was filed by it (the person's message says so).
 */
/** The language of the filing a position belongs to (the submissions domain knows it). */
export type FilingLocaleLookup = (trx: Transaction<Database>, submissionId: number) => Promise<Locale>;

export type SettledHook = (trx: Transaction<Database>, settled: { positionId: number; submissionId: number | null; to: 'paid' | 'expired' }) => Promise<boolean | void>;

/** A receipt for another amount than the one due: recorded on the position, not paid. */
export interface AmountMismatch {
  positionId: number;
  expectedCents: number;
  receivedCents: number;
}

export interface StatusChange {
  positionId: number;
  submissionId: number | null;
  from: PositionStatus;
  to: PositionStatus;
  source: TransitionSource;
}

export type NotificationResult =
  | { outcome: 'applied' | 'ignored' | 'duplicate'; positionId: number; status: PositionStatus }
  | ({ outcome: 'amount-mismatch'; status: PositionStatus } & AmountMismatch)
  | { outcome: 'refused'; reason: 'signature' | 'malformed' }
  | { outcome: 'unknown-position'; noticeNumber: string }
  | { outcome: 'unknown-provider' };

export interface ReconcileReport {
  published: number;
  publishFailed: number;
  checked: number;
  settled: number;
  attemptsExpired: number;
  /** receipts for another amount than the one due, recorded on their positions */
  mismatches: AmountMismatch[];
  /** "notice number: problem" for each position the provider could not be asked about */
  errors: string[];
}

/** The log line of an amount mismatch, wherever it is found: nothing personal, the amounts. */
export function logMismatch(log: { warn(obj: object, msg: string): void }, m: AmountMismatch, provider?: string): void {
  log.warn({ provider, positionId: m.positionId, expectedCents: m.expectedCents, receivedCents: m.receivedCents }, 'payment amount does not match the amount due');
}

interface ProviderReport {
  state: ProviderState['position'] | 'failed' | undefined;
  receipt?: Receipt | undefined;
  attempt?: AttemptRow | undefined;
  attemptStatus?: AttemptStatus | undefined;
}

/** Whether an open visit to the payment page is over, at `now`. */
export function attemptExpired(attempt: Pick<AttemptRow, 'created_at'>, now: Date): boolean {
  return now.getTime() - attempt.created_at.getTime() > ATTEMPT_TTL_MS;
}

/**
 * The person hears of a payment or an expiry with the change itself (transactional outbox). A
 * payment after expiry says so, and whether the filing that waited for it was filed after all
 * (the expiry message they had says it was not): one message, not a contradictory pair.
 */
async function tellOwner(trx: Transaction<Database>, row: PositionRow, target: 'paid' | 'expired', receipt: Receipt | undefined, filed: boolean, localeOf: FilingLocaleLookup | null): Promise<void> {
  const link = `/pagamenti/${row.id}`;
  // the filing's language, like every other message of the filing; Italian for a position of no filing
  const locale: Locale = row.submission_id !== null && localeOf ? await localeOf(trx, row.submission_id) : 'it';
  if (target === 'paid') {
    const late = row.status === 'expired' ? { afterExpiry: true, filingFiled: filed } : {};
    await enqueueNotification(trx, {
      kind: 'payment.received',
      recipientFiscalCode: row.owner_fiscal_code,
      locale,
      dedupeKey: `payment:${row.id}:paid`,
      data: { procedureTitle: reasonText(row), amountCents: receipt!.paymentAmountCents, noticeNumber: row.notice_number, paidAt: new Date(receipt!.paymentDateTime).toISOString(), link, ...late },
    });
  } else {
    // unpaid and over: a filing held for it was not sent, and the person must know
    await enqueueNotification(trx, {
      kind: 'payment.expired',
      recipientFiscalCode: row.owner_fiscal_code,
      locale,
      dedupeKey: `payment:${row.id}:expired`,
      data: { procedureTitle: reasonText(row), amountCents: row.amount_cents, noticeNumber: row.notice_number, dueDate: row.due_date, link },
    });
  }
}

/** Records a receipt for the wrong amount on the position, once; null when already recorded. */
async function recordMismatch(trx: Transaction<Database>, row: PositionRow, receipt: Receipt, now: Date): Promise<AmountMismatch | null> {
  if (row.status === 'paid' || (row.anomaly === 'amount_mismatch' && Number(row.anomaly_amount_cents) === receipt.paymentAmountCents)) return null;
  await repo.updatePosition(trx, row.id, { anomaly: 'amount_mismatch', anomaly_amount_cents: receipt.paymentAmountCents, anomaly_at: now }, now);
  return { positionId: row.id, expectedCents: Number(row.amount_cents), receivedCents: receipt.paymentAmountCents };
}

interface Settled {
  change: StatusChange | null;
  /** a receipt for another amount, recorded now */
  mismatch: AmountMismatch | null;
}

/**
 * Applies what the provider says to a position and its attempt, inside `trx`, forward only.
 * Returns the position's change, if any; `at.hooks` run in the same transaction.
 */
async function settle(
  trx: Transaction<Database>,
  positionId: number,
  report: ProviderReport,
  at: { source: TransitionSource; notificationId?: number; now: Date; hooks: readonly SettledHook[]; localeOf?: FilingLocaleLookup | null },
): Promise<Settled> {
  const { source, now } = at;
  const row = await repo.lockPosition(trx, positionId);
  if (!row) return { change: null, mismatch: null };
  const { attempt } = report;
  if (attempt && report.attemptStatus) {
    const current = await repo.lockAttemptStatus(trx, attempt.id);
    if (current && canMoveAttempt(current, report.attemptStatus)) await repo.setAttemptStatus(trx, attempt.id, report.attemptStatus, now);
  }
  let target: 'paid' | 'expired' | null = null;
  // a receipt counts only for the notice it names
  const receiptFits = report.receipt?.outcome === 'OK' && report.receipt.noticeNumber === row.notice_number && report.receipt.fiscalCode === row.creditor_fiscal_code;
  if (report.state === 'paid' && receiptFits) {
    // paid in full or not paid: a different amount is the office's to sort out, not a payment
    if (report.receipt!.paymentAmountCents !== Number(row.amount_cents)) return { change: null, mismatch: await recordMismatch(trx, row, report.receipt!, now) };
    target = 'paid';
  } else if (report.state === 'expired') target = 'expired';
  if (!target || !canMovePosition(row.status, target)) return { change: null, mismatch: null };
  if (target === 'paid') {
    const receipt = report.receipt!;
    const patch = {
      status: 'paid' as const,
      receipt_id: receipt.receiptId,
      paid_at: new Date(receipt.paymentDateTime),
      paid_amount_cents: receipt.paymentAmountCents,
      receipt: JSON.stringify(receipt),
      paid_after_expiry: row.status === 'expired',
    };
    await repo.updatePosition(trx, row.id, patch, now);
    for (const open of await repo.pendingAttempts(trx, row.id)) {
      await repo.setAttemptStatus(trx, open.id, open.id === attempt?.id ? 'paid' : 'expired', now);
    }
  } else {
    await repo.updatePosition(trx, row.id, { status: target }, now);
  }
  await repo.insertTransition(trx, { position_id: row.id, attempt_id: attempt?.id ?? null, from_status: row.status, to_status: target, source, notification_id: at.notificationId ?? null });
  let filed = false;
  for (const hook of at.hooks) filed = (await hook(trx, { positionId: row.id, submissionId: row.submission_id, to: target })) === true || filed;
  await tellOwner(trx, row, target, report.receipt, filed, at.localeOf ?? null);
  return { change: { positionId: row.id, submissionId: row.submission_id, from: row.status, to: target, source }, mismatch: null };
}

export function createSettlementService(db: DB, options: { provider: PaymentProvider; registration: RegistrationService; clock: Clock; log?: EventLog | undefined }) {
  const { provider, registration, clock } = options;
  const log = options.log ?? fallbackLogger();
  const listeners: Array<(change: StatusChange) => void | Promise<void>> = [];
  // run inside the transaction that marks a position paid or expired (a filing held for its payment is filed, or lapses)
  const settledHooks: SettledHook[] = [];
  let localeOf: FilingLocaleLookup | null = null;

  async function announce(changes: StatusChange[]) {
    // a listener's failure is not the payment's: the change stands, the others still hear of it
    for (const change of changes) {
      for (const listener of listeners) {
        await Promise.resolve()
          .then(() => listener(change))
          .catch((error: unknown) => log.error({ err: error, positionId: change.positionId, to: change.to }, 'payments: a status-change listener failed'));
      }
    }
  }

  /** Asks the provider about a position and settles it; the change, if any, and what became of the open attempt. */
  async function refresh(row: PositionRow, source: TransitionSource): Promise<{ change: StatusChange | null; mismatch: AmountMismatch | null; attemptStatus?: AttemptStatus | undefined }> {
    if (row.status !== 'pending' || row.publish_state !== 'published') return { change: null, mismatch: null };
    const attempt = await repo.latestAttempt(db, row.id);
    const open = attempt?.status === 'pending' ? attempt : undefined;
    const state = await provider.state(registration.toProvider(row), open?.provider_ref);
    let attemptStatus: AttemptStatus | undefined = state.attempt === 'paid' || state.attempt === 'failed' ? state.attempt : undefined;
    if (open && !attemptStatus && state.position !== 'paid' && attemptExpired(open, clock())) attemptStatus = 'expired';
    const { change, mismatch } = await db.transaction().execute((trx) =>
      settle(trx, row.id, { state: state.position, receipt: state.receipt, attempt: open, attemptStatus }, { source, now: clock(), hooks: settledHooks, localeOf }),
    );
    if (change) await announce([change]);
    return { change, mismatch, attemptStatus };
  }

  return {
    refresh,

    /** Runs inside the transaction that marks a position paid or expired, so that what waits for it moves with it. */
    onSettledInTransaction(hook: SettledHook) {
      settledHooks.push(hook);
    },

    /** How the messages of a position learn its filing's language (set once, by src/services.ts). */
    useFilingLocale(lookup: FilingLocaleLookup) {
      localeOf = lookup;
    },

    /** Called after a position changes status (notifications, the submission's state). */
    onChange(listener: (change: StatusChange) => void | Promise<void>) {
      listeners.push(listener);
    },

    /** A provider's notification: authenticated, recorded once, applied forward only. */
    async handleNotification(providerName: string, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<NotificationResult> {
      if (providerName !== provider.name) return { outcome: 'unknown-provider' };
      let notification;
      try {
        notification = provider.verifyNotification(rawBody, headers);
      } catch (error) {
        if (error instanceof NotificationRefused) return { outcome: 'refused', reason: error.reason };
        throw error;
      }
      const row = await repo.findPositionByNotice(db, notification.noticeNumber, notification.creditorFiscalCode);
      if (!row) return { outcome: 'unknown-position', noticeNumber: notification.noticeNumber };
      const result = await db.transaction().execute(async (trx) => {
        const notificationId = await repo.insertNotification(trx, {
          provider: provider.name,
          event_id: notification.eventId,
          position_id: row.id,
          reported_status: notification.status,
          outcome: 'ignored',
          payload: notification.payload,
        });
        if (notificationId === undefined) return { duplicate: true as const, change: null, mismatch: null };
        const attempt = notification.attemptRef ? await repo.findAttemptByRef(trx, provider.name, notification.attemptRef) : undefined;
        const attemptStatus: AttemptStatus | undefined = notification.status === 'pending' ? undefined : notification.status;
        const settled = await settle(trx, row.id, { state: notification.status, receipt: notification.receipt, attempt, attemptStatus }, { source: 'notification', notificationId, now: clock(), hooks: settledHooks, localeOf });
        if (settled.change) await repo.setNotificationOutcome(trx, notificationId, 'applied');
        return { duplicate: false as const, ...settled };
      });
      if (result.change) await announce([result.change]);
      const status = (await repo.findPosition(db, row.id))!.status;
      if (result.mismatch) return { outcome: 'amount-mismatch', status, ...result.mismatch };
      return { outcome: result.duplicate ? 'duplicate' : result.change ? 'applied' : 'ignored', positionId: row.id, status };
    },

    /**
     * The reconciliation job: registers pending registrations, then asks the provider about
     * the pending positions due for a check and settles them. A position is checked again
     * sooner when its holder is paying, later the longer nothing happens. `asOf` (default: the
     * clock) is the time at which positions are due.
     */
    async reconcile(options: { asOf?: Date } = {}): Promise<ReconcileReport> {
      const asOf = options.asOf ?? clock();
      const report: ReconcileReport = { published: 0, publishFailed: 0, checked: 0, settled: 0, attemptsExpired: 0, mismatches: [], errors: [] };
      const registered = await registration.publishDue(asOf);
      report.published = registered.published;
      report.publishFailed = registered.failed;
      const base = registration.baseCheckDelayS;
      for (const row of await repo.claimPositionsToCheck(db, CHECK_BATCH, CLAIM_LEASE_SECONDS, asOf)) {
        report.checked++;
        try {
          const { change, mismatch, attemptStatus } = await refresh(row, 'reconciliation');
          if (change) report.settled++;
          if (mismatch) report.mismatches.push(mismatch);
          if (attemptStatus === 'expired') report.attemptsExpired++;
          const checks = row.checks + 1;
          await repo.updatePosition(db, row.id, { checks, next_check_at: registration.inSeconds(Math.min(base * 2 ** Math.min(checks, 12), MAX_CHECK_DELAY_S)) }, clock());
        } catch (error) {
          report.errors.push(`${row.notice_number}: ${(error as Error).message.slice(0, 300)}`);
          await repo.updatePosition(db, row.id, { next_check_at: registration.inSeconds(base) }, clock());
        }
      }
      return report;
    },
  };
}

export type SettlementService = ReturnType<typeof createSettlementService>;
