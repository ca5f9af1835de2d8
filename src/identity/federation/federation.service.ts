// The portal as a relying party of the SPID/CIE OpenID federation: its federation keys and
// entity configuration, the trust anchors it trusts (configured, or the bundled test federation),
// the resolver of trust chains, and the providers the anchors list, each resolved before it is
// shown on the login page. The identity service turns those providers into relying parties.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { FederationTrustAnchor, OidcProviderSettings } from '../identity.config.ts';
import { generatePrivateJwk, loadEncryptionKey, loadKeyRing, type EncryptionKey, type KeyRing, type PublicJwk } from '../keys.ts';
import { SPID_ACR_VALUES } from '../levels.ts';
import type { Clock } from '../../platform/time.ts';
import { normalizeEntityId, signStatement, type Jwks } from './entity-statement.ts';
import { portalEntityConfiguration } from './entity-configuration.ts';
import { TrustChainResolver } from './trust-chain.ts';

type WarnLog = { warn(obj: object, msg: string): void };

/** How long the providers' list is kept before the anchors are asked again (the chains may say less). */
const LIST_TTL_MS = 10 * 60_000;
const ENTITY_CONFIGURATION_LIFETIME_S = 24 * 3600;

/**
 * In development a key not configured is made once and kept under DATA_DIR/keys (the federation
 * caches keys: a key changing at every restart would break the chains others keep).
 */
async function developmentKey(config: Config, name: string): Promise<Record<string, unknown> | null> {
  if (config.env !== 'development' || config.dataDir === 'memory://') return null;
  const file = path.resolve(config.dataDir, 'keys', `${name}.json`);
  const kept = await readFile(file, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>).catch(() => null);
  if (kept) return kept;
  const jwk = { ...(await generatePrivateJwk()), kid: `sportello-dev-${name}` };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

/** A short id for URLs (/auth/login?provider=...), stable for an entity id. */
export function providerIdFor(kind: string, entityId: string): string {
  const url = new URL(entityId);
  const slug = `${url.hostname}${url.pathname}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
  return `${kind}-${slug}-${createHash('sha256').update(entityId).digest('hex').slice(0, 6)}`;
}

/** The providers each anchor lists whose chain resolves, as login choices, and until when the list holds. */
async function listProviders(
  input: { resolver: TrustChainResolver; anchors: readonly FederationTrustAnchor[]; entityId: string; testOrigin: string | null; aliases: Map<string, string>; at: number },
  log?: WarnLog,
): Promise<{ found: OidcProviderSettings[]; until: number }> {
  const { resolver, anchors, entityId, testOrigin, aliases } = input;
  const found: OidcProviderSettings[] = [];
  let until = input.at + LIST_TTL_MS;
  for (const anchor of anchors) {
    let ids: string[];
    try {
      ids = await resolver.listSubordinates(anchor.entityId, 'openid_provider');
    } catch (error) {
      log?.warn({ anchor: anchor.entityId, message: (error as Error).message }, 'federation: the trust anchor list is unavailable');
      continue;
    }
    for (const op of ids) {
      try {
        const resolved = await resolver.resolve(op, 'openid_provider', anchor.entityId);
        until = Math.min(until, resolved.expiresAt);
        const name = String(resolved.federationEntity.organization_name ?? resolved.metadata.organization_name ?? op);
        found.push({
          id: aliases.get(normalizeEntityId(op)) ?? providerIdFor(anchor.kind, op),
          kind: anchor.kind,
          label: { it: name, en: name },
          issuer: normalizeEntityId(op),
          clientId: entityId,
          authMethod: 'private_key_jwt',
          clientSecret: null,
          signedRequest: true,
          test: testOrigin !== null && op.startsWith(testOrigin),
          scope: 'openid',
          acrValues: SPID_ACR_VALUES,
          federation: { trustAnchor: anchor.entityId },
        });
      } catch (error) {
        log?.warn({ provider: op, anchor: anchor.entityId, message: (error as Error).message }, 'federation: provider refused (trust chain)');
      }
    }
  }
  return { found, until };
}

export function createFederationService(config: Config, clock: Clock, redirectUri: string) {
  const settings = config.identity.federation;
  const entityId = normalizeEntityId(config.baseUrl);
  const anchors: FederationTrustAnchor[] = [...settings.trustAnchors];
  const authorityHints = [...settings.authorityHints];
  const trustMarks = [...settings.trustMarks];
  // the bundled providers keep the ids the tests and the e-mails know (test-spid, test-cie)
  const aliases = new Map<string, string>();
  let testOrigin: string | null = null;
  let keys: KeyRing | undefined;
  let encryption: EncryptionKey | undefined;
  let resolver: TrustChainResolver | undefined;
  let listed: { until: number; providers: OidcProviderSettings[] } | undefined;

  const now = () => clock();

  function chains(): TrustChainResolver {
    resolver ??= new TrustChainResolver({ anchors: anchors.map((a) => ({ entityId: a.entityId, jwks: a.jwks as Jwks })), now });
    return resolver;
  }

  return {
    enabled: settings.mode === 'federation',
    entityId,

    async init(): Promise<void> {
      if (settings.mode !== 'federation') return;
      const [federationJwk, encryptionJwk] = await Promise.all([
        settings.privateJwks ? null : developmentKey(config, 'federation'),
        settings.encryptionJwk ? null : developmentKey(config, 'encryption'),
      ]);
      [keys, encryption] = await Promise.all([
        keys ?? loadKeyRing(settings.privateJwks ?? (federationJwk ? [federationJwk] : null)),
        encryption ?? loadEncryptionKey(settings.encryptionJwk ?? encryptionJwk),
      ]);
    },

    federationJwks(): { keys: PublicJwk[] } {
      if (!keys) throw new Error('federation not initialised');
      return keys.jwks;
    },

    encryptionKey(): EncryptionKey {
      if (!encryption) throw new Error('federation not initialised');
      return encryption;
    },

    resolver: chains,

    /** The bundled test federation (outside production): its anchors, its providers' ids, the portal's trust marks. */
    useTestFederation(input: { origin: string; anchors: readonly FederationTrustAnchor[]; providers: readonly { entityId: string; id: string }[]; trustMarks: readonly { id: string; trust_mark: string }[] }): void {
      if (config.env === 'production') throw new Error('the test federation is refused in production');
      testOrigin = input.origin;
      anchors.push(...input.anchors);
      if (settings.authorityHints.length === 0) authorityHints.push(...input.anchors.map((a) => a.entityId));
      trustMarks.push(...input.trustMarks);
      for (const p of input.providers) aliases.set(normalizeEntityId(p.entityId), p.id);
      resolver = undefined;
      listed = undefined;
    },

    /** The signed entity configuration (application/entity-statement+jwt). */
    async entityConfiguration(coreJwks: { keys: unknown[] }): Promise<string> {
      if (!keys || !encryption) throw new Error('federation not initialised');
      const payload = portalEntityConfiguration({
        entityId,
        redirectUri,
        federationJwks: keys.jwks,
        coreJwks: { keys: [...(coreJwks.keys as PublicJwk[]), encryption.jwk] },
        authorityHints,
        trustMarks,
        organizationName: config.comune.name,
        homepageUri: config.baseUrl,
        policyUri: settings.policyUri ?? `${config.baseUrl}/privacy`,
        contacts: settings.contacts,
        lifetimeSeconds: ENTITY_CONFIGURATION_LIFETIME_S,
        now: clock(),
      });
      return signStatement(payload, keys.signing);
    },

    /**
     * The OpenID providers the anchors list, each with a trust chain that resolves; one that does
     * not is left out (and logged). Kept for ten minutes, never beyond a chain's expiry.
     */
    async providers(log?: WarnLog): Promise<OidcProviderSettings[]> {
      if (settings.mode !== 'federation') return [];
      const at = clock().getTime();
      if (listed && listed.until > at) return listed.providers;
      const { found, until } = await listProviders({ resolver: chains(), anchors, entityId, testOrigin, aliases, at }, log);
      listed = { until, providers: found };
      return found;
    },
  };
}

export type FederationService = ReturnType<typeof createFederationService>;
