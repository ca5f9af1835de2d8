// Web security every page relies on: security headers with a strict Content-Security-Policy
// (helmet), the sealed cookie session (@fastify/secure-session), CSRF on every state-changing
// request (a token, and the browser's word that the request comes from the portal's own pages),
// and rate limiting that routes opt into. A route that is authenticated another way (a
// provider's signed callback, the API) opts out of both CSRF checks with `config: { csrf: false }`.
import csrf from '@fastify/csrf-protection';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { DomainError, ForbiddenError } from './errors.ts';
import { bodyToken, CSRF_FIELD, deferCsrfToBody } from './multipart-csrf.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route is authenticated otherwise (e.g. a signed provider callback). */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'sportello_session';
export { CSRF_FIELD };
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function submittedToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  if (typeof fromBody === 'string') return fromBody;
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  // a multipart form's first field, read by readParts (src/platform/multipart-csrf.ts); never the URL
  return bodyToken(request);
}

/**
 * The security headers every response carries (strict Content-Security-Policy and the rest of
 * helmet's set), as name/value pairs. Helmet's policy is static, so its middleware is run once
 * here against a recorder; the page cache sends the same list with a cached page.
 */
export function securityHeaders(config: Pick<Config, 'secureCookies'>): ReadonlyArray<readonly [string, string]> {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // data: for the icon font Bootstrap Italia's stylesheet embeds (video.js)
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers.push([name, String(value)]);
    },
    // helmet removes X-Powered-By, which Fastify never sets
    removeHeader() {},
  };
  let failure: unknown;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/** A state-changing request another site made a browser send (Origin, Sec-Fetch-Site). */
export class CrossSiteError extends DomainError {
  override readonly statusCode = 403;
  override readonly pageKey = 'error.crossSite';
}

/**
 * CSRF's second line, beside the token: a browser says where a request comes from. Refused: an
 * Origin other than the portal's (BASE_URL's), and `Sec-Fetch-Site: cross-site`. A request with
 * neither header (an older browser, a script) is left to the token. Outside production the
 * request's own origin is accepted too (http://localhost:3000 for a BASE_URL on 127.0.0.1): it
 * is the portal's host as the browser named it, never the site that made the request.
 */
export function sameOriginCheck(config: Pick<Config, 'baseUrl' | 'env'>): (request: FastifyRequest) => boolean {
  const portal = new URL(config.baseUrl).origin;
  return (request) => {
    if (request.headers['sec-fetch-site'] === 'cross-site') return false;
    const origin = request.headers.origin;
    if (origin === undefined || origin === portal) return true;
    return config.env !== 'production' && origin === `${request.protocol}://${request.host}`;
  };
}

async function securityPlugin(app: FastifyInstance) {
  const { config } = app;
  // The same headers on every response, set from the list computed once at boot: running the
  // helmet middleware per request (even built once) was a large share of a cached page.
  const headers = securityHeaders(config);
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of headers) raw.setHeader(name, value);
    done();
  });

  await app.register(secureSession, {
    key: config.sessionKey,
    cookieName: SESSION_COOKIE,
    // the cookie's own limit is the session's longest life (the identity plugin enforces the
    // idle and absolute limits from the login's timestamps)
    expiry: config.identity.session.maxHours * 3600,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies },
  });

  await app.register(csrf, { sessionPlugin: '@fastify/secure-session', getToken: submittedToken });

  // counted in PostgreSQL, so the limits hold across the replicas (rate-limit-store.ts); the
  // clock is the services' one, read at each hit (they are built after this plugin)
  const store = databaseRateLimitStore(app.db, () => app.services.clock(), (error) => app.log.warn({ err: error }, 'rate limit: pruning failed'));
  await app.register(rateLimit, { global: false, store });

  // The checks run after the body is parsed (the token is a form field) and before any handler:
  // first where the request comes from, then the token.
  const sameOrigin = sameOriginCheck(config);
  app.addHook('preHandler', async (request, reply) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config.csrf === false) return;
    if (!sameOrigin(request)) throw new CrossSiteError();
    // a streamed multipart body: its first field is checked by readParts, before any part is read
    if (request.isMultipart() && typeof request.headers['x-csrf-token'] !== 'string') return deferCsrfToBody(request);
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (error?: Error) => (error ? reject(new ForbiddenError('csrf')) : resolve()));
    });
  });

  // Templates ask for a token only where they render a form, so pages without forms set no
  // session cookie and stay cacheable.
  app.addHook('onRequest', async (_request, reply) => {
    reply.locals = { ...reply.locals, csrfField: CSRF_FIELD, csrfToken: () => reply.generateCsrf() };
  });
}

export default fp(securityPlugin, { name: 'security', dependencies: ['config', 'views', 'database'] });
