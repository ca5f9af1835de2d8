// The session person on every request: reads the login from the session, ends it when idle, too
// old or revoked on the server (logout, "log out everywhere", a deactivation), puts the person
// on `request.user` and in the templates (`user`, `staffMenu`), and keeps authenticated pages
// out of every cache. Outside production it also starts the bundled test identity provider with
// the app (and stops it when the app closes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { OidcProviderSettings } from './identity.config.ts';
import { SPID_ACR_VALUES } from './levels.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { SEEN_AT_GRANULARITY_MS, sessionStatus } from './session.ts';
import type { TestIdp } from './test-idp/test-idp.ts';
import { buildUser, type User } from './user.ts';
import { canAdminister, canUseBackoffice, canUseHelpDesk } from './policies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in person, or null. */
    user: User | null;
    /** The session had a login that ended (idle or too old) on this request. */
    sessionExpired: boolean;
  }
  interface FastifyInstance {
    identity: {
      /** The time the identity checks use (tests move it). */
      clock: Clock;
      /** The bundled test provider when it runs. */
      testIdp: TestIdp | null;
    };
  }
}

export interface IdentityPluginOptions {
  clock?: Clock | undefined;
}

// Paths that never need the person: static files and probes.
const NO_USER = /^\/(assets\/|healthz|readyz|metrics|favicon)/;

export const TEST_PROVIDER_IDS = { spid: 'test-spid', cie: 'test-cie' } as const;

/** The bundled SPID/CIE test federation (trust anchors and providers), the portal a subordinate of its anchors. */
async function startBundledFederation(app: FastifyInstance): Promise<TestIdp> {
  const { config } = app;
  const service = app.services.identity;
  const { startTestFederation } = await import('./test-idp/test-federation.ts');
  const federation = await startTestFederation({
    env: config.env,
    host: config.identity.testIdp.host,
    port: config.identity.testIdp.port,
    publicUrl: config.identity.testIdp.url,
    redirectUri: service.redirectUri,
    clientName: `${config.comune.name} - Sportello`,
    assetsBaseUrl: null,
    portal: { entityId: service.federation.entityId, federationJwks: service.federation.federationJwks() },
  });
  service.federation.useTestFederation({
    origin: federation.issuer,
    anchors: federation.anchors,
    providers: federation.providers,
    trustMarks: await federation.trustMarksFor(service.federation.entityId),
  });
  return federation;
}

async function identityPlugin(app: FastifyInstance, options: IdentityPluginOptions) {
  const clock = options.clock ?? systemClock;
  const { config } = app;
  const service = app.services.identity;
  await service.init();

  let testIdp: TestIdp | null = null;
  if (config.identity.testIdp.enabled) {
    // loaded only when it runs: oidc-provider is a development dependency, absent from the
    // production image (npm ci --omit=dev), which refuses the test provider anyway
    const [{ startTestIdp }, { TEST_PEOPLE }] = await Promise.all([import('./test-idp/test-idp.ts'), import('./test-idp/people.ts')]);
    const clients = (['spid', 'cie'] as const).map((kind) => ({ clientId: `sportello-${kind}`, kind }));
    if (service.federation.enabled) testIdp = await startBundledFederation(app);
    else testIdp = await startTestIdp({
      env: config.env,
      host: config.identity.testIdp.host,
      port: config.identity.testIdp.port,
      publicUrl: config.identity.testIdp.url,
      clientAuth: config.identity.testIdp.clientAuth,
      redirectUri: service.redirectUri,
      portalJwks: service.jwks(),
      clients,
      clientName: `${config.comune.name} - Sportello`,
      assetsBaseUrl: null,
    });
    const idp = testIdp;
    app.addHook('onClose', async () => idp.close());
    for (const c of service.federation.enabled ? [] : clients) {
      const settings: OidcProviderSettings = {
        id: TEST_PROVIDER_IDS[c.kind],
        kind: c.kind,
        label: null,
        issuer: idp.issuer,
        clientId: c.clientId,
        authMethod: config.identity.testIdp.clientAuth,
        clientSecret: idp.clientSecret(c.clientId),
        signedRequest: true,
        test: true,
        scope: 'openid',
        acrValues: SPID_ACR_VALUES,
      };
      service.addProvider(settings);
    }
    // a desk the database does not have (an administrator renamed it) is left out, as offices are
    const desks = await app.services.helpDesk.deskCodes();
    await service.addStaffIfAbsent(
      TEST_PEOPLE.filter((p) => p.staff && p.fiscalNumber).map((p) => ({
        fiscalCode: p.fiscalNumber!.replace(/^TINIT-/, ''),
        givenName: p.givenName,
        familyName: p.familyName,
        email: p.email,
        isAdmin: p.staff!.admin,
        offices: p.staff!.offices,
        desk: p.staff!.desk && desks.has(p.staff!.desk) ? p.staff!.desk : null,
        officeRoles: p.staff!.roles ?? {},
      })),
    );
    app.log.info({ issuer: idp.issuer }, 'test identity provider listening (not for production)');
  }

  app.decorate('identity', { clock, testIdp });
  // the sessions revoked before this process started (src/jobs.ts polls for later ones)
  app.addHook('onReady', async () => void (await service.pollRevocations()));
  app.decorateRequest('user', null);
  app.decorateRequest('sessionExpired', false);

  // staff areas are linked only when the domain that serves them is there
  const areas = { backoffice: false, admin: false, helpDesk: false };
  app.addHook('onReady', async () => {
    areas.backoffice = app.hasRoute({ method: 'GET', url: '/backoffice' });
    areas.admin = app.hasRoute({ method: 'GET', url: '/admin' });
    areas.helpDesk = app.hasRoute({ method: 'GET', url: '/sportello' });
  });

  function staffMenu(user: User, request: FastifyRequest) {
    const menu: { href: string; label: string }[] = [];
    if (areas.backoffice && canUseBackoffice(user)) menu.push({ href: '/backoffice', label: request.t('identity.menu.backoffice') });
    if (areas.helpDesk && canUseHelpDesk(user)) menu.push({ href: '/sportello', label: request.t('identity.menu.helpDesk') });
    if (areas.admin && canAdminister(user)) menu.push({ href: '/admin', label: request.t('identity.menu.admin') });
    return menu;
  }

  // A session ended on the server (logout, "log out everywhere", a deactivation): its cookie,
  // replayed or not, is that of a stranger whose session has ended.
  function endSession(request: FastifyRequest): void {
    request.session.set('identity', undefined);
    request.sessionExpired = true;
  }

  app.addHook('onRequest', async (request, reply) => {
    if (NO_USER.test(request.url)) return;
    const person = request.session.get('identity');
    if (!person) return;
    const now = clock().getTime();
    if (sessionStatus(person, now, config.identity.session) !== 'active') {
      request.session.set('identity', undefined);
      request.sessionExpired = true;
      void service.revoke(person, request.log);
      return;
    }
    // memory only: the click-day path pays no query for it (src/identity/session-revocations.ts)
    if (typeof person.sessionId !== 'string' || service.isSessionRevoked(person.sessionId)) return endSession(request);
    const staffSession = person.staff ? await service.staffSession(person.fiscalCode, person.sessionId) : null;
    if (staffSession?.revoked) return endSession(request);
    if (now - person.seenAt >= SEEN_AT_GRANULARITY_MS) request.session.set('identity', { ...person, seenAt: now });
    const user = buildUser(person, staffSession?.staff ?? null);
    request.user = user;
    reply.locals = { ...reply.locals, user, staffMenu: staffMenu(user, request) };
  });

  // Nothing personal in any cache, the browser's included (back button after logout).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.user || request.session?.get('identity') || request.session?.get('login')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

export default fp(identityPlugin, { name: 'identity', dependencies: ['services', 'security', 'views', 'config'] });
