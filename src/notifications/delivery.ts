// What a channel (e-mail, App IO) answers when the worker hands it a delivery: sent, or
// skipped for good (nobody to send to, and retrying would not change that), or it throws a
// DeliveryError saying whether to retry and when.
import type { ClaimedDelivery } from './notifications.repository.ts';

/** What a channel is handed (channels of other domains, such as PEC, take it from here). */
export type { ClaimedDelivery };

export type DeliveryOutcome = { status: 'sent'; externalId: string | null } | { status: 'skipped'; reason: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  /** retrying cannot help (the message itself was refused): dead-letter at once */
  readonly permanent: boolean;
  /** the other side asked to wait at least this long (HTTP 429 Retry-After) */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { permanent?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.permanent = options.permanent ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface ChannelSender {
  deliver(delivery: ClaimedDelivery): Promise<DeliveryOutcome>;
  close?(): Promise<void> | void;
}
