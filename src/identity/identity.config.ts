// The identity part of the configuration: which OpenID providers the portal trusts (SPID, CIE,
// any standard provider, and the bundled test provider outside production), the portal's own
// signing keys, the session limits and the login rate limit. config.ts reads the environment;
// this module turns the identity keys into IdentityConfig and says what production lacks.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ProviderKind } from './claims.ts';
import { SPID_ACR_VALUES, type AcrValues } from './levels.ts';

export type ClientAuthMethod = 'private_key_jwt' | 'client_secret_basic';

export interface OidcProviderSettings {
  /** Short name used in URLs (/auth/login?provider=spid). */
  readonly id: string;
  readonly kind: ProviderKind;
  /** Button text; default "Entra con SPID" / "Entra con CIE" / "Entra con <id>". */
  readonly label: { readonly it: string; readonly en: string } | null;
  readonly issuer: string;
  readonly clientId: string;
  readonly authMethod: ClientAuthMethod;
  /** Only the bundled test provider may use a client secret. */
  readonly clientSecret: string | null;
  /** Send the request parameters in a signed request object (JAR), as the SPID/CIE federation wants. */
  readonly signedRequest: boolean;
  /** The bundled test provider (marked as such on the login page). */
  readonly test: boolean;
  /** The scope asked for: "openid" for SPID/CIE (claims come by the claims parameter). */
  readonly scope: string;
  /** The acr value of each level (SPID's URIs unless the provider uses others). */
  readonly acrValues: AcrValues;
  /** A provider of the SPID/CIE OpenID federation: its metadata comes from its trust chain to this anchor. */
  readonly federation?: { readonly trustAnchor: string } | undefined;
}

export interface FederationTrustAnchor {
  readonly kind: 'spid' | 'cie';
  readonly entityId: string;
  /** The anchor's public federation keys, pinned. */
  readonly jwks: { keys: Record<string, unknown>[] };
}

export interface FederationConfig {
  /** federation: SPID/CIE as an OpenID federation relying party; oidc: plain OpenID providers. */
  readonly mode: 'federation' | 'oidc';
  readonly trustAnchors: readonly FederationTrustAnchor[];
  /** The portal's superiors; default the trust anchors. */
  readonly authorityHints: readonly string[];
  readonly privateJwks: readonly Record<string, unknown>[] | null;
  readonly encryptionJwk: Record<string, unknown> | null;
  readonly trustMarks: readonly { id: string; trust_mark: string }[];
  readonly contacts: readonly string[];
  readonly policyUri: string | null;
}

export interface TestIdpConfig {
  readonly enabled: boolean;
  /** Listening port; 0 picks a free one (tests). */
  readonly port: number;
  readonly host: string;
  /** Its public URL (the issuer) when it is not reachable at http://host:port. */
  readonly url: string | null;
  readonly clientAuth: ClientAuthMethod;
}

export interface IdentityConfig {
  readonly providers: readonly OidcProviderSettings[];
  /** The portal's private signing keys (JWK); null: a key generated at start (never in production). */
  readonly privateJwks: readonly Record<string, unknown>[] | null;
  readonly testIdp: TestIdpConfig;
  /** revocationPollSeconds: 0, the revocations of other replicas are read at start only. */
  readonly session: { readonly idleMinutes: number; readonly maxHours: number; readonly revocationPollSeconds: number };
  /** Login and callback requests per minute from one address. */
  readonly loginRateLimit: number;
  readonly federation: FederationConfig;
}

/** The environment keys this module reads (declared and described in config.ts). */
export interface IdentityEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  HOST: string;
  OIDC_PROVIDERS?: string | undefined;
  SPID_ISSUER?: string | undefined;
  SPID_CLIENT_ID?: string | undefined;
  CIE_ISSUER?: string | undefined;
  CIE_CLIENT_ID?: string | undefined;
  OIDC_PRIVATE_JWK?: string | undefined;
  OIDC_PRIVATE_JWK_FILE?: string | undefined;
  TEST_IDP_ENABLED?: boolean | undefined;
  TEST_IDP_PORT?: number | undefined;
  TEST_IDP_URL?: string | undefined;
  TEST_IDP_CLIENT_AUTH: ClientAuthMethod;
  SESSION_IDLE_MINUTES: number;
  SESSION_MAX_HOURS: number;
  SESSION_REVOCATION_POLL_SECONDS?: number | undefined;
  LOGIN_RATE_LIMIT?: number | undefined;
  OIDC_MODE?: 'federation' | 'oidc' | undefined;
  FEDERATION_TRUST_ANCHORS?: string | undefined;
  FEDERATION_AUTHORITY_HINTS?: string | undefined;
  FEDERATION_PRIVATE_JWK?: string | undefined;
  FEDERATION_PRIVATE_JWK_FILE?: string | undefined;
  OIDC_ENCRYPTION_JWK?: string | undefined;
  FEDERATION_TRUST_MARKS?: string | undefined;
  FEDERATION_CONTACTS?: string | undefined;
  FEDERATION_POLICY_URI?: string | undefined;
}

const providerEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes'),
    kind: z.enum(['spid', 'cie', 'oidc']).default('oidc'),
    label: z.object({ it: z.string().min(1), en: z.string().min(1) }).optional(),
    issuer: z.string().url(),
    clientId: z.string().min(1),
    signedRequest: z.boolean().optional(),
    scope: z.string().regex(/^openid( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must start with openid').optional(),
    acrValues: z.object({ 1: z.string().min(1), 2: z.string().min(1), 3: z.string().min(1) }).strict().optional(),
  })
  .strict();

function parseJson(value: string, what: string, problems: string[]): unknown {
  try {
    return JSON.parse(value);
  } catch {
    problems.push(`${what} is not valid JSON`);
    return undefined;
  }
}

function providersFrom(env: IdentityEnv, problems: string[]): OidcProviderSettings[] {
  const entries: z.infer<typeof providerEntry>[] = [];
  if (env.OIDC_PROVIDERS) {
    const parsed = z.array(providerEntry).safeParse(parseJson(env.OIDC_PROVIDERS, 'OIDC_PROVIDERS', problems));
    if (parsed.success) entries.push(...parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `OIDC_PROVIDERS ${i.path.join('.')}: ${i.message}`));
  }
  for (const kind of ['spid', 'cie'] as const) {
    const prefix = kind === 'spid' ? 'SPID' : 'CIE';
    const issuer = kind === 'spid' ? env.SPID_ISSUER : env.CIE_ISSUER;
    const clientId = kind === 'spid' ? env.SPID_CLIENT_ID : env.CIE_CLIENT_ID;
    if (!issuer && !clientId) continue;
    if (!issuer || !clientId) {
      problems.push(`${prefix}_ISSUER and ${prefix}_CLIENT_ID go together`);
      continue;
    }
    entries.push({ id: kind, kind, issuer, clientId });
  }
  const seen = new Set<string>();
  const providers: OidcProviderSettings[] = [];
  for (const entry of entries) {
    if (seen.has(entry.id)) problems.push(`OpenID provider "${entry.id}" is configured twice`);
    seen.add(entry.id);
    if (env.NODE_ENV === 'production' && !entry.issuer.startsWith('https://')) problems.push(`OpenID provider "${entry.id}" must use https`);
    providers.push(
      Object.freeze({
        id: entry.id,
        kind: entry.kind,
        label: entry.label ?? null,
        issuer: entry.issuer.replace(/\/$/, ''),
        clientId: entry.clientId,
        authMethod: 'private_key_jwt' as const,
        clientSecret: null,
        signedRequest: entry.signedRequest ?? entry.kind !== 'oidc',
        test: false,
        scope: entry.scope ?? (entry.kind === 'oidc' ? 'openid profile email phone' : 'openid'),
        acrValues: entry.acrValues ? Object.freeze({ ...entry.acrValues }) : SPID_ACR_VALUES,
      }),
    );
  }
  return providers;
}

function privateKeysFrom(env: IdentityEnv, problems: string[], name: 'OIDC_PRIVATE_JWK' | 'FEDERATION_PRIVATE_JWK' = 'OIDC_PRIVATE_JWK'): Record<string, unknown>[] | null {
  let source = env[name];
  const file = env[`${name}_FILE`];
  if (!source && file) {
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
      return null;
    }
  }
  if (!source) return null;
  const value = parseJson(source, name, problems) as { keys?: unknown } | undefined;
  if (value === undefined) return null;
  const keys = Array.isArray(value.keys) ? value.keys : [value];
  const usable = keys.filter(
    (k): k is Record<string, unknown> =>
      !!k && typeof k === 'object' && typeof (k as Record<string, unknown>).d === 'string' && ['RSA', 'EC'].includes(String((k as Record<string, unknown>).kty)),
  );
  if (usable.length === 0) {
    problems.push(`${name} must hold a private RSA or EC key (a JWK with "d", or a JWK set)`);
    return null;
  }
  return usable;
}

const trustAnchorEntry = z
  .object({
    kind: z.enum(['spid', 'cie']),
    entityId: z.string().url(),
    jwks: z.object({ keys: z.array(z.record(z.unknown())).min(1) }),
  })
  .strict();
const trustMarkEntry = z.object({ id: z.string().min(1), trust_mark: z.string().min(1) }).strict();

function listFrom<T>(value: string | undefined, schema: z.ZodType<T>, name: string, problems: string[]): T[] {
  if (!value) return [];
  const parsed = z.array(schema).safeParse(parseJson(value, name, problems));
  if (parsed.success) return parsed.data;
  problems.push(...parsed.error.issues.map((i) => `${name} ${i.path.join('.')}: ${i.message}`));
  return [];
}

/** SPID and CIE as an OpenID federation relying party (src/identity/federation, docs/identity.md). */
function federationFrom(env: IdentityEnv, plainProviders: number, problems: string[]): FederationConfig {
  const production = env.NODE_ENV === 'production';
  const trustAnchors = listFrom(env.FEDERATION_TRUST_ANCHORS, trustAnchorEntry, 'FEDERATION_TRUST_ANCHORS', problems).map((a) => ({ ...a, entityId: a.entityId.replace(/\/+$/, '') }));
  // the plain mode stays for aggregators; tests keep it unless they ask (their helpers log in through it)
  const mode = env.OIDC_MODE ?? (trustAnchors.length > 0 || (plainProviders === 0 && env.NODE_ENV === 'development') ? 'federation' : 'oidc');
  const privateJwks = privateKeysFrom(env, problems, 'FEDERATION_PRIVATE_JWK');
  let encryptionJwk: Record<string, unknown> | null = null;
  if (env.OIDC_ENCRYPTION_JWK) {
    const value = parseJson(env.OIDC_ENCRYPTION_JWK, 'OIDC_ENCRYPTION_JWK', problems) as Record<string, unknown> | undefined;
    if (value && value.kty === 'RSA' && typeof value.d === 'string') encryptionJwk = value;
    else if (value) problems.push('OIDC_ENCRYPTION_JWK must be a private RSA JWK');
  }
  if (mode === 'federation' && production) {
    if (trustAnchors.length === 0) problems.push('FEDERATION_TRUST_ANCHORS (OIDC_MODE=federation)');
    if (!privateJwks) problems.push('FEDERATION_PRIVATE_JWK or FEDERATION_PRIVATE_JWK_FILE (the federation key)');
    if (!encryptionJwk) problems.push('OIDC_ENCRYPTION_JWK (the key providers encrypt userinfo with)');
    for (const a of trustAnchors) if (!a.entityId.startsWith('https://')) problems.push(`trust anchor ${a.entityId} must use https`);
  }
  const hints = (env.FEDERATION_AUTHORITY_HINTS ?? '').split(',').map((h) => h.trim().replace(/\/+$/, '')).filter(Boolean);
  return Object.freeze({
    mode,
    trustAnchors: Object.freeze(trustAnchors),
    authorityHints: Object.freeze(hints.length > 0 ? hints : trustAnchors.map((a) => a.entityId)),
    privateJwks: privateJwks ? Object.freeze(privateJwks) : null,
    encryptionJwk,
    trustMarks: Object.freeze(listFrom(env.FEDERATION_TRUST_MARKS, trustMarkEntry, 'FEDERATION_TRUST_MARKS', problems)),
    contacts: Object.freeze((env.FEDERATION_CONTACTS ?? '').split(',').map((c) => c.trim()).filter(Boolean)),
    policyUri: env.FEDERATION_POLICY_URI ?? null,
  });
}

/** The identity settings, and the problems that keep the portal from starting. */
export function identityConfig(env: IdentityEnv): { config: IdentityConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const providers = providersFrom(env, problems);
  const privateJwks = privateKeysFrom(env, problems);
  const testIdpEnabled = env.TEST_IDP_ENABLED ?? !production;
  const federation = federationFrom(env, providers.length, problems);

  if (production) {
    if (testIdpEnabled) problems.push('TEST_IDP_ENABLED must be false: the bundled test identity provider never runs in production');
    if (providers.length === 0 && federation.mode !== 'federation') problems.push('an identity provider: SPID_ISSUER + SPID_CLIENT_ID, CIE_ISSUER + CIE_CLIENT_ID, OIDC_PROVIDERS, or the federation (FEDERATION_TRUST_ANCHORS)');
    if (!privateJwks) problems.push('OIDC_PRIVATE_JWK or OIDC_PRIVATE_JWK_FILE (the key for private_key_jwt)');
  } else if (!testIdpEnabled && providers.length === 0) {
    problems.push('no identity provider: enable the test provider (TEST_IDP_ENABLED=true) or configure SPID/CIE');
  }

  const testIdpPort = env.TEST_IDP_PORT ?? (env.NODE_ENV === 'test' || env.PORT === 0 ? 0 : env.PORT + 1);
  return {
    problems,
    config: Object.freeze({
      providers: Object.freeze(providers),
      privateJwks: privateJwks ? Object.freeze(privateJwks) : null,
      testIdp: Object.freeze({
        enabled: testIdpEnabled,
        port: testIdpPort,
        host: env.HOST,
        url: env.TEST_IDP_URL ? env.TEST_IDP_URL.replace(/\/$/, '') : null,
        clientAuth: env.TEST_IDP_CLIENT_AUTH,
      }),
      session: Object.freeze({
        idleMinutes: env.SESSION_IDLE_MINUTES,
        maxHours: env.SESSION_MAX_HOURS,
        revocationPollSeconds: env.SESSION_REVOCATION_POLL_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 5),
      }),
      // tests log many people in from one address
      loginRateLimit: env.LOGIN_RATE_LIMIT ?? (env.NODE_ENV === 'test' ? 10_000 : 30),
      federation,
    }),
  };
}
