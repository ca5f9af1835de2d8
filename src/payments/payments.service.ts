// Payments: the positions a person owes the comune for a filing (fees, stamp duty, amounts an
// office asks for later), each with a pagoPA notice number, and the rules that settle them.
// A position is created inside the caller's transaction (a submission's), registered with the
// provider after that commits, paid through the provider's page or anywhere with its notice,
// and settled only by what the provider says: a signed notification, the provider's answer
// when the person comes back, or the reconciliation job asking on a schedule. Statuses only
// move forward (payment-state.ts); every notification counts once (its event id).
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { enqueueNotification } from '../notifications/index.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Answers } from '../forms/answers.ts';
import { isValidCodiceFiscale, isValidPartitaIva } from '../forms/validators/index.ts';
import { ConflictError, DomainError, NotFoundError } from '../platform/errors.ts';
import { canView, type PaymentViewer } from './payments.access.ts';
import { computeFees, TAXONOMY_CODE_PATTERN, type ComputedFeeItem, type FeesDefinition } from './fees.ts';
import { buildNoticeNumber, formatNoticeNumber, iuvOf } from './notice-number.ts';
import { canMoveAttempt, canMovePosition } from './payment-state.ts';
import * as repo from './payments.repository.ts';
import type { AttemptRow, AttemptStatus, PositionRow, PositionStatus, TransitionSource } from './payments.table.ts';
import { createProvider } from './providers/index.ts';
import { NotificationRefused, ProviderError, type PaymentProvider, type ProviderPosition, type ProviderState, type Receipt } from './providers/provider.ts';
import type { SandboxPsp } from './providers/sandbox/psp.ts';

type Db = Kysely<Database>;

/** The provider could not be reached or refused: the person is asked to try again later. */
export class PaymentUnavailableError extends DomainError {
  override readonly statusCode = 503;
  override readonly pageKey = 'payments.error.unavailable';
}

/** A visit to the payment page that has not come back within this time is over. */
export const ATTEMPT_TTL_MS = 60 * 60 * 1000;
const PUBLISH_BATCH = 50;
const CHECK_BATCH = 50;
const MAX_CHECK_DELAY_S = 6 * 3600;

const debtorSchema = z
  .object({
    type: z.enum(['F', 'G']).optional(),
    fiscalCode: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => isValidCodiceFiscale(v) || isValidPartitaIva(v), 'a valid codice fiscale or partita IVA'),
    name: z.string().trim().min(1).max(140),
    email: z.string().email().max(254).nullish(),
  })
  .strict();

export const positionInputSchema = z
  .object({
    debtor: debtorSchema,
    /** The person whose personal area shows it; the debtor when a person. */
    ownerFiscalCode: z.string().trim().toUpperCase().optional(),
    amountCents: z.number().int().positive().max(99_999_999_99),
    reason: z.string().trim().min(1).max(140),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    taxonomyCode: z.string().regex(TAXONOMY_CODE_PATTERN),
    submissionId: z.number().int().positive().nullish(),
    items: z.array(z.custom<ComputedFeeItem>()).default([]),
    /** After the due date the notice can no longer be paid (GPD switchToExpired). */
    expireAfterDueDate: z.boolean().default(false),
  })
  .strict();
export type PositionInput = z.input<typeof positionInputSchema>;

/** yyyy-mm-dd, `days` after `from`, on the comune's calendar. */
export function dueDateIn(days: number, from = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(from.getTime() + days * 86_400_000));
}

export interface PositionView {
  id: number;
  noticeNumber: string;
  noticeNumberGrouped: string;
  iuv: string;
  creditor: { fiscalCode: string; name: string };
  debtor: { type: 'F' | 'G'; fiscalCode: string; name: string };
  amountCents: number;
  reason: string;
  dueDate: string;
  status: PositionStatus;
  taxonomyCode: string;
  submissionId: number | null;
  items: ComputedFeeItem[];
  published: boolean;
  paidAt: Date | null;
  paidAmountCents: number | null;
  receipt: Receipt | null;
  createdAt: Date;
}

/** What another domain does in the transaction that marks a position paid or expired. */
export type SettledHook = (trx: Transaction<Database>, settled: { positionId: number; submissionId: number | null; to: 'paid' | 'expired' }) => Promise<void>;

export interface StatusChange {
  positionId: number;
  submissionId: number | null;
  from: PositionStatus;
  to: PositionStatus;
  source: TransitionSource;
}

export type NotificationResult =
  | { outcome: 'applied' | 'ignored' | 'duplicate'; positionId: number; status: PositionStatus }
  | { outcome: 'refused'; reason: 'signature' | 'malformed' }
  | { outcome: 'unknown-position'; noticeNumber: string }
  | { outcome: 'unknown-provider' };

export interface ReconcileReport {
  published: number;
  publishFailed: number;
  checked: number;
  settled: number;
  attemptsExpired: number;
  /** "notice number: problem" for each position the provider could not be asked about */
  errors: string[];
}

export function createPaymentsService(db: DB, config: Config, chosen?: { provider: PaymentProvider; sandbox: SandboxPsp | null }) {
  const { provider, sandbox } = chosen ?? createProvider(db, config);
  const settings = config.payments;
  const listeners: Array<(change: StatusChange) => void | Promise<void>> = [];
  // run inside the transaction that marks a position paid or expired (a filing held for its payment is filed, or lapses)
  const settledHooks: SettledHook[] = [];
  const baseCheckDelayS = settings.reconcileIntervalSeconds || 60;

  function toProvider(row: PositionRow): ProviderPosition {
    return {
      noticeNumber: row.notice_number,
      iuv: row.iuv,
      iupd: row.iupd,
      creditorFiscalCode: row.creditor_fiscal_code,
      creditorName: config.comune.name,
      debtor: { type: row.debtor_type, fiscalCode: row.debtor_fiscal_code, name: row.debtor_name, email: row.debtor_email },
      amountCents: row.amount_cents,
      reason: row.reason,
      dueDate: row.due_date,
      expireAfterDueDate: row.expire_after_due_date,
      taxonomyCode: row.taxonomy_code,
    };
  }

  function view(row: PositionRow): PositionView {
    return {
      id: row.id,
      noticeNumber: row.notice_number,
      noticeNumberGrouped: formatNoticeNumber(row.notice_number),
      iuv: row.iuv,
      creditor: { fiscalCode: row.creditor_fiscal_code, name: config.comune.name },
      debtor: { type: row.debtor_type, fiscalCode: row.debtor_fiscal_code, name: row.debtor_name },
      amountCents: row.amount_cents,
      reason: row.reason,
      dueDate: row.due_date,
      status: row.status,
      taxonomyCode: row.taxonomy_code,
      submissionId: row.submission_id,
      items: row.items ?? [],
      published: row.publish_state === 'published',
      paidAt: row.paid_at,
      paidAmountCents: row.paid_amount_cents,
      receipt: row.receipt ?? null,
      createdAt: row.created_at,
    };
  }

  async function announce(changes: StatusChange[]) {
    for (const change of changes) for (const listener of listeners) await Promise.resolve(listener(change)).catch(() => {});
  }

  async function visible(id: number, viewer: PaymentViewer): Promise<PositionRow> {
    const row = Number.isSafeInteger(id) && id > 0 ? await repo.findPosition(db, id) : undefined;
    if (!row || !canView(viewer, row)) throw new NotFoundError(`payment ${id}`);
    return row;
  }

  /** Registers the position with the provider; records the outcome for the retries. */
  async function publish(row: PositionRow): Promise<boolean> {
    try {
      await provider.publish(toProvider(row));
      await repo.updatePosition(db, row.id, { publish_state: 'published', published_at: new Date(), publish_last_error: null, next_check_at: new Date(Date.now() + baseCheckDelayS * 1000) });
      return true;
    } catch (error) {
      const attempts = row.publish_attempts + 1;
      const retryable = !(error instanceof ProviderError) || error.retryable;
      await repo.updatePosition(db, row.id, {
        publish_state: retryable ? 'to_publish' : 'failed',
        publish_attempts: attempts,
        publish_last_error: (error as Error).message.slice(0, 500),
        next_check_at: new Date(Date.now() + (retryable ? Math.min(baseCheckDelayS * 2 ** Math.min(attempts, 10), MAX_CHECK_DELAY_S) : MAX_CHECK_DELAY_S) * 1000),
      });
      return false;
    }
  }

  async function publishDue(asOf: Date): Promise<{ published: number; failed: number }> {
    let published = 0;
    let failed = 0;
    for (const row of await repo.claimPositionsToPublish(db, PUBLISH_BATCH, 600, asOf)) {
      if (await publish(row)) published++;
      else failed++;
    }
    return { published, failed };
  }

  async function ensurePublished(row: PositionRow): Promise<void> {
    if (row.publish_state === 'published') return;
    const fresh = (await repo.findPosition(db, row.id))!;
    if (fresh.publish_state === 'published') return;
    if (!(await publish(fresh))) throw new PaymentUnavailableError('the provider did not take the position');
  }

  /**
   * Applies what the provider says to a position and its attempt, inside `trx`, forward only.
   * Returns the position's change, if any.
   */
  async function settle(
    trx: Transaction<Database>,
    positionId: number,
    report: { state: ProviderState['position'] | 'failed' | undefined; receipt?: Receipt | undefined; attempt?: AttemptRow | undefined; attemptStatus?: AttemptStatus | undefined },
    source: TransitionSource,
    notificationId: number | null = null,
  ): Promise<StatusChange | null> {
    const row = await repo.lockPosition(trx, positionId);
    if (!row) return null;
    const { attempt } = report;
    if (attempt && report.attemptStatus) {
      const current = await repo.lockAttemptStatus(trx, attempt.id);
      if (current && canMoveAttempt(current, report.attemptStatus)) await repo.setAttemptStatus(trx, attempt.id, report.attemptStatus);
    }
    let target: PositionStatus | null = null;
    // a receipt counts only for the notice it names
    const receiptFits = report.receipt?.outcome === 'OK' && report.receipt.noticeNumber === row.notice_number && report.receipt.fiscalCode === row.creditor_fiscal_code;
    if (report.state === 'paid' && receiptFits) target = 'paid';
    else if (report.state === 'expired') target = 'expired';
    if (!target || !canMovePosition(row.status, target)) return null;
    if (target === 'paid') {
      const receipt = report.receipt!;
      await repo.updatePosition(trx, row.id, {
        status: 'paid',
        receipt_id: receipt.receiptId,
        paid_at: new Date(receipt.paymentDateTime),
        paid_amount_cents: receipt.paymentAmountCents,
        receipt: JSON.stringify(receipt),
      });
      for (const open of await repo.pendingAttempts(trx, row.id)) {
        await repo.setAttemptStatus(trx, open.id, open.id === attempt?.id ? 'paid' : 'expired');
      }
    } else {
      await repo.updatePosition(trx, row.id, { status: target });
    }
    await repo.insertTransition(trx, { position_id: row.id, attempt_id: attempt?.id ?? null, from_status: row.status, to_status: target, source, notification_id: notificationId });
    if (target === 'paid') {
      // the person hears of it with the change itself (transactional outbox)
      await enqueueNotification(trx, {
        kind: 'payment.received',
        recipientFiscalCode: row.owner_fiscal_code,
        locale: 'it',
        dedupeKey: `payment:${row.id}:paid`,
        data: {
          procedureTitle: row.reason,
          amountCents: report.receipt!.paymentAmountCents,
          noticeNumber: row.notice_number,
          paidAt: new Date(report.receipt!.paymentDateTime).toISOString(),
          link: `/pagamenti/${row.id}`,
        },
      });
    } else if (target === 'expired') {
      // unpaid and over: a filing held for it was not sent, and the person must know
      await enqueueNotification(trx, {
        kind: 'payment.expired',
        recipientFiscalCode: row.owner_fiscal_code,
        locale: 'it',
        dedupeKey: `payment:${row.id}:expired`,
        data: { procedureTitle: row.reason, amountCents: row.amount_cents, noticeNumber: row.notice_number, dueDate: row.due_date, link: `/pagamenti/${row.id}` },
      });
    }
    for (const hook of settledHooks) await hook(trx, { positionId: row.id, submissionId: row.submission_id, to: target });
    return { positionId: row.id, submissionId: row.submission_id, from: row.status, to: target, source };
  }

  /** Asks the provider about a position and settles it; the change, if any, and what became of the open attempt. */
  async function refresh(row: PositionRow, source: TransitionSource): Promise<{ change: StatusChange | null; attemptStatus?: AttemptStatus | undefined }> {
    if (row.status !== 'pending' || row.publish_state !== 'published') return { change: null };
    const attempt = await repo.latestAttempt(db, row.id);
    const open = attempt?.status === 'pending' ? attempt : undefined;
    const state = await provider.state(toProvider(row), open?.provider_ref);
    let attemptStatus: AttemptStatus | undefined = state.attempt === 'paid' || state.attempt === 'failed' ? state.attempt : undefined;
    if (open && !attemptStatus && state.position !== 'paid' && Date.now() - open.created_at.getTime() > ATTEMPT_TTL_MS) attemptStatus = 'expired';
    const change = await db.transaction().execute((trx) => settle(trx, row.id, { state: state.position, receipt: state.receipt, attempt: open, attemptStatus }, source));
    if (change) await announce([change]);
    return { change, attemptStatus };
  }

  /**
   * Creates a position inside the caller's transaction and returns it with its notice
   * number. It is registered with the provider after the transaction commits (the
   * reconciliation job, or the first "Paga online"); call publishPending() to hurry it.
   */
  async function createPosition(trx: Db, input: PositionInput): Promise<PositionView> {
    const data = positionInputSchema.parse(input);
    const noticeNumber = buildNoticeNumber(settings.segregationCode, await repo.nextNoticeBase(trx));
    const iuv = iuvOf(noticeNumber);
    const debtorType = data.debtor.type ?? (/^[0-9]{11}$/.test(data.debtor.fiscalCode) ? 'G' : 'F');
    const row = await repo.insertPosition(trx, {
      notice_number: noticeNumber,
      iuv,
      iupd: `SPORTELLO-${settings.creditorFiscalCode}-${iuv}`,
      provider: provider.name,
      creditor_fiscal_code: settings.creditorFiscalCode,
      debtor_type: debtorType,
      debtor_fiscal_code: data.debtor.fiscalCode,
      debtor_name: data.debtor.name,
      debtor_email: data.debtor.email ?? null,
      owner_fiscal_code: data.ownerFiscalCode ?? data.debtor.fiscalCode,
      amount_cents: data.amountCents,
      reason: data.reason,
      due_date: data.dueDate,
      expire_after_due_date: data.expireAfterDueDate,
      taxonomy_code: data.taxonomyCode,
      items: JSON.stringify(data.items),
      submission_id: data.submissionId ?? null,
      next_check_at: new Date(),
    });
    return view(row);
  }

  return {
    provider,
    /** The sandbox's own side (its pages), when the sandbox is the provider. */
    sandbox,

    /** Runs inside the transaction that marks a position paid or expired, so that what waits for it moves with it. */
    onSettledInTransaction(hook: SettledHook) {
      settledHooks.push(hook);
    },

    /** Called after a position changes status (notifications, the submission's state). */
    onChange(listener: (change: StatusChange) => void | Promise<void>) {
      listeners.push(listener);
    },

    createPosition,

    /**
     * The fees of a definition for these answers, as a position (inside the caller's
     * transaction); null when nothing is to be paid online (no fees, only declared stamps).
     */
    async createPositionForFees(
      trx: Db,
      input: { fees: FeesDefinition; answers: Answers; debtor: PositionInput['debtor']; ownerFiscalCode?: string; reason: string; submissionId?: number | null; expireAfterDueDate?: boolean },
    ): Promise<PositionView | null> {
      const computed = computeFees(input.fees, input.answers);
      if (computed.onlineCents <= 0) return null;
      return createPosition(trx, {
        debtor: input.debtor,
        ownerFiscalCode: input.ownerFiscalCode,
        amountCents: computed.onlineCents,
        reason: input.reason.slice(0, 140),
        dueDate: dueDateIn(input.fees.dueDays),
        taxonomyCode: input.fees.taxonomyCode,
        submissionId: input.submissionId ?? null,
        items: computed.items,
        expireAfterDueDate: input.expireAfterDueDate ?? false,
      });
    },

    /** A position the viewer may see (as debtor, as the applicant, or for their company). */
    async get(id: number, viewer: PaymentViewer): Promise<PositionView> {
      return view(await visible(id, viewer));
    },

    /** For the office and other domains: no viewer check. */
    async find(id: number): Promise<PositionView | undefined> {
      const row = await repo.findPosition(db, id);
      return row ? view(row) : undefined;
    },

    /** The personal area: what is due and what was paid. */
    async listForPerson(viewer: PaymentViewer) {
      const rows = await repo.listPositionsForPerson(db, viewer.fiscalCode);
      const company = viewer.company?.fiscalCode;
      const extra = company ? await repo.listPositionsForPerson(db, company) : [];
      const all = [...rows, ...extra.filter((r) => !rows.some((o) => o.id === r.id))].map(view);
      return { due: all.filter((p) => p.status === 'pending'), paid: all.filter((p) => p.status === 'paid'), closed: all.filter((p) => p.status === 'expired' || p.status === 'cancelled') };
    },

    /** Positions of each filing, for the back office and the submission's page. */
    async bySubmission(submissionIds: readonly number[], on: Db = db): Promise<Map<number, PositionView[]>> {
      const map = new Map<number, PositionView[]>();
      for (const row of await repo.positionsOfSubmissions(on, submissionIds)) {
        const list = map.get(row.submission_id!) ?? [];
        list.push(view(row));
        map.set(row.submission_id!, list);
      }
      return map;
    },

    /** The payment status of one filing, by filingPaymentStatus. */
    async submissionPaymentStatus(submissionId: number, on: Db = db): Promise<FilingPaymentStatus> {
      return filingPaymentStatus((await repo.positionsOfSubmissions(on, [submissionId])).map((r) => r.status));
    },

    /**
     * "Paga online": registers the position if needed, opens the provider's payment page and
     * returns where to send the person.
     */
    async startPayment(id: number, viewer: PaymentViewer): Promise<string> {
      const row = await visible(id, viewer);
      if (row.status !== 'pending') throw new ConflictError(`payment ${id} is ${row.status}`);
      await ensurePublished(row);
      const back = (outcome: string) => `${config.baseUrl}/pagamenti/${row.id}/esito?esito=${outcome}`;
      let session;
      try {
        session = await provider.startCheckout(toProvider(row), { ok: back('ok'), cancel: back('annullato'), error: back('errore') });
      } catch (error) {
        if (error instanceof ProviderError) throw new PaymentUnavailableError(error.message);
        throw error;
      }
      await repo.insertAttempt(db, { position_id: row.id, provider: provider.name, provider_ref: session.reference, redirect_url: session.redirectUrl });
      // check soon: the person is paying now
      await repo.updatePosition(db, row.id, { checks: 0, next_check_at: new Date(Date.now() + 60_000) });
      return session.redirectUrl;
    },

    /** Where the person's latest open visit to the provider's page goes, if still open. */
    async openCheckoutUrl(id: number, viewer: PaymentViewer): Promise<string | null> {
      const row = await visible(id, viewer);
      const attempt = await repo.latestAttempt(db, row.id);
      if (row.status !== 'pending' || attempt?.status !== 'pending' || Date.now() - attempt.created_at.getTime() > ATTEMPT_TTL_MS) return null;
      return attempt.redirect_url;
    },

    /**
     * The person is back from the provider's page. The return proves nothing: the provider is
     * asked. Returns the position and the state of the latest attempt.
     */
    async afterReturn(id: number, viewer: PaymentViewer): Promise<{ position: PositionView; attempt: AttemptStatus | null; checked: boolean }> {
      const row = await visible(id, viewer);
      let checked = true;
      try {
        await refresh(row, 'return');
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        checked = false;
      }
      const [fresh, attempt] = await Promise.all([repo.findPosition(db, id), repo.latestAttempt(db, id)]);
      return { position: view(fresh!), attempt: attempt?.status ?? null, checked };
    },

    /** The notice PDF needs the position registered, or it could not be paid with it. */
    async forNotice(id: number, viewer: PaymentViewer): Promise<PositionView> {
      const row = await visible(id, viewer);
      if (row.status !== 'pending') throw new NotFoundError(`no notice for payment ${id} (${row.status})`);
      await ensurePublished(row);
      return view(row);
    },

    async forReceipt(id: number, viewer: PaymentViewer): Promise<PositionView> {
      const row = await visible(id, viewer);
      if (row.status !== 'paid') throw new NotFoundError(`payment ${id} is not paid`);
      return view(row);
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
        if (notificationId === undefined) return { duplicate: true as const, change: null };
        const attempt = notification.attemptRef ? await repo.findAttemptByRef(trx, provider.name, notification.attemptRef) : undefined;
        const attemptStatus: AttemptStatus | undefined = notification.status === 'pending' ? undefined : notification.status;
        const change = await settle(trx, row.id, { state: notification.status, receipt: notification.receipt, attempt, attemptStatus }, 'notification', notificationId);
        if (change) await repo.setNotificationOutcome(trx, notificationId, 'applied');
        return { duplicate: false as const, change };
      });
      if (result.change) await announce([result.change]);
      const status = (await repo.findPosition(db, row.id))!.status;
      return { outcome: result.duplicate ? 'duplicate' : result.change ? 'applied' : 'ignored', positionId: row.id, status };
    },

    /** Registers what is not registered yet (positions created in other transactions). */
    publishPending: (asOf = new Date()) => publishDue(asOf),

    /**
     * The reconciliation job: registers pending registrations, then asks the provider about
     * the pending positions due for a check and settles them. A position is checked again
     * sooner when its holder is paying, later the longer nothing happens. `asOf` moves the
     * clock for tests.
     */
    async reconcile(options: { asOf?: Date } = {}): Promise<ReconcileReport> {
      const asOf = options.asOf ?? new Date();
      const report: ReconcileReport = { published: 0, publishFailed: 0, checked: 0, settled: 0, attemptsExpired: 0, errors: [] };
      const registered = await publishDue(asOf);
      report.published = registered.published;
      report.publishFailed = registered.failed;
      for (const row of await repo.claimPositionsToCheck(db, CHECK_BATCH, 600, asOf)) {
        report.checked++;
        try {
          const { change, attemptStatus } = await refresh(row, 'reconciliation');
          if (change) report.settled++;
          if (attemptStatus === 'expired') report.attemptsExpired++;
          const checks = row.checks + 1;
          await repo.updatePosition(db, row.id, { checks, next_check_at: new Date(Date.now() + Math.min(baseCheckDelayS * 2 ** Math.min(checks, 12), MAX_CHECK_DELAY_S) * 1000) });
        } catch (error) {
          report.errors.push(`${row.notice_number}: ${(error as Error).message.slice(0, 300)}`);
          await repo.updatePosition(db, row.id, { next_check_at: new Date(Date.now() + baseCheckDelayS * 1000) });
        }
      }
      return report;
    },

    /** The history of a position (back office, tests). */
    transitions: (positionId: number) => repo.listTransitions(db, positionId),
    notificationsCount: (positionId: number) => repo.countNotifications(db, positionId),

    // ---- for the back office: the office's view of positions, checked by the back office

    /**
     * The payment status of each filing (filingPaymentStatus), in one query: a
     * queue page asks for fifty at once. Filings without positions are 'none'.
     */
    async statusOfSubmissions(submissionIds: readonly number[], on: Db = db): Promise<Map<number, FilingPaymentStatus>> {
      const statuses = new Map<number, PositionStatus[]>(submissionIds.map((id) => [id, []]));
      for (const row of await repo.positionsOfSubmissions(on, submissionIds)) statuses.get(row.submission_id!)?.push(row.status);
      return new Map([...statuses].map(([id, list]) => [id, filingPaymentStatus(list)]));
    },

    /**
     * A pending position's notice for a clerk (the back office has checked that the filing is
     * one of their office's): registered with the provider first, as for the person.
     */
    async noticeForOffice(id: number): Promise<PositionView> {
      const row = await repo.findPosition(db, id);
      if (!row || row.status !== 'pending') throw new NotFoundError(`no notice for payment ${id}`);
      await ensurePublished(row);
      return view(row);
    },

    async close(): Promise<void> {
      await provider.close();
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;

export type FilingPaymentStatus = 'none' | 'pending' | 'paid' | 'expired';

/**
 * A filing's positions in one word, the rule behind submissionPaymentStatus and
 * statusOfSubmissions: 'paid' when every position is paid, 'pending' when one is still due,
 * 'none' when it has none (cancelled ones do not count), 'expired' otherwise.
 */
export function filingPaymentStatus(statuses: readonly PositionStatus[]): FilingPaymentStatus {
  const counted = statuses.filter((s) => s !== 'cancelled');
  if (counted.length === 0) return 'none';
  if (counted.every((s) => s === 'paid')) return 'paid';
  return counted.includes('pending') ? 'pending' : 'expired';
}

