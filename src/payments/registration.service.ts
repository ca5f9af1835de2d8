// Registering positions with the payment provider: a position created in a filing's transaction
// is registered after it commits, by the reconciliation job or by the first "Paga online",
// whichever comes first. A failure is recorded on the position and retried later, longer the
// more it fails; a refusal that retrying cannot change is not retried.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { DomainError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './payments.repository.ts';
import type { PositionRow } from './payments.table.ts';
import { ProviderError, type PaymentProvider, type ProviderPosition } from './providers/provider.ts';

/** The provider could not be reached or refused: the person is asked to try again later. */
export class PaymentUnavailableError extends DomainError {
  override readonly statusCode = 503;
  override readonly pageKey = 'payments.error.unavailable';
}

const PUBLISH_BATCH = 50;
/** How long a claimed position is left to the process that claimed it. */
export const CLAIM_LEASE_SECONDS = 600;
/** The longest wait between two checks (or registration attempts) of one position. */
export const MAX_CHECK_DELAY_S = 6 * 3600;

export function createRegistrationService(db: DB, options: { config: Config; provider: PaymentProvider; clock: Clock }) {
  const { config, provider, clock } = options;
  /** The first wait before a check, doubled as nothing happens. */
  const baseCheckDelayS = config.payments.reconcileIntervalSeconds || 60;
  const inSeconds = (seconds: number) => new Date(clock().getTime() + seconds * 1000);

  /** What the provider needs to know about a position. */
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

  /** Registers the position with the provider; records the outcome for the retries. */
  async function publish(row: PositionRow): Promise<boolean> {
    try {
      await provider.publish(toProvider(row));
      await repo.updatePosition(db, row.id, { publish_state: 'published', published_at: clock(), publish_last_error: null, next_check_at: inSeconds(baseCheckDelayS) }, clock());
      return true;
    } catch (error) {
      const attempts = row.publish_attempts + 1;
      const retryable = !(error instanceof ProviderError) || error.retryable;
      await repo.updatePosition(
        db,
        row.id,
        {
          publish_state: retryable ? 'to_publish' : 'failed',
          publish_attempts: attempts,
          publish_last_error: (error as Error).message.slice(0, 500),
          next_check_at: inSeconds(retryable ? Math.min(baseCheckDelayS * 2 ** Math.min(attempts, 10), MAX_CHECK_DELAY_S) : MAX_CHECK_DELAY_S),
        },
        clock(),
      );
      return false;
    }
  }

  return {
    toProvider,
    baseCheckDelayS,
    inSeconds,

    /** Registers the positions due for it at `asOf` (created in other transactions, or failed before). */
    async publishDue(asOf: Date = clock()): Promise<{ published: number; failed: number }> {
      let published = 0;
      let failed = 0;
      for (const row of await repo.claimPositionsToPublish(db, PUBLISH_BATCH, CLAIM_LEASE_SECONDS, asOf)) {
        if (await publish(row)) published++;
        else failed++;
      }
      return { published, failed };
    },

    /** The position is registered, or the person is told to try later. */
    async ensurePublished(row: PositionRow): Promise<void> {
      if (row.publish_state === 'published') return;
      const fresh = (await repo.findPosition(db, row.id))!;
      if (fresh.publish_state === 'published') return;
      if (!(await publish(fresh))) throw new PaymentUnavailableError('the provider did not take the position');
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
