// Sending webhook deliveries: each due row claimed, signed per Standard Webhooks with the
// subscription's secret by the `standardwebhooks` package (webhook-id, webhook-timestamp,
// webhook-signature `v1,<base64 HMAC-SHA256 of id.timestamp.body>`), posted without following
// redirects, and its outcome recorded: delivered on a 2xx, otherwise retried after the next
// delay of an exponential series, failed when the series is over.
import { Webhook } from 'standardwebhooks';
import type { DB } from '../db/database.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './webhooks.repository.ts';
import { mayDeliverTo } from './webhook-targets.ts';

/** Seconds before each retry: the nth failed attempt waits the nth delay; past the last (7 attempts), the delivery has failed. */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 3600, 6 * 3600, 24 * 3600] as const;
const DELIVERIES_PAGE = 50;
/** A claimed delivery is due again after this, if the run that claimed it stopped. */
const LEASE_MS = 5 * 60_000;

interface SenderOptions {
  clock: Clock;
  timeoutMs: number;
  allowPrivate: boolean;
}

type Due = Awaited<ReturnType<typeof repo.claimDue>>[number];

/** One POST; the error in words, or null on a 2xx. */
async function post(d: Due, now: Date, options: SenderOptions): Promise<{ status: number | null; error: string | null }> {
  const allowed = await mayDeliverTo(d.url, options.allowPrivate);
  if (!allowed.ok) return { status: null, error: `refused: ${allowed.reason}` };
  try {
    const response = await fetch(d.url, {
      method: 'POST',
      body: d.body,
      // a redirect could lead anywhere (inside the network): it counts as a failure
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Sportello-Webhooks/1',
        'webhook-id': d.message_id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(d.secret).sign(d.message_id, now, d.body),
      },
    });
    // the receiver's answer is not read beyond its status
    await response.body?.cancel().catch(() => {});
    return { status: response.status, error: response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}` };
  } catch (failure) {
    return { status: null, error: failure instanceof Error ? `${failure.name}: ${failure.message}`.slice(0, 300) : 'error' };
  }
}

async function attempt(db: DB, d: Due, options: SenderOptions): Promise<boolean> {
  const now = options.clock();
  const { status, error } = await post(d, now, options);
  const delivered = error === null;
  const delay = RETRY_DELAYS_SECONDS[d.attempts];
  await repo.recordAttempt(db, d.id, {
    at: now,
    status,
    error,
    delivered,
    failed: !delivered && delay === undefined,
    nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay * 1000),
  });
  return delivered;
}

/** Sends what is due (or the one delivery `onlyId` when due), a page at a time. */
export async function sendDue(db: DB, options: SenderOptions, onlyId?: number): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const now = options.clock();
    const due = await repo.claimDue(db, now, new Date(now.getTime() + LEASE_MS), DELIVERIES_PAGE, onlyId);
    for (const d of due) {
      if (await attempt(db, d, options)) sent += 1;
      else failed += 1;
    }
    if (onlyId !== undefined || due.length < DELIVERIES_PAGE) break;
  }
  return { sent, failed };
}
