// The relying parties the portal knows: one per configured provider (plain OpenID or the test
// provider) and one per provider the SPID/CIE federation lists, each with the portal's signing
// keys. The identity service (identity.service.ts) starts logins and revokes tokens through them.
import type { Config } from '../config.ts';
import type { OidcProviderSettings } from './identity.config.ts';
import { loadKeyRing, type KeyRing } from './keys.ts';
import { RelyingParty, type FederationContext } from './oidc-client.ts';
import type { FederationService } from './federation/federation.service.ts';

export type WarnLog = { warn(obj: object, msg: string): void };

/** The portal's signing keys and a relying party per configured provider. */
export function createProviderRegistry(config: Config, redirectUri: string, federation: FederationContext) {
  const parties = new Map<string, RelyingParty>();
  let keyRing: KeyRing | undefined;

  function keys(): KeyRing {
    if (!keyRing) throw new Error('identity service not initialised');
    return keyRing;
  }

  return {
    keys,
    party: (id: string): RelyingParty | undefined => parties.get(id),
    has: (id: string): boolean => parties.has(id),
    all: (): RelyingParty[] => [...parties.values()],

    async init(): Promise<void> {
      keyRing ??= await loadKeyRing(config.identity.privateJwks);
      for (const settings of config.identity.providers) if (!parties.has(settings.id)) parties.set(settings.id, new RelyingParty(settings, keyRing, redirectUri, federation));
    },

    add(settings: OidcProviderSettings): void {
      if (settings.test && config.env === 'production') throw new Error('the test identity provider is refused in production');
      parties.set(settings.id, new RelyingParty(settings, keys(), redirectUri, federation));
    },
  };
}

/**
 * The federation's providers (as the anchors list them, each chain resolved) become relying
 * parties; one is known once the anchors have been asked, which another replica may not have yet.
 */
export function providerDiscovery(registry: ReturnType<typeof createProviderRegistry>, federation: FederationService) {
  const discoverProviders = async (log?: WarnLog) => (await federation.providers(log)).filter((p) => !registry.has(p.id)).forEach((p) => registry.add(p));
  const known = async (id: string | undefined, log?: WarnLog) => (id === undefined || registry.has(id) ? undefined : discoverProviders(log));
  return { discoverProviders, known };
}
