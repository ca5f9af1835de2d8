// Login pages: /auth/login (the SPID and CIE buttons, and the redirect to the provider chosen),
// /auth/callback (the provider's answer), /auth/logout, /auth/logout-everywhere (every session
// of the person ends), /auth/choose-company (for whom a
// legal representative acts) and the portal's public keys at /.well-known/jwks.json. Thin:
// parse with zod, call the identity service, render or redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ProviderKind } from './claims.ts';
import type { OidcProviderSettings } from './identity.config.ts';
import { LoginRefused, REFUSAL_REASONS } from './identity.service.ts';
import { DEFAULT_LEVEL, type SpidLevel } from './levels.ts';
import { loginPath } from './policies.ts';
import { safeReturnTo } from './session.ts';

const loginQuery = z.object({
  provider: z.string().max(40).optional().catch(undefined),
  level: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  returnTo: z.string().max(2000).optional().catch(undefined),
  expired: z.literal('1').optional().catch(undefined),
});

/** The page of a refused login: why (no code, no state, nothing personal), and where to go back. */
const refusalQuery = z.object({
  motivo: z.enum(REFUSAL_REASONS).catch('no_login'),
  livello: z.coerce.number().int().min(1).max(3).catch(DEFAULT_LEVEL),
  ottenuto: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  returnTo: z.string().max(2000).optional().catch(undefined),
});
export const REFUSAL_PATH = '/auth/errore';

/** Where a refused login is shown: its own URL, so the provider's code never stays in the address bar. */
function refusalUrl(refusal: LoginRefused): string {
  const { level, got, returnTo } = refusal.details;
  const query = new URLSearchParams({ motivo: refusal.reason, livello: String(level ?? DEFAULT_LEVEL), ...(got ? { ottenuto: String(got) } : {}), returnTo: returnTo ?? '/' });
  return `${REFUSAL_PATH}?${query.toString()}`;
}

const returnToQuery = z.object({ returnTo: z.string().max(2000).optional().catch(undefined) });

const chooseCompanyBody = z.object({
  actingFor: z.string().max(20).optional(),
  returnTo: z.string().max(2000).optional(),
});

const KIND_ORDER: ProviderKind[] = ['spid', 'cie', 'oidc'];
const MORE_LINKS: Partial<Record<ProviderKind, string>> = {
  spid: 'https://www.spid.gov.it/cos-e-spid/come-attivare-spid/',
  cie: 'https://www.cartaidentita.interno.gov.it/',
};

function loginButtons(request: FastifyRequest, providers: OidcProviderSettings[], level: SpidLevel, returnTo: string) {
  return KIND_ORDER.map((kind) => ({
    kind,
    title: request.t(`identity.login.${kind}.title`),
    text: kind === 'oidc' ? '' : request.t(`identity.login.${kind}.text`),
    more: MORE_LINKS[kind] ? { href: MORE_LINKS[kind], label: request.t(`identity.login.${kind}.more`) } : null,
    buttons: providers
      .filter((p) => p.kind === kind)
      .map((p) => ({
        id: p.id,
        test: p.test,
        label: p.label ? p.label[request.locale] : kind === 'oidc' ? request.t('identity.login.oidc.button', { name: p.id }) : request.t(`identity.login.${kind}.button`),
        href: `/auth/login?${new URLSearchParams({ provider: p.id, level: String(level), returnTo }).toString()}`,
      })),
  })).filter((group) => group.buttons.length > 0);
}

export default async function identityRoutes(app: FastifyInstance) {
  // registered on this same instance (not as child plugins): the hooks and decorators stay as they were
  loginRoutes(app);
  companyChoiceRoutes(app);
  keysRoutes(app);
}

/** /auth/login, /auth/callback, /auth/logout and /auth/logout-everywhere. */
function loginRoutes(app: FastifyInstance) {
  const identity = app.services.identity;
  const clock = app.identity.clock;
  const rateLimit = { max: app.config.identity.loginRateLimit, timeWindow: '1 minute' };

  function renderLogin(request: FastifyRequest, reply: FastifyReply, input: { level: SpidLevel; askedLevel: boolean; returnTo: string; expired: boolean; problem?: string }) {
    const providers = identity.providers();
    return reply.view('identity/login.njk', {
      pageTitle: request.t('identity.login.title'),
      breadcrumbs: [{ label: request.t('identity.login.title') }],
      groups: loginButtons(request, providers, input.level, input.returnTo),
      hasTestProvider: providers.some((p) => p.test),
      level: input.level,
      askedLevel: input.askedLevel,
      expired: input.expired,
      problem: input.problem,
      returnTo: input.returnTo,
    });
  }

  function renderRefused(request: FastifyRequest, reply: FastifyReply, refusal: LoginRefused) {
    const level = refusal.details.level ?? DEFAULT_LEVEL;
    const returnTo = refusal.details.returnTo ?? '/';
    const params = { level, got: refusal.details.got ?? '' };
    return reply.status(refusal.statusCode).view('identity/refused.njk', {
      pageTitle: request.t(`identity.refused.${refusal.reason}.title`),
      title: request.t(`identity.refused.${refusal.reason}.title`),
      text: request.t(`identity.refused.${refusal.reason}.text`, params),
      retryHref: loginPath(returnTo, { level }),
      retryLabel: refusal.reason === 'level' ? request.t('identity.refused.retryLevel', { level }) : request.t('identity.refused.retry'),
    });
  }

  app.get('/auth/login', { config: { rateLimit } }, async (request, reply) => {
    const query = loginQuery.parse(request.query);
    await identity.discoverProviders(request.log);
    const level = (query.level ?? DEFAULT_LEVEL) as SpidLevel;
    const returnTo = safeReturnTo(query.returnTo);
    const view = { level, askedLevel: query.level !== undefined, returnTo, expired: query.expired === '1' || request.sessionExpired };

    if (query.provider !== undefined) {
      if (!identity.hasProvider(query.provider)) {
        return renderLogin(request, reply.status(400), { ...view, problem: request.t('identity.login.unknownProvider') });
      }
      let started;
      try {
        started = await identity.beginLogin({ provider: query.provider, level, returnTo, locale: request.locale, now: clock().getTime() });
      } catch (error) {
        request.log.error({ err: error, provider: query.provider }, 'identity provider unreachable');
        return renderLogin(request, reply.status(503), { ...view, problem: request.t('identity.login.providerDown') });
      }
      request.session.set('login', started.pending);
      return reply.redirect(started.url, 303);
    }

    const user = request.user;
    if (user && !user.companyChoicePending && user.spidLevel >= level) return reply.redirect(returnTo, 303);
    return renderLogin(request, reply, view);
  });

  app.get('/auth/callback', { config: { rateLimit } }, async (request, reply) => {
    // one use only: whatever happens next, this login request is spent
    const pending = request.session.get('login');
    request.session.set('login', undefined);
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    try {
      const person = await identity.completeLogin(pending, query, clock().getTime(), request.log);
      // a new session: nothing from before the login survives (no fixation, no stale CSRF secret)
      request.session.regenerate();
      request.session.set('identity', person);
      request.log.info({ provider: person.provider, level: person.spidLevel, staff: person.staff }, 'login');
      const returnTo = pending!.returnTo;
      if (person.companies.length > 0) return reply.redirect(`/auth/choose-company?returnTo=${encodeURIComponent(returnTo)}`, 303);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof LoginRefused)) throw error;
      request.log.info({ reason: error.reason, provider: error.details.provider }, 'login refused');
      // 303 to a page of its own: the callback's URL (code, state) leaves the address bar and the history
      return reply.redirect(refusalUrl(error), 303);
    }
  });

  app.get(REFUSAL_PATH, async (request, reply) => {
    const query = refusalQuery.parse(request.query ?? {});
    const refusal = new LoginRefused(query.motivo, { level: query.livello as SpidLevel, got: query.ottenuto as SpidLevel | undefined, returnTo: safeReturnTo(query.returnTo) });
    return renderRefused(request, reply.header('cache-control', 'no-store'), refusal);
  });

  app.post('/auth/logout', async (request, reply) => {
    // ended on the server too: a copy of the cookie is refused from now on
    const person = request.session.get('identity');
    if (person) await identity.logout(person, request.log);
    request.session.delete();
    return reply.redirect('/', 303);
  });

  // every session of the person, on any device and in any replica, this one included
  app.post('/auth/logout-everywhere', async (request, reply) => {
    const person = request.session.get('identity');
    if (!person) return reply.redirect(loginPath('/area-personale/preferenze', { expired: request.sessionExpired }), 303);
    const ended = await identity.logoutEverywhere(person, request.log);
    request.log.info({ ended }, 'logout everywhere');
    request.session.delete();
    return reply.redirect('/auth/logout-everywhere', 303);
  });

  app.get('/auth/logout-everywhere', async (request, reply) => {
    return reply.view('identity/logged-out.njk', {
      pageTitle: request.t('identity.sessions.done.title'),
      breadcrumbs: [{ label: request.t('identity.sessions.done.title') }],
    });
  });
}

/** /auth/choose-company: for whom a legal representative acts. */
function companyChoiceRoutes(app: FastifyInstance) {
  function renderChooseCompany(request: FastifyRequest, reply: FastifyReply, returnTo: string, error?: string) {
    const user = request.user!;
    return reply.view('identity/choose-company.njk', {
      pageTitle: request.t('identity.company.title'),
      breadcrumbs: [{ label: request.t('identity.company.title') }],
      person: user,
      current: user.companyChoicePending ? undefined : (user.company?.fiscalCode ?? 'self'),
      returnTo,
      error,
    });
  }

  app.get('/auth/choose-company', async (request, reply) => {
    const { returnTo: raw } = returnToQuery.parse(request.query);
    const returnTo = safeReturnTo(raw);
    const user = request.user;
    if (!user) return reply.redirect(loginPath(request.url, { expired: request.sessionExpired }), 303);
    if (user.companies.length === 0) return reply.redirect(returnTo, 303);
    return renderChooseCompany(request, reply, returnTo);
  });

  app.post('/auth/choose-company', async (request, reply) => {
    const parsed = chooseCompanyBody.safeParse(request.body ?? {});
    const returnTo = safeReturnTo(parsed.success ? parsed.data.returnTo : undefined);
    const user = request.user;
    const person = request.session.get('identity');
    if (!user || !person) return reply.redirect(loginPath('/auth/choose-company', { expired: request.sessionExpired }), 303);
    const choice = parsed.success ? parsed.data.actingFor : undefined;
    const company = user.companies.find((c) => c.fiscalCode === choice);
    if (choice !== 'self' && !company) {
      return renderChooseCompany(request, reply.status(422), returnTo, request.t('identity.company.required'));
    }
    request.session.set('identity', { ...person, actingFor: company ? company.fiscalCode : null });
    return reply.redirect(returnTo, 303);
  });
}

/** The portal's public keys. */
function keysRoutes(app: FastifyInstance) {
  const identity = app.services.identity;
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.type('application/jwk-set+json');
    reply.header('cache-control', 'public, max-age=300');
    return identity.jwks();
  });
  // the SPID/CIE federation: the portal's entity configuration (src/identity/federation)
  app.get('/.well-known/openid-federation', async (_request, reply) => {
    if (!identity.federation.enabled) return reply.callNotFound();
    reply.type('application/entity-statement+jwt');
    reply.header('cache-control', 'public, max-age=300');
    return identity.federation.entityConfiguration(identity.jwks());
  });
}
