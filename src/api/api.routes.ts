// The API for back-office systems (/api/v1), one encapsulated plugin: the OAuth2 token endpoint,
// the bearer-token check and the scope each route needs, the per-client rate limit, problem
// details for every error, the case routes (cases.api.ts) and the OpenAPI document that
// @fastify/swagger makes from the routes' schemas (registered here only, so it sees these
// routes; the catalogue's read-only routes join it through its hand-written paths). No route
// here reads the session or a CSRF token: each is authenticated by its bearer token alone.
import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openApiDocument } from '../catalogue/catalogue.api.ts';
import { caseDetailSchema, caseSummarySchema, securitySchemes, tokenRoute } from './api.schemas.ts';
import type { Scope } from './api.table.ts';
import casesApi from './cases.api.ts';
import { TokenError, type ApiPrincipal } from './clients.service.ts';
import { ApiProblem, installProblemHandler, problemSchema } from './problems.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope an API route needs; the route is then authenticated by bearer token only. */
    apiScope?: Scope;
  }
  interface FastifyRequest {
    /** The API client of the bearer token (API routes with apiScope). */
    apiPrincipal: ApiPrincipal | null;
  }
}

/** The client's credentials: HTTP Basic (RFC 6749 section 2.3.1, form-encoded then base64) or the body's fields. */
function credentialsOf(request: FastifyRequest, body: Record<string, unknown>): { id: string; secret: string; basic: boolean } | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const unform = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)), basic: true };
  }
  if (typeof body.client_id === 'string' && typeof body.client_secret === 'string') return { id: body.client_id, secret: body.client_secret, basic: false };
  return null;
}

export default async function apiRoutes(app: FastifyInstance) {
  const { config } = app;
  const clients = app.services.api.clients;
  const tokenUrl = `${config.baseUrl}/api/v1/oauth/token`;
  const catalogue = openApiDocument(config.baseUrl);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sportello API',
        version: '1.0.0',
        description: 'The published procedures (open), and the cases of the comune for its back-office systems (OAuth2 client credentials). Errors are problem details (application/problem+json). See docs/api.md.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      servers: [{ url: `${config.baseUrl}/api/v1` }],
      // the catalogue's routes are registered by their own plugin: their paths come as written there
      paths: structuredClone(catalogue.paths) as never,
      components: { securitySchemes: securitySchemes(tokenUrl) as never, schemas: structuredClone(catalogue.components.schemas) as never },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(problemSchema);
  app.addSchema(caseSummarySchema);
  app.addSchema(caseDetailSchema);
  installProblemHandler(app);

  app.decorateRequest('apiPrincipal', null);
  // before the per-route rate limit (route hooks run after this one), so the limit is the client's
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.apiScope;
    if (!scope) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const principal = token ? await clients.principalOf(token) : undefined;
    if (!principal) throw new ApiProblem(401, 'unauthorized', 'A valid bearer token is required', {}, { 'www-authenticate': `Bearer realm="sportello"${token ? ', error="invalid_token"' : ''}` });
    if (!principal.scopes.includes(scope)) throw new ApiProblem(403, 'insufficient_scope', 'The token lacks the scope this needs', { detail: `scope ${scope} required` }, { 'www-authenticate': `Bearer realm="sportello", error="insufficient_scope", scope="${scope}"` });
    request.apiPrincipal = principal;
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { csrf: false } }, async () => app.swagger());

  app.post(
    '/oauth/token',
    {
      schema: tokenRoute,
      attachValidation: true,
      config: { csrf: false, rateLimit: { max: 30, timeWindow: 60_000, errorResponseBuilder: () => new ApiProblem(429, 'rate_limited', 'Too many requests') } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const refuse = (error: TokenError['code'], status: 400 | 401, basic = false) => {
        if (status === 401 && basic) reply.header('www-authenticate', 'Basic realm="sportello"');
        return reply.status(status).send({ error });
      };
      if (request.validationError) return refuse('invalid_request', 400);
      if (body.grant_type !== 'client_credentials') return refuse('unsupported_grant_type', 400);
      const credentials = credentialsOf(request, body);
      if (!credentials) return refuse('invalid_client', 401, true);
      try {
        const issued = await clients.issueToken(credentials.id, credentials.secret, typeof body.scope === 'string' ? body.scope : undefined);
        return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scopes.join(' ') };
      } catch (error) {
        if (error instanceof TokenError) return refuse(error.code, error.status === 401 ? 401 : 400, credentials.basic);
        throw error;
      }
    },
  );

  await app.register(casesApi);
}
