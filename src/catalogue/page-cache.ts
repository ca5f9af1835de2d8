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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../platform/security.ts';

const MAX_ENTRIES = 500;
const STAMP_TTL_MS = 1000;

interface Entry {
  stamp: string;
  expiresAt: number;
  body: Buffer;
}

export interface PageCache {
  /**
   * Serves the page from memory when it can; otherwise renders `template` with what `load`
   * returns (and keeps it, for anonymous requests). `ttl` says how long an entry of that data
   * may live (default: until the catalogue changes).
   */
  page<T extends object>(request: FastifyRequest, reply: FastifyReply, template: string, load: () => Promise<T>, ttl?: (data: T, now: number) => number): Promise<FastifyReply>;
  clear(): void;
  readonly size: number;
}

export function createPageCache(stamp: () => Promise<string>, now: () => number = Date.now): PageCache {
  const entries = new Map<string, Entry>();
  let current: { value: Promise<string>; at: number } | null = null;

  function currentStamp(): Promise<string> {
    const t = now();
    if (!current || t - current.at >= STAMP_TTL_MS) {
      const value = stamp();
      current = { value, at: t };
      // a failed read is not remembered
      value.catch(() => {
        if (current?.value === value) current = null;
      });
    }
    return current.value;
  }

  return {
    async page(request, reply, template, load, ttl) {
      const anonymous = !request.user && request.cookies[SESSION_COOKIE] === undefined;
      if (!anonymous) return reply.view(template, await load());
      const key = `${request.locale}\u0000${request.url}`;
      const stampNow = await currentStamp();
      const hit = entries.get(key);
      if (hit && hit.stamp === stampNow && hit.expiresAt > now()) {
        return reply.header('content-type', 'text/html; charset=utf-8').header('x-page-cache', 'hit').send(hit.body);
      }
      const data = await load();
      const html = await reply.viewAsync(template, data);
      const body = Buffer.from(html);
      const lifetime = ttl ? ttl(data, now()) : Infinity;
      if (lifetime > 0) {
        entries.delete(key);
        entries.set(key, { stamp: stampNow, expiresAt: now() + lifetime, body });
        // the oldest entry goes first (a Map iterates in insertion order)
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      }
      return reply.header('content-type', 'text/html; charset=utf-8').header('x-page-cache', 'miss').send(body);
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
