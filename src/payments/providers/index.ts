// Picks the configured payment provider. The sandbox also hands back its own side (its pages
// are routes of the portal), which exists only when it is the provider: its modules are loaded
// then only, and it creates its own tables then (they are not part of the portal's schema).
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import type { Clock } from '../../platform/time.ts';
import { createPagopaProvider } from './pagopa/pagopa.provider.ts';
import type { PaymentProvider } from './provider.ts';
import type { SandboxPsp } from './sandbox/psp.ts';

export const CALLBACK_PATH = '/pagamenti/notifiche';

export async function createProvider(db: DB, config: Config, clock: Clock): Promise<{ provider: PaymentProvider; sandbox: SandboxPsp | null }> {
  const settings = config.payments;
  if (settings.provider === 'pagopa') {
    if (!settings.gpdUrl || !settings.checkoutUrl || !settings.subscriptionKey || !settings.iban) {
      throw new Error('the pagopa payment provider needs PAGOPA_GPD_URL, PAGOPA_CHECKOUT_URL, PAGOPA_SUBSCRIPTION_KEY and PAGOPA_IBAN');
    }
    const provider = createPagopaProvider({
      gpdUrl: settings.gpdUrl,
      checkoutUrl: settings.checkoutUrl,
      subscriptionKey: settings.subscriptionKey,
      checkoutSubscriptionKey: settings.checkoutSubscriptionKey,
      iban: settings.iban,
      callbackSecret: settings.callbackSecret,
      clock,
    });
    return { provider, sandbox: null };
  }
  const [{ openSandboxPsp }, { createSandboxProvider }] = await Promise.all([import('./sandbox/psp.ts'), import('./sandbox/sandbox.provider.ts')]);
  const sandbox = await openSandboxPsp({
    db,
    baseUrl: config.baseUrl,
    callbackUrl: `${config.baseUrl}${CALLBACK_PATH}/sandbox`,
    secret: settings.callbackSecret,
    // a stand-in for an outside system, which keeps its own time: the same clock, so tests can move it
    clock,
  });
  return { provider: createSandboxProvider(sandbox, settings.callbackSecret, clock), sandbox };
}
