// The delivery worker: a short poll loop over the outbox. Each round claims a few due rows
// with one UPDATE ... FOR UPDATE SKIP LOCKED (so several workers, in one process or many,
// never take the same row), hands each to its channel, and records the outcome on the row:
// sent, skipped (nothing to send, final), failed (tried again after an exponential backoff)
// or dead (after the maximum number of attempts, or at once when retrying cannot help).
// The attempts and the last error stay on the row for the administrators' view.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import { DeliveryError, type ChannelSender } from './delivery.ts';
import * as repo from './notifications.repository.ts';
import type { ClaimedDelivery } from './notifications.repository.ts';
import type { DeliveryChannel } from './notifications.table.ts';

export const BACKOFF_MAX_MS = 6 * 3600 * 1000;

/**
 * The wait before attempt n+1 after n failed attempts: base, 2×base, 4×base... up to a cap,
 * stretched by up to `jitter` (a fraction) so that many failures do not all retry together.
 */
export function backoffDelay(attempts: number, baseMs: number, options: { maxMs?: number; jitter?: number; random?: () => number } = {}): number {
  const exponent = Math.max(0, attempts - 1);
  const raw = Math.min(options.maxMs ?? BACKOFF_MAX_MS, baseMs * 2 ** Math.min(exponent, 30));
  const jitter = options.jitter ?? 0.1;
  return Math.round(raw * (1 + jitter * (options.random ?? Math.random)()));
}

export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };

export interface WorkerOptions {
  db: DB;
  /** a channel missing here (PEC in a test harness) skips its deliveries */
  channels: Record<Exclude<DeliveryChannel, 'pec'>, ChannelSender> & Partial<Record<DeliveryChannel, ChannelSender>>;
  maxAttempts: number;
  backoffMs: number;
  pollMs: number;
  /** rows claimed per round */
  batchSize?: number;
  /** how long a claim holds; longer than any send can take (SMTP and IO calls time out first) */
  leaseMs?: number;
  workerId?: string;
  logger?: WorkerLogger;
  /** jitter of the backoff (fraction); tests set 0 */
  jitter?: number;
  /** what is due, when a claim runs out and when a retry is due are read on this clock */
  clock: Clock;
}

export interface RoundResult {
  claimed: number;
  sent: number;
  skipped: number;
  failed: number;
  dead: number;
}

export interface NotificationWorker {
  readonly id: string;
  /** One round: claim due rows, deliver them, record the outcomes. */
  runOnce(): Promise<RoundResult>;
  /** Rounds until nothing is due (tests, and the first round after start). */
  drain(maxRounds?: number): Promise<RoundResult>;
  start(): void;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
  /** Asks for a round soon (after a commit that enqueued something). */
  nudge(): void;
}

export function createWorker(options: WorkerOptions): NotificationWorker {
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 5 * 60 * 1000;
  const { clock } = options;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  async function deliverOne(delivery: ClaimedDelivery, result: RoundResult): Promise<void> {
    const channel = options.channels[delivery.channel];
    try {
      const outcome = channel ? await channel.deliver(delivery) : ({ status: 'skipped', reason: `no ${delivery.channel} channel in this worker` } as const);
      if (outcome.status === 'sent') {
        await repo.finishDelivery(options.db, delivery.id, id, { status: 'sent', externalId: outcome.externalId }, clock());
        result.sent++;
      } else {
        await repo.finishDelivery(options.db, delivery.id, id, { status: 'skipped', reason: outcome.reason }, clock());
        result.skipped++;
      }
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message ?? String(error), { cause: error });
      const message = failure.message.slice(0, 1000);
      if (failure.permanent || delivery.attempts >= options.maxAttempts) {
        await repo.finishDelivery(options.db, delivery.id, id, { status: 'dead', error: message }, clock());
        result.dead++;
        logger.error({ delivery: delivery.id, channel: delivery.channel, kind: delivery.kind, attempts: delivery.attempts, error: message }, 'notification dead-lettered');
      } else {
        const retryInMs = Math.max(backoffDelay(delivery.attempts, options.backoffMs, { jitter: options.jitter ?? 0.1 }), failure.retryAfterMs ?? 0);
        await repo.finishDelivery(options.db, delivery.id, id, { status: 'failed', error: message, retryInMs }, clock());
        result.failed++;
        logger.warn({ delivery: delivery.id, channel: delivery.channel, kind: delivery.kind, attempts: delivery.attempts, retryInMs, error: message }, 'notification delivery failed');
      }
    }
  }

  async function runOnce(): Promise<RoundResult> {
    const result: RoundResult = { claimed: 0, sent: 0, skipped: 0, failed: 0, dead: 0 };
    const claimed = await repo.claimDeliveries(options.db, { workerId: id, limit: batchSize, leaseMs, now: clock() });
    result.claimed = claimed.length;
    for (const delivery of claimed) await deliverOne(delivery, result);
    return result;
  }

  async function drain(maxRounds = 1000): Promise<RoundResult> {
    const total: RoundResult = { claimed: 0, sent: 0, skipped: 0, failed: 0, dead: 0 };
    for (let round = 0; round < maxRounds; round++) {
      const result = await runOnce();
      for (const key of Object.keys(total) as (keyof RoundResult)[]) total[key] += result[key];
      if (result.claimed === 0) break;
    }
    return total;
  }

  function schedule(delay: number) {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref?.();
  }

  let busy = false;
  let again = false;

  function tick() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    current = (async () => {
      try {
        const result = await drain(50);
        if (result.claimed > 0) logger.info({ worker: id, ...result }, 'notifications delivered');
      } catch (error) {
        // the database went away for a moment: try again at the next round
        logger.error({ worker: id, err: error }, 'notification round failed');
      } finally {
        busy = false;
        schedule(again ? 0 : options.pollMs);
        again = false;
      }
    })();
  }

  return {
    id,
    runOnce,
    drain,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
    nudge() {
      schedule(0);
    },
  };
}
