// The payment sandbox's notifications to the portal: signed HTTP callbacks, sent the way the
// tester chose on the payment page (at once, late, twice, out of order, never, or one of these
// at random), and retried with a doubling wait while the portal does not answer. Timers stand
// for the network's delays; tests wait for delivered(), never for a length of time.
import type { Clock } from '../../../platform/time.ts';
import type { Receipt } from '../provider.ts';
import { SIGNATURE_HEADER, sign } from '../signature.ts';

export const DELIVERIES = ['random', 'normal', 'late', 'duplicate', 'out-of-order', 'none'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** What the sandbox posts to the portal. */
export interface SandboxEvent {
  eventId: string;
  status: 'pending' | 'paid' | 'failed';
  noticeNumber: string;
  creditorFiscalCode: string;
  iuv: string;
  sessionId: string;
  occurredAt: string;
  receipt?: Receipt;
}

type Log = { warn(obj: object, msg: string): void };

const MAX_RETRIES = 5;

export function createCallbacks(options: {
  callbackUrl: string;
  secret: string;
  /** the sandbox's time, in the signatures */
  clock: Clock;
  random: () => number;
  /** ms a "late" notification waits */
  lateDelayMs: number;
  /** ms before the first retry (doubling) */
  retryDelayMs: number;
  log: Log | undefined;
}) {
  let log = options.log;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  // who waits for the next scheduled notification to leave (delivered())
  const wakers: Array<() => void> = [];
  const wake = () => {
    for (const waker of wakers.splice(0)) waker();
  };
  let closed = false;

  async function post(event: SandboxEvent, attempt: number): Promise<void> {
    const body = JSON.stringify(event);
    try {
      const response = await fetch(options.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(options.secret, body, options.clock().getTime()) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) return;
      throw new Error(`status ${response.status}`);
    } catch (error) {
      if (attempt >= MAX_RETRIES) {
        log?.warn({ eventId: event.eventId, err: (error as Error).message }, 'payment sandbox: notification given up');
        return;
      }
      schedule(event, options.retryDelayMs * 2 ** attempt, attempt + 1);
    }
  }

  function schedule(event: SandboxEvent, delayMs: number, attempt = 0): void {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const sending = post(event, attempt).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      wake();
    }, delayMs);
    timer.unref();
    timers.add(timer);
  }

  return {
    /** Where to say that a notification was given up (the app's log). */
    useLog(logger: Log) {
      log = logger;
    },

    /** The notifications for one outcome, as the chosen delivery sends them. */
    send(outcome: SandboxEvent, progress: SandboxEvent, delivery: Delivery): void {
      const mode: Exclude<Delivery, 'random'> =
        delivery === 'random' ? (['normal', 'normal', 'late', 'duplicate', 'out-of-order', 'none'] as const)[Math.floor(options.random() * 6)]! : delivery;
      switch (mode) {
        case 'normal':
          schedule(progress, 0);
          schedule(outcome, 50);
          return;
        case 'late':
          schedule(progress, 0);
          schedule(outcome, options.lateDelayMs);
          return;
        case 'duplicate':
          for (const delay of [0, 50, 100]) schedule(outcome, delay);
          return;
        case 'out-of-order':
          schedule(outcome, 0);
          schedule(progress, 200);
          return;
        case 'none':
          return;
      }
    },

    /** Resolves once every notification scheduled so far has been answered or given up. */
    async delivered(): Promise<void> {
      while (timers.size > 0 || inFlight.size > 0) {
        await (inFlight.size > 0 ? Promise.allSettled([...inFlight]) : new Promise<void>((resolve) => wakers.push(resolve)));
      }
    },

    /** Stops the notifications not sent yet and waits for those on the way. */
    async close(): Promise<void> {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      wake();
      await Promise.allSettled([...inFlight]);
    },
  };
}
