// Observability and overload protection. /metrics in Prometheus format (prom-client): request
// latency by route, event-loop delay, pool usage, and the gauges domains add (submissions,
// protocol lag, outbox). It is not for the public: on the portal's port it asks for the bearer
// token METRICS_TOKEN, and without one answers 404 in production; METRICS_PORT serves it on a
// port of its own, for a scraper on the internal network. Overload: past the configured event-loop delay or database pool queue
// the portal answers 503 with Retry-After at once, instead of letting requests time out.
import underPressure from '@fastify/under-pressure';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OverloadError } from './errors.ts';
import { securityHeaders } from './security.ts';
import { languageOf } from './views.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** At most this many requests of this route at once in this process; beyond, 503 at once. */
    maxInFlight?: number;
  }
  interface FastifyRequest {
    /** refused by the overload gate before its page was kept: overloadPagePlugin renders it */
    overloadRefusal?: string;
  }
  interface FastifyInstance {
    metrics: {
      registry: Registry;
      submissions: Counter<'procedure'>;
      /** Adds a gauge whose value is read at each scrape (e.g. from the database). */
      gauge(name: string, help: string, read: () => Promise<number> | number): void;
      /** The metrics port's URL once listening (METRICS_PORT), else null. */
      portUrl(): string | null;
    };
    /** the "busy" pages the overload gate sends, by language and URL (overloadPagePlugin fills it) */
    overloadRefusalPages: Map<string, Buffer>;
  }
}

// Paths that must answer even under pressure: probes, metrics, static files.
function exempt(request: FastifyRequest): boolean {
  const url = request.url;
  return url === '/healthz' || url === '/readyz' || url === '/metrics' || url.startsWith('/assets/');
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!presented) return false;
  // hashes of equal length, compared in constant time
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** The port of its own: GET /metrics and nothing else, for the internal network. */
function metricsServer(registry: Registry, log: FastifyInstance['log']): Server {
  return createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body),
      (error: unknown) => {
        log.error({ err: error }, 'metrics: collecting failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
}

/** /metrics on the portal's port as the configuration allows, and on a port of its own; the latter's URL. */
function exposeMetrics(app: FastifyInstance, registry: Registry): () => string | null {
  const access = app.config.metrics;
  if (access.publicRoute !== 'off') {
    app.get('/metrics', async (request, reply) => {
      // a wrong or missing token gets the same 404 as a portal without the route
      if (access.publicRoute === 'token' && !bearerMatches(request.headers.authorization, access.token!)) return reply.callNotFound();
      reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
      return registry.metrics();
    });
  }
  const metricsPort = access.port === null ? null : metricsServer(registry, app.log);
  if (metricsPort) {
    const server = metricsPort;
    app.addHook('onReady', async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(access.port!, access.host, () => resolve());
      });
    });
    app.addHook('onClose', async () => {
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  }
  return () => {
    const address = metricsPort?.listening ? (metricsPort.address() as AddressInfo) : null;
    return address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : null;
  };
}

async function metricsPlugin(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const submissions = new Counter({ name: 'sportello_submissions_total', help: 'Filings accepted', labelNames: ['procedure'], registers: [registry] });
  const overloads = new Counter({ name: 'sportello_overload_rejections_total', help: 'Requests refused with 503 because of overload', labelNames: ['reason'], registers: [registry] });
  const pool = new Gauge({
    name: 'sportello_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = app.database.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  void pool;

  app.decorate('metrics', {
    registry,
    submissions,
    portUrl: exposeMetrics(app, registry),
    gauge(name: string, help: string, read: () => Promise<number> | number) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const { overload } = app.config;
  await app.register(underPressure, {
    maxEventLoopDelay: overload.maxEventLoopDelayMs,
    retryAfter: overload.retryAfterSeconds,
    exposeStatusRoute: false,
    pressureHandler: (request, _reply, type) => {
      if (exempt(request)) return;
      overloads.inc({ reason: String(type) });
      throw new OverloadError(`under pressure: ${type}`);
    },
  });

  // The gates run from the first hooks of the app (this plugin is registered right after the
  // cookies and the page cache), before the session, the language, CSRF and the security
  // headers: under a flood a refusal must cost next to nothing, or refusing takes the CPU the
  // admitted requests need. The "busy" page is rendered once per language and URL by a later
  // hook (overloadPagePlugin, where the layout's helpers exist; before the person is known, so
  // it is the same for everyone), kept with its whole head, and from then on sent as bytes from
  // here. The JSON API gets its error.
  const refusalPages = new Map<string, Buffer>();
  const refusalHead = [...securityHeaders(app.config).flat(), 'content-type', 'text/html; charset=utf-8', 'cache-control', 'no-store', 'retry-after', String(overload.retryAfterSeconds)];
  const inFlight = new Map<string, number>();
  new Gauge({
    name: 'sportello_inflight_requests',
    help: 'Requests in progress on the routes with an in-flight cap',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      for (const [route, count] of inFlight) this.set({ route }, count);
    },
  });

  /** Why this request is refused now, or null when it is admitted (and counted in flight). */
  function refusalReason(request: FastifyRequest, reply: FastifyReply): string | null {
    // requests that would only queue for a database connection are refused while they are cheap
    if (app.database.poolStats().waiting > overload.maxPoolWaiting) return 'pool';
    // heavy routes (filing) opt into a cap on how many run at once (route config maxInFlight):
    // past it a request is refused in microseconds instead of queueing behind the others, so the
    // admitted ones finish quickly and the completed rate stays at the peak however many arrive
    const max = request.routeOptions.config?.maxInFlight;
    if (!max) return null;
    const route = request.routeOptions.url ?? 'unmatched';
    const current = inFlight.get(route) ?? 0;
    if (current >= max) return 'inflight';
    inFlight.set(route, current + 1);
    // 'close' comes once per response, sent or abandoned by the client
    reply.raw.once('close', () => inFlight.set(route, (inFlight.get(route) ?? 1) - 1));
    return null;
  }

  app.addHook('onRequest', function overloadGate(request, reply, done) {
    if (exempt(request)) return done();
    const reason = refusalReason(request, reply);
    if (!reason) return done();
    overloads.inc({ reason });
    if (request.url.startsWith('/api/')) {
      reply.header('retry-after', String(overload.retryAfterSeconds));
      return done(new OverloadError(`overload: ${reason}`));
    }
    const page = refusalPages.get(refusalKey(languageOf(request).locale, request.url));
    if (!page) {
      request.overloadRefusal = reason;
      return done();
    }
    reply.hijack();
    reply.raw.writeHead(503, [...refusalHead, 'content-length', String(page.length)]);
    reply.raw.end(page);
    done();
  });
  app.decorate('overloadRefusalPages', refusalPages);
}

function refusalKey(locale: string, url: string): string {
  return `${locale}\u0000${url}`;
}

/**
 * The first refusal of each language and URL: rendered here, once the language hook has given
 * the layout its helpers, and kept for the gate above. Registered after the views and the
 * security plugins, before the session person is read.
 */
async function overloadPagePlugin(app: FastifyInstance) {
  const pages = app.overloadRefusalPages;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.overloadRefusal) return;
    const page = Buffer.from(await reply.viewAsync('errors/error.njk', { status: 503, title: request.t('error.overload.title'), text: request.t('error.overload.text') }));
    if (pages.size >= 200) pages.delete(pages.keys().next().value!);
    pages.set(refusalKey(request.locale, request.url), page);
    return reply.code(503).header('retry-after', String(app.config.overload.retryAfterSeconds)).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  });
}

export const overloadPage = fp(overloadPagePlugin, { name: 'overload-page', dependencies: ['metrics', 'views', 'security'] });

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['config', 'database', '@fastify/cookie'] });
