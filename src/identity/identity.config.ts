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

function privateKeysFrom(env: IdentityEnv, problems: string[]): Record<string, unknown>[] | null {
  let source = env.OIDC_PRIVATE_JWK;
  if (!source && env.OIDC_PRIVATE_JWK_FILE) {
    try {
      source = readFileSync(env.OIDC_PRIVATE_JWK_FILE, 'utf8');
    } catch {
      problems.push(`OIDC_PRIVATE_JWK_FILE: cannot read ${env.OIDC_PRIVATE_JWK_FILE}`);
      return null;
    }
  }
  if (!source) return null;
  const value = parseJson(source, 'OIDC_PRIVATE_JWK', problems) as { keys?: unknown } | undefined;
  if (value === undefined) return null;
  const keys = Array.isArray(value.keys) ? value.keys : [value];
  const usable = keys.filter(
    (k): k is Record<string, unknown> =>
      !!k && typeof k === 'object' && typeof (k as Record<string, unknown>).d === 'string' && ['RSA', 'EC'].includes(String((k as Record<string, unknown>).kty)),
  );
  if (usable.length === 0) {
    problems.push('OIDC_PRIVATE_JWK must hold a private RSA or EC key (a JWK with "d", or a JWK set)');
    return null;
  }
  return usable;
}

/** The identity settings, and the problems that keep the portal from starting. */
export function identityConfig(env: IdentityEnv): { config: IdentityConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const providers = providersFrom(env, problems);
  const privateJwks = privateKeysFrom(env, problems);
  const testIdpEnabled = env.TEST_IDP_ENABLED ?? !production;

  if (production) {
    if (testIdpEnabled) problems.push('TEST_IDP_ENABLED must be false: the bundled test identity provider never runs in production');
    if (providers.length === 0) problems.push('an identity provider: SPID_ISSUER + SPID_CLIENT_ID, CIE_ISSUER + CIE_CLIENT_ID, or OIDC_PROVIDERS');
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
    }),
  };
}
