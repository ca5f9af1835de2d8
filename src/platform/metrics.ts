// Observability and overload protection. /metrics in Prometheus format (prom-client): request
// latency by route, event-loop delay, pool usage, and the gauges domains add (submissions,
// protocol lag, outbox). Overload: past the configured event-loop delay or database pool queue
// the portal answers 503 with Retry-After at once, instead of letting requests time out.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OverloadError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** At most this many requests of this route at once in this process; beyond, 503 at once. */
    maxInFlight?: number;
  }
  interface FastifyInstance {
    metrics: {
      registry: Registry;
      submissions: Counter<'procedure'>;
      /** Adds a gauge whose value is read at each scrape (e.g. from the database). */
      gauge(name: string, help: string, read: () => Promise<number> | number): void;
    };
  }
}

// Paths that must answer even under pressure: probes, metrics, static files.
function exempt(request: FastifyRequest): boolean {
  const url = request.url;
  return url === '/healthz' || url === '/readyz' || url === '/metrics' || url.startsWith('/assets/');
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

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType).header('cache-control', 'no-store');
    return registry.metrics();
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

  // A refusal must cost next to nothing, or refusing a flood takes the CPU the admitted
  // requests need: the "busy" page is rendered once per language and URL (before the person is
  // known, so it is the same for everyone) and then sent as bytes; the JSON API gets its error.
  const refusalPages = new Map<string, Buffer>();
  async function refuse(request: FastifyRequest, reply: FastifyReply, reason: string) {
    overloads.inc({ reason });
    reply.header('retry-after', String(overload.retryAfterSeconds));
    if (request.url.startsWith('/api/')) throw new OverloadError(`overload: ${reason}`);
    const key = `${request.locale}\u0000${request.url}`;
    let page = refusalPages.get(key);
    if (!page) {
      page = Buffer.from(await reply.viewAsync('errors/error.njk', { status: 503, title: request.t('error.overload.title'), text: request.t('error.overload.text') }));
      if (refusalPages.size >= 200) refusalPages.delete(refusalPages.keys().next().value!);
      refusalPages.set(key, page);
    }
    return reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  }

  // Requests that would only queue for a database connection are refused while they are cheap.
  app.addHook('onRequest', async (request, reply) => {
    if (exempt(request)) return;
    if (app.database.poolStats().waiting > overload.maxPoolWaiting) return refuse(request, reply, 'pool');
  });

  // Heavy routes (filing) opt into a cap on how many run at once (route config maxInFlight):
  // past it a request is refused in microseconds instead of queueing behind the others, so the
  // admitted ones finish quickly and the completed rate stays at the peak however many arrive.
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
  app.addHook('onRequest', async (request, reply) => {
    const max = request.routeOptions.config?.maxInFlight;
    if (!max) return;
    const route = request.routeOptions.url ?? 'unmatched';
    const current = inFlight.get(route) ?? 0;
    if (current >= max) return refuse(request, reply, 'inflight');
    inFlight.set(route, current + 1);
    // 'close' comes once per response, sent or abandoned by the client
    reply.raw.once('close', () => inFlight.set(route, (inFlight.get(route) ?? 1) - 1));
  });
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['config', 'database', 'errors'] });
