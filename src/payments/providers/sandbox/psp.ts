// The payment sandbox: a stand-in for the payment provider, built into the portal for
// development and tests (production refuses it). It keeps its own books, shows its own payment
// page (pay, fail, cancel), sends the person back to the portal's return URLs and notifies the
// portal by a signed HTTP callback, the way a real provider does: sometimes late, sometimes
// twice, sometimes out of order, sometimes never, so that the portal is exercised against all
// of it. The tester picks the delivery on the payment page ("random" by default).
import { randomUUID } from 'node:crypto';
import type { DB } from '../../../db/database.ts';
import { romeDate, type Clock } from '../../../platform/time.ts';
import type { ProviderPosition, ProviderState, Receipt, ReturnUrls } from '../provider.ts';
import { createCallbacks, type Delivery, type SandboxEvent } from './callbacks.ts';
import * as repo from './sandbox.repository.ts';

export const SANDBOX_PATH = '/sandbox-pagopa';
export type SandboxAction = 'pay' | 'fail' | 'cancel';

export interface SandboxOptions {
  db: DB;
  /** The portal's public URL: the payment page lives under it. */
  baseUrl: string;
  /** Where notifications go (the portal's callback route). */
  callbackUrl: string;
  secret: string;
  /** ms a "late" notification waits. */
  lateDelayMs?: number;
  /** ms between delivery retries when the portal does not answer 2xx (doubling). */
  retryDelayMs?: number;
  random?: () => number;
  /** the sandbox's time: its receipts, events, signatures and due dates */
  clock: Clock;
  log?: { warn(obj: object, msg: string): void };
}

const PSP = { id: 'SANDBOX01', name: 'Sportello Sandbox PSP (prova)' };

/** The sandbox over its own tables, created first if this database has none yet. */
export async function openSandboxPsp(options: SandboxOptions): Promise<SandboxPsp> {
  await repo.createTables(options.db);
  return createSandboxPsp(options);
}

export function createSandboxPsp(options: SandboxOptions) {
  const { db, clock } = options;
  const callbacks = createCallbacks({
    callbackUrl: options.callbackUrl,
    secret: options.secret,
    clock,
    random: options.random ?? Math.random,
    lateDelayMs: options.lateDelayMs ?? 20_000,
    retryDelayMs: options.retryDelayMs ?? 2_000,
    log: options.log,
  });

  return {
    /** Where to say that a notification was given up (the app's log). */
    useLog(logger: NonNullable<SandboxOptions['log']>) {
      callbacks.useLog(logger);
    },

    async register(position: ProviderPosition): Promise<void> {
      await repo.registerPosition(db, {
        iuv: position.iuv,
        notice_number: position.noticeNumber,
        creditor_fiscal_code: position.creditorFiscalCode,
        amount_cents: position.amountCents,
        description: position.reason,
        debtor_name: position.debtor.name,
        due_date: position.dueDate,
        expire_after_due_date: position.expireAfterDueDate,
      });
    },

    async openSession(position: ProviderPosition, returnUrls: ReturnUrls) {
      if (!(await repo.findPosition(db, position.iuv))) await this.register(position);
      const id = randomUUID();
      await repo.createSession(db, { id, iuv: position.iuv, return_ok_url: returnUrls.ok, return_cancel_url: returnUrls.cancel, return_error_url: returnUrls.error });
      return { reference: id, redirectUrl: `${options.baseUrl}${SANDBOX_PATH}/pagamento/${id}` };
    },

    /** The session with its position, for the payment page. */
    async session(id: string) {
      const session = await repo.findSession(db, id);
      if (!session) return undefined;
      const position = await repo.findPosition(db, session.iuv);
      return position ? { session, position } : undefined;
    },

    /**
     * The person's choice on the payment page. Returns where to send them back; null when the
     * session does not exist. A closed session (a second click) changes nothing.
     */
    async complete(id: string, action: SandboxAction, delivery: Delivery): Promise<string | null> {
      const found = await this.session(id);
      if (!found) return null;
      const result = await db.transaction().execute(async (trx) => {
        const wanted = action === 'pay' ? 'paid' : action === 'fail' ? 'failed' : 'cancelled';
        const closedSession = await repo.closeSession(trx, id, wanted);
        if (!closedSession) return { session: found.session, receipt: undefined, fresh: false };
        if (wanted !== 'paid') return { session: closedSession, receipt: undefined, fresh: true };
        const position = found.position;
        const receipt: Receipt = {
          receiptId: `SBX${randomUUID().replaceAll('-', '').slice(0, 29).toUpperCase()}`,
          noticeNumber: position.notice_number,
          fiscalCode: position.creditor_fiscal_code,
          outcome: 'OK',
          creditorReferenceId: position.iuv,
          paymentAmountCents: position.amount_cents,
          debtor: { fiscalCode: 'ANONIMO', name: position.debtor_name },
          idPSP: PSP.id,
          pspCompanyName: PSP.name,
          paymentMethod: 'CP',
          feeCents: 100,
          paymentDateTime: clock().toISOString(),
        };
        // a notice already paid elsewhere is refused, as pagoPA does (PAA_PAGAMENTO_DUPLICATO)
        if (!(await repo.markPaid(trx, position.iuv, receipt))) {
          await repo.setSessionStatus(trx, id, 'failed');
          return { session: { ...closedSession, status: 'failed' as const }, receipt: undefined, fresh: true };
        }
        return { session: closedSession, receipt, fresh: true };
      });
      const { session } = result;
      if (result.fresh) {
        const base = { noticeNumber: found.position.notice_number, creditorFiscalCode: found.position.creditor_fiscal_code, iuv: found.position.iuv, sessionId: id };
        const progress: SandboxEvent = { ...base, eventId: randomUUID(), status: 'pending', occurredAt: new Date(clock().getTime() - 1000).toISOString() };
        const outcome: SandboxEvent = {
          ...base,
          eventId: randomUUID(),
          status: session.status === 'paid' ? 'paid' : 'failed',
          occurredAt: clock().toISOString(),
          ...(result.receipt ? { receipt: result.receipt } : {}),
        };
        callbacks.send(outcome, progress, delivery);
      }
      return session.status === 'paid' ? session.return_ok_url : session.status === 'cancelled' ? session.return_cancel_url : session.return_error_url;
    },

    /** What the sandbox knows about a position and, when named, one of its sessions. */
    async state(iuv: string, sessionId?: string): Promise<ProviderState> {
      const position = await repo.findPosition(db, iuv);
      if (!position) return { position: 'unknown' };
      const session = sessionId ? await repo.findSession(db, sessionId) : undefined;
      const attempt = session ? (session.status === 'open' ? 'pending' : session.status === 'paid' ? 'paid' : 'failed') : undefined;
      if (position.status === 'PAID') return { position: 'paid', receipt: position.receipt ?? undefined, attempt };
      if (position.expire_after_due_date && position.due_date < romeDate(clock())) return { position: 'expired', attempt };
      return { position: 'pending', attempt };
    },

    /**
     * Resolves once every notification scheduled so far has been answered or given up, with
     * its retries: tests wait for what the sandbox sends, never for a length of time.
     */
    delivered: () => callbacks.delivered(),

    /** Stops the notifications not sent yet and waits for those on the way. */
    close: () => callbacks.close(),
  };
}

export type SandboxPsp = ReturnType<typeof createSandboxPsp>;
