// Login and the session person: starting a login at a provider, completing it at the callback
// (state, nonce, PKCE, the SPID level against the one required, the person's claims), the
// staff roles of a fiscal code, the server-side session of each login (session-revocations.ts),
// and logout (here or everywhere) with revocation at the provider. Routes call these; the
// relying party (oidc-client.ts) does the protocol.
import { officeCodes } from '../catalogue/offices.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { ClaimsError, parseIdentityClaims } from './claims.ts';
import * as repo from './identity.repository.ts';
import { levelFromProviderAcr, type SpidLevel } from './levels.ts';
import type { OidcProviderSettings } from './identity.config.ts';
import type { RelyingParty } from './oidc-client.ts';
import { createFederationService } from './federation/federation.service.ts';
import { createProviderRegistry, providerDiscovery, type WarnLog } from './provider-registry.ts';
import type { Clock } from '../platform/time.ts';
import { systemClock } from '../platform/time.ts';
import { createSessionRevocations } from './session-revocations.ts';
import { PENDING_LOGIN_TTL_MS, randomAlphanumeric, type PendingLogin } from './session.ts';
import type { OfficeRole, SessionIdentity, StaffRecord } from './user.ts';
import * as client from 'openid-client';

export const REFUSAL_REASONS = ['no_login', 'state', 'cancelled', 'provider', 'level', 'acr_missing', 'fiscal_number_missing', 'fiscal_number_invalid'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** A login that did not go through; the routes show a page saying why. */
export class LoginRefused extends Error {
  override name = 'LoginRefused';
  constructor(
    readonly reason: RefusalReason,
    readonly details: { level?: SpidLevel; got?: SpidLevel; returnTo?: string; provider?: string } = {},
  ) {
    super(reason);
  }

  get statusCode(): number {
    return this.reason === 'level' || this.reason.startsWith('fiscal_number') ? 403 : 400;
  }
}

export interface NewStaffMember {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email: string | null;
  isAdmin: boolean;
  offices: string[];
  /** the help desk of an operator (one that exists), or null */
  desk: string | null;
  /** the role in each office that is not a clerk's */
  officeRoles?: Record<string, OfficeRole>;
}

/** The redirect to the provider, and what the session must remember until the callback. */
async function startLogin(rp: RelyingParty, input: { provider: string; level: SpidLevel; returnTo: string; locale: string; now: number }) {
  const pending: PendingLogin = {
    provider: input.provider,
    state: randomAlphanumeric(),
    nonce: randomAlphanumeric(),
    codeVerifier: client.randomPKCECodeVerifier(),
    level: input.level,
    returnTo: input.returnTo,
    startedAt: input.now,
  };
  const url = await rp.authorizationUrl({ ...pending, locale: input.locale });
  return { url: url.toString(), pending };
}

type LoginDetails = { level: SpidLevel; returnTo: string; provider: string };

/** The code exchanged for tokens; a response that fails the protocol checks is a refusal. */
async function exchangeCode(rp: RelyingParty, redirectUri: string, pending: PendingLogin, query: URLSearchParams, details: LoginDetails, log?: WarnLog) {
  const callbackUrl = new URL(redirectUri);
  callbackUrl.search = query.toString();
  try {
    return await rp.exchange(callbackUrl, pending);
  } catch (cause) {
    const err = cause as { code?: string; error?: string; message?: string; cause?: { message?: string } };
    log?.warn(
      { provider: pending.provider, code: err.code, error: err.error, message: err.message, detail: err.cause?.message },
      'login refused: provider response failed the checks',
    );
    throw new LoginRefused('provider', details);
  }
}

/**
 * The provider's answer at the callback, checked end to end. The pending login is used
 * once: the caller has already removed it from the session.
 */
async function finishLogin(
  db: DB,
  registry: ReturnType<typeof createProviderRegistry>,
  redirectUri: string,
  input: { pending: PendingLogin | undefined; query: URLSearchParams; now: number; log?: WarnLog },
): Promise<Omit<SessionIdentity, 'sessionId'>> {
  const { pending, query, now, log } = input;
  if (!pending || now - pending.startedAt > PENDING_LOGIN_TTL_MS) throw new LoginRefused('no_login');
  const details = { level: pending.level, returnTo: pending.returnTo, provider: pending.provider };
  const rp = registry.party(pending.provider);
  if (!rp) throw new LoginRefused('no_login', details);
  if (query.get('state') !== pending.state) throw new LoginRefused('state', details);
  const error = query.get('error');
  if (error) throw new LoginRefused(error === 'access_denied' ? 'cancelled' : 'provider', details);

  const result = await exchangeCode(rp, redirectUri, pending, query, details, log);
  const revokeQuietly = () => rp.revoke(result.accessToken).catch(() => {});
  const got = levelFromProviderAcr(result.idToken.acr, rp.settings.acrValues);
  if (got === null) {
    await revokeQuietly();
    throw new LoginRefused('acr_missing', details);
  }
  if (got < pending.level) {
    await revokeQuietly();
    throw new LoginRefused('level', { ...details, got });
  }
  let claims;
  try {
    // SPID releases the attributes at userinfo only; CIE in both (userinfo wins)
    claims = parseIdentityClaims(rp.settings.kind === 'spid' ? { acr: result.idToken.acr } : result.idToken, result.userinfo);
  } catch (cause) {
    await revokeQuietly();
    if (cause instanceof ClaimsError) throw new LoginRefused(cause.problem, details);
    throw cause;
  }
  const staff = await repo.findActiveStaff(db, claims.fiscalCode);
  return {
    ...claims,
    provider: rp.settings.id,
    providerKind: rp.settings.kind,
    spidLevel: got,
    accessToken: result.accessToken,
    staff: staff !== undefined,
    ...(claims.companies.length === 0 ? { actingFor: null } : {}),
    authenticatedAt: now,
    seenAt: now,
  };
}

export function createIdentityService(db: DB, config: Config, clock: Clock = systemClock) {
  const redirectUri = `${config.baseUrl}/auth/callback`;
  const federation = createFederationService(config, clock, redirectUri);
  const registry = createProviderRegistry(config, redirectUri, { resolver: federation.resolver, encryptionKey: federation.encryptionKey, now: () => clock().getTime() });
  const sessions = createSessionRevocations(db, clock, config.identity.session.maxHours);

  const { discoverProviders, known } = providerDiscovery(registry, federation);

  /** Revokes the access token at the provider; a provider that does not answer does not keep anyone logged in. */
  async function revoke(identity: Pick<SessionIdentity, 'provider' | 'accessToken'>, log?: WarnLog): Promise<boolean> {
    await known(identity.provider, log).catch(() => undefined);
    const rp = registry.party(identity.provider);
    if (!rp || !identity.accessToken) return false;
    try {
      await rp.revoke(identity.accessToken);
      return true;
    } catch (cause) {
      log?.warn({ provider: identity.provider, message: (cause as Error).message }, 'token revocation failed');
      return false;
    }
  }

  return {
    redirectUri,

    /** Loads (or, outside production, generates) the signing keys and the configured providers. */
    async init(): Promise<void> {
      await Promise.all([registry.init(), federation.init()]); // keys made off the event loop, together
    },

    /** The SPID/CIE federation (entity configuration, anchors, chains), and its providers as login choices. */
    federation,
    discoverProviders,

    /** A provider known only at run time: the bundled test provider, once it listens. */
    addProvider(settings: OidcProviderSettings): void {
      registry.add(settings);
    },

    /** The portal's public keys (/.well-known/jwks.json). */
    jwks() {
      return registry.keys().jwks;
    },

    /** Real providers first, then the test ones. */
    providers(): OidcProviderSettings[] {
      return registry.all().map((p) => p.settings).sort((a, b) => Number(a.test) - Number(b.test));
    },

    hasProvider(id: string): boolean {
      return registry.has(id);
    },

    /** The redirect to the provider, and what the session must remember until the callback. */
    async beginLogin(input: { provider: string; level: SpidLevel; returnTo: string; locale: string; now: number }) {
      const rp = registry.party(input.provider);
      if (!rp) throw new LoginRefused('provider');
      return startLogin(rp, input);
    },

    /** The provider's answer at the callback (see finishLogin), and a new server-side session. */
    async completeLogin(pending: PendingLogin | undefined, query: URLSearchParams, now: number, log?: WarnLog): Promise<SessionIdentity> {
      await known(pending?.provider, log);
      const person = await finishLogin(db, registry, redirectUri, { pending, query, now, log });
      return { ...person, sessionId: await sessions.start(person.fiscalCode, new Date(now)) };
    },

    /** Whether a session was revoked (memory only: this runs on every request). */
    isSessionRevoked(sessionId: string): boolean {
      return sessions.isRevoked(sessionId);
    },

    /** Logout: this session ends on the server (a copy of its cookie is refused) and at the provider. */
    async logout(identity: Pick<SessionIdentity, 'provider' | 'accessToken' | 'sessionId'>, log?: WarnLog): Promise<void> {
      await sessions.revoke(identity.sessionId);
      await revoke(identity, log);
    },

    /** "Log out everywhere": every session of the person ends, this one included. */
    async logoutEverywhere(identity: Pick<SessionIdentity, 'provider' | 'accessToken' | 'fiscalCode'>, log?: WarnLog): Promise<number> {
      const ended = await sessions.revokePerson(identity.fiscalCode);
      await revoke(identity, log);
      return ended;
    },

    /** Learns the revocations made by the other replicas since the last poll (one query). */
    pollRevocations: (): Promise<number> => sessions.poll(),

    /** Deletes the rows of long-expired sessions (a periodic job). */
    pruneSessions: (): Promise<number> => sessions.prune(),

    /**
     * For a staff login, on each request (one query): the roles of an active member, so that a
     * removal takes effect at once, and whether the session was revoked meanwhile (a
     * deactivation, in any replica).
     */
    async staffSession(fiscalCode: string, sessionId: string): Promise<{ staff: StaffRecord | null; revoked: boolean }> {
      const found = await repo.findStaffForSession(db, fiscalCode, sessionId);
      if (found.revoked) sessions.remember(sessionId);
      return { staff: found.staff ?? null, revoked: found.revoked };
    },

    revoke,

    /** Whether the provider still honours a token (diagnostics and tests). */
    async introspect(provider: string, token: string) {
      const rp = registry.party(provider);
      if (!rp) throw new Error(`unknown provider ${provider}`);
      return rp.introspect(token);
    },

    /** Offices the catalogue does not have are skipped. */
    async addStaffIfAbsent(members: NewStaffMember[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const known = await officeCodes(trx);
        for (const member of members) await repo.insertStaffIfAbsent(trx, { ...member, offices: member.offices.filter((o) => known.has(o)) });
      });
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

/** Whether the person has logged in to the portal (recently enough for the session to be on record): the help desk's look-up. */
export const hasLoginOnRecord = (db: DB, fiscalCode: string): Promise<boolean> => repo.hasSessionOnRecord(db, fiscalCode);
