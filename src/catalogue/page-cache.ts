// The rendered public catalogue pages, kept in memory for people without a session: the home
// page, the list and a procedure's page are the same for everyone who asks for the same URL in
// the same language, so on a click day they are rendered once and then served as bytes. The
// key is language + URL; an entry is valid while the catalogue stamp (the newest change to any
// procedure, re-read at most once a second, so that a publication by any process shows
// everywhere within a second) is the one it was rendered under, and until its own expiry (a
// procedure with an opening time or a cap shows its state: those entries live one second and
// never across the opening or the closing). Anyone with a session cookie (logged in, or in the
// middle of logging in) always gets a fresh render: nothing personal is ever cached, here or
// in any shared cache (those pages carry `cache-control: no-store`).
//
// A page kept here is sent by the first hook of the app (right after the cookies are read),
// with its headers written out in advance: the work around a page (session, CSRF, language,
// security headers, overload gates) cost more than the page itself. The gates are skipped on
// purpose: bytes from memory cost no more than the 503 page they would send instead.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Locale } from '../platform/i18n.ts';
import { securityHeaders, SESSION_COOKIE } from '../platform/security.ts';
import { languageOf } from '../platform/views.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The public pages kept for people without a session (catalogue.routes.ts fills it). */
    pageCache: PageCache;
  }
}

const MAX_ENTRIES = 500;
const STAMP_TTL_MS = 1000;
const CONTENT_TYPE = 'text/html; charset=utf-8';
// the page differs with the cookies (language, session): a shared cache must not mix them
const VARY = 'cookie';

interface Entry {
  stamp: string;
  expiresAt: number;
  body: Buffer;
  /** the whole response head of a hit, for writeHead: name, value, name, value... */
  head: string[];
}

export interface PageCache {
  /**
   * Serves the page from memory when it can; otherwise renders `template` with what `load`
   * returns (and keeps it, for anonymous requests). `ttl` says how long an entry of that data
   * may live (default: until the catalogue changes).
   */
  page<T extends object>(request: FastifyRequest, reply: FastifyReply, template: string, load: () => Promise<T>, ttl?: (data: T, now: number) => number): Promise<FastifyReply>;
  /**
   * The kept page for this language and URL if it is certainly current, without waiting: the
   * catalogue stamp must have been read in the last second. Otherwise undefined (the route's
   * `page` then reads the stamp again and answers).
   */
  fresh(locale: Locale, url: string): { body: Buffer; head: string[] } | undefined;
  clear(): void;
  readonly size: number;
}

export function createPageCache(stamp: () => Promise<string>, options: { now?: () => number; headers?: ReadonlyArray<readonly [string, string]> } = {}): PageCache {
  const now = options.now ?? Date.now;
  const fixedHead = [...(options.headers ?? []).flat(), 'content-type', CONTENT_TYPE, 'vary', VARY, 'x-page-cache', 'hit'];
  const entries = new Map<string, Entry>();
  let current: { value: Promise<string>; at: number; known?: string } | null = null;

  function currentStamp(): Promise<string> {
    const t = now();
    if (!current || t - current.at >= STAMP_TTL_MS) {
      const value = stamp();
      const read: NonNullable<typeof current> = { value, at: t };
      current = read;
      value.then(
        (known) => {
          read.known = known;
        },
        // a failed read is not remembered
        () => {
          if (current === read) current = null;
        },
      );
    }
    return current.value;
  }

  function send(reply: FastifyReply, body: Buffer, state: 'hit' | 'miss') {
    return reply.header('content-type', CONTENT_TYPE).header('vary', VARY).header('x-page-cache', state).send(body);
  }

  return {
    async page(request, reply, template, load, ttl) {
      const anonymous = !request.user && request.cookies[SESSION_COOKIE] === undefined;
      if (!anonymous) return reply.header('vary', VARY).view(template, await load());
      const key = `${request.locale}\u0000${request.url}`;
      const stampNow = await currentStamp();
      const hit = entries.get(key);
      if (hit && hit.stamp === stampNow && hit.expiresAt > now()) return send(reply, hit.body, 'hit');
      const data = await load();
      const html = await reply.viewAsync(template, data);
      const body = Buffer.from(html);
      const lifetime = ttl ? ttl(data, now()) : Infinity;
      if (lifetime > 0) {
        entries.delete(key);
        entries.set(key, { stamp: stampNow, expiresAt: now() + lifetime, body, head: [...fixedHead, 'content-length', String(body.length)] });
        // the oldest entry goes first (a Map iterates in insertion order)
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      }
      return send(reply, body, 'miss');
    },
    fresh(locale, url) {
      if (entries.size === 0 || current?.known === undefined) return undefined;
      const t = now();
      if (t - current.at >= STAMP_TTL_MS) return undefined;
      const hit = entries.get(`${locale}\u0000${url}`);
      if (!hit || hit.stamp !== current.known || hit.expiresAt <= t) return undefined;
      return hit;
    },
    clear() {
      entries.clear();
      current = null;
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The cache and its fast path: a GET or HEAD without a session cookie, for which the cache has
 * a current page, is answered here with the bytes and the headers a render would have had (the
 * security headers, type, vary). A request that asks for a language its cookie does not hold
 * goes the normal way, which sets the cookie. Registered right after @fastify/cookie, before
 * every other hook; the request still counts in /metrics (the onResponse hook runs).
 */
async function pageCachePlugin(app: FastifyInstance) {
  const cache = createPageCache(() => app.services.catalogue.stamp(), { headers: securityHeaders(app.config), now: () => app.services.clock().getTime() });
  app.decorate('pageCache', cache);

  app.addHook('onRequest', function servePageFromCache(request, reply, done) {
    const method = request.method;
    if ((method !== 'GET' && method !== 'HEAD') || cache.size === 0 || request.cookies[SESSION_COOKIE] !== undefined) return done();
    const language = languageOf(request);
    const page = language.remember ? undefined : cache.fresh(language.locale, request.url);
    if (!page) return done();
    reply.hijack();
    reply.raw.writeHead(200, page.head);
    // a HEAD answer drops the body by itself (node knows the method)
    reply.raw.end(page.body);
    done();
  });
}

export default fp(pageCachePlugin, { name: 'page-cache', dependencies: ['config', '@fastify/cookie'] });

/** How long a procedure's page may be kept: a second when it shows an opening time or a cap,
 *  and never past the opening or the closing. */
export function procedurePageTtl(intake: { opensAt: string | null; closesAt: string | null; maxFilings: number | null } | null | undefined, now: number): number {
  if (!intake || (!intake.opensAt && !intake.closesAt && !intake.maxFilings)) return Infinity;
  let ttl = 1000;
  for (const boundary of [intake.opensAt, intake.closesAt]) {
    if (!boundary) continue;
    const at = Date.parse(boundary);
    if (at > now) ttl = Math.min(ttl, at - now);
  }
  return ttl;
}
