// Rate limits that hold across the replicas: the store @fastify/rate-limit counts in, kept in
// PostgreSQL (src/platform/rate-limit.repository.ts) instead of each process's memory, so a
// client spreading its requests over the processes behind the load balancer meets the same
// limit; and the options of a limit per person, with its own 429 page (how many are allowed,
// when to try again, a link back).
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { DB } from '../db/database.ts';
import { TooManyRequestsError } from './errors.ts';
import { hitCounter, pruneCounters, readCounter } from './rate-limit.repository.ts';
import type { Clock } from './time.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Counters whose window ended are deleted at most this often by each process, on a hit. */
const PRUNE_EVERY_MS = 10 * 60_000;

/** What a route's counters are told apart by: its groupId, or its method and URL. */
function namespaceOf(routeOptions: unknown): string {
  const options = routeOptions as { groupId?: string; routeInfo?: { method?: string | string[]; url?: string } };
  if (options.groupId) return options.groupId;
  const method = [options.routeInfo?.method ?? ''].flat().join(',');
  return `${method} ${options.routeInfo?.url ?? ''}`.trim() || 'global';
}

/**
 * The store class for @fastify/rate-limit's `store` option: fixed windows counted in the
 * database, at the time of `clock` (the app's clock, read at each hit).
 */
export function databaseRateLimitStore(db: DB, clock: Clock, onPruneError: (error: unknown) => void): FastifyRateLimitStoreCtor {
  let prunedAt = 0;

  async function pruneNowAndThen(now: Date) {
    if (Math.abs(now.getTime() - prunedAt) < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    await pruneCounters(db, now).catch(onPruneError);
  }

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly namespace: string;

    // @fastify/rate-limit builds the root store with its options; children get a namespace
    constructor(_options?: unknown, namespace = 'global') {
      this.namespace = namespace;
    }

    incr(key: string, callback: Callback, timeWindow: number) {
      const now = clock();
      hitCounter(db, `${this.namespace}|${key}`, now, timeWindow)
        .then(async ({ hits, resetAt }) => {
          await pruneNowAndThen(now);
          callback(null, { current: hits, ttl: Math.max(0, resetAt.getTime() - now.getTime()) });
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    }

    read(key: string, callback: Callback) {
      const now = clock();
      readCounter(db, `${this.namespace}|${key}`, now)
        .then(({ hits, resetAt }) => callback(null, { current: hits, ttl: resetAt ? Math.max(0, resetAt.getTime() - now.getTime()) : 0 }))
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    }

    child(routeOptions: unknown) {
      return new DatabaseRateLimitStore(undefined, namespaceOf(routeOptions));
    }
  }
  return DatabaseRateLimitStore;
}

/** Who a per-person limit counts: the person (and the company they act for), else the address. */
export function personKey(request: FastifyRequest): string {
  const user = request.user;
  return user ? `person:${user.fiscalCode}:${user.company?.fiscalCode ?? ''}` : `ip:${request.ip}`;
}

export interface PersonLimit {
  max: number;
  timeWindow: '1 minute' | '1 hour';
  /** the 429 page's texts: `${pageKey}.title` and `.text`, which may name {max} and {minutes} */
  pageKey: string;
  /** where the 429 page's "go back" link leads */
  backHref?: (request: FastifyRequest) => string;
  /** counters shared by the routes that name the same group (else one per route) */
  groupId?: string;
  /** true: this request is let through without being counted (e.g. a resend of something done) */
  allowList?: (request: FastifyRequest) => boolean | Promise<boolean>;
  /** the hook the limit runs in: preHandler when allowList reads the parsed body */
  hook?: 'onRequest' | 'preHandler';
}

/** A route's `config.rateLimit`: `max` per window per person, past it a 429 page with a way back. */
export function perPersonRateLimit(limit: PersonLimit): RateLimitOptions {
  const { allowList } = limit;
  return {
    max: limit.max,
    timeWindow: limit.timeWindow,
    keyGenerator: personKey,
    ...(limit.groupId ? { groupId: limit.groupId } : {}),
    ...(limit.hook ? { hook: limit.hook } : {}),
    ...(allowList ? { allowList: (request: FastifyRequest) => allowList(request) } : {}),
    errorResponseBuilder: (request, context) =>
      new TooManyRequestsError(limit.pageKey, { max: context.max, minutes: Math.max(1, Math.ceil(context.ttl / 60_000)) }, limit.backHref?.(request)),
  };
}
