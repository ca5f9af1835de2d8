// Payments as the other domains and the routes see them: one object over the four concepts of
// the domain, each in its own module. Positions (positions.service.ts) are what a person owes,
// created in a filing's transaction; registration (registration.service.ts) hands them to the
// provider; settlement (settlement.service.ts) applies what the provider says, forward only;
// checkout (checkout.service.ts) is paying, and the notice and receipt, for the person and the
// office.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { EventLog } from '../platform/logger.ts';
import type { Clock } from '../platform/time.ts';
import { createCheckoutService } from './checkout.service.ts';
import { createPositionsService } from './positions.service.ts';
import { createProvider } from './providers/index.ts';
import type { PaymentProvider } from './providers/provider.ts';
import type { SandboxPsp } from './providers/sandbox/psp.ts';
import { createRegistrationService } from './registration.service.ts';
import { createSettlementService } from './settlement.service.ts';

export { filingPaymentStatus, type FilingPaymentStatus, type PositionInput, type PositionView } from './positions.service.ts';

export async function createPaymentsService(db: DB, config: Config, options: { clock: Clock; chosen?: { provider: PaymentProvider; sandbox: SandboxPsp | null }; log?: EventLog }) {
  const { clock } = options;
  const { provider, sandbox } = options.chosen ?? (await createProvider(db, config, clock));
  const positions = createPositionsService(db, { config, providerName: provider.name, clock });
  const registration = createRegistrationService(db, { config, provider, clock });
  const settlement = createSettlementService(db, { provider, registration, clock, log: options.log });
  const checkout = createCheckoutService(db, { config, provider, positions, registration, settlement, clock });
  const { visible: _visible, ...readable } = positions;
  const { refresh: _refresh, ...settling } = settlement;

  return {
    provider,
    /** The taxonomy code of a request that names none and whose procedure has none (pagoPA requires one). */
    defaultTaxonomyCode: config.payments.defaultTaxonomyCode,
    /** The sandbox's own side (its pages), when the sandbox is the provider. */
    sandbox,
    ...readable,
    ...checkout,
    ...settling,
    /** Registers what is not registered yet (positions created in other transactions). */
    publishPending: (asOf?: Date) => registration.publishDue(asOf),
    async close(): Promise<void> {
      await provider.close();
    },
  };
}

export type PaymentsService = Awaited<ReturnType<typeof createPaymentsService>>;
