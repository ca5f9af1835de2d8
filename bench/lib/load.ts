// The load generator (undici): closed loop (N clients, each sending its next request when the
// last one answered: the most a server completes) or open loop (requests sent at a fixed
// offered rate whatever the answers: what people on a click day do). In the open loop a
// request's latency is counted from the moment it was due, not from when a connection was free
// to send it, so a server that falls behind shows it (no "coordinated omission").
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface Shot {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** whatever the caller needs back in onResult (e.g. which citizen) */
  tag?: unknown;
}

export type Outcome = 'ok' | 'refused' | 'error';

export interface LoadOptions {
  /** the server, or several (processes behind one address in production): requests go round robin */
  origin: string | readonly string[];
  mode: { kind: 'closed'; concurrency: number } | { kind: 'open'; rate: number };
  durationMs: number;
  /** the next request, or null when there is nothing left to send (the run ends early) */
  next: () => Shot | null;
  /** what an answer counts as (default: 2xx and 3xx done, 503 refused, anything else an error) */
  classify?: (status: number, headers: Record<string, string | string[] | undefined>) => Outcome;
  onResult?: (shot: Shot, status: number | null, headers: Record<string, string | string[] | undefined>) => void;
  /** sockets to the server (default: concurrency, or 1,000 for the open loop) */
  connections?: number;
  timeoutMs?: number;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface SecondStats {
  second: number;
  ok: number;
  refused: number;
  errors: number;
  p50: number;
  p99: number;
}

export interface LoadResult {
  mode: string;
  durationMs: number;
  sent: number;
  ok: number;
  /** 503 answers: refused quickly because of overload */
  refused: number;
  /** other statuses, timeouts, connection errors */
  errors: number;
  statuses: Record<string, number>;
  okPerSecond: number;
  latencyOkMs: Percentiles;
  latencyRefusedMs: Percentiles;
  latencyAllMs: Percentiles;
  timeline: SecondStats[];
  /** open loop: requests that could not even be sent on time (generator saturated) */
  late: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const classify = options.classify ?? ((s: number) => (s >= 200 && s < 400 ? 'ok' : s === 503 ? 'refused' : 'error'));
  const connections = options.connections ?? (options.mode.kind === 'closed' ? options.mode.concurrency : 1000);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const origins = typeof options.origin === 'string' ? [options.origin] : options.origin;
  const pools = origins.map((origin) => new Pool(origin, { connections: Math.ceil(connections / origins.length), pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }));
  let turn = 0;
  const statuses: Record<string, number> = {};
  const okLatencies: number[] = [];
  const refusedLatencies: number[] = [];
  const allLatencies: number[] = [];
  const buckets = new Map<number, { ok: number; refused: number; errors: number; lat: number[] }>();
  let sent = 0;
  let ok = 0;
  let refused = 0;
  let errors = 0;
  let late = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  let exhausted = false;

  function record(outcome: Outcome, status: string, latency: number) {
    statuses[status] = (statuses[status] ?? 0) + 1;
    const second = Math.floor((performance.now() - start) / 1000);
    let bucket = buckets.get(second);
    if (!bucket) buckets.set(second, (bucket = { ok: 0, refused: 0, errors: 0, lat: [] }));
    allLatencies.push(latency);
    if (outcome === 'ok') {
      ok++;
      bucket.ok++;
      bucket.lat.push(latency);
      okLatencies.push(latency);
    } else if (outcome === 'refused') {
      refused++;
      bucket.refused++;
      refusedLatencies.push(latency);
    } else {
      errors++;
      bucket.errors++;
    }
  }

  async function fire(shot: Shot, dueAt: number): Promise<void> {
    sent++;
    try {
      const response = await pools[turn++ % pools.length]!.request({
        method: shot.method,
        path: shot.path,
        headers: { ...(shot.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(shot.headers ?? {}) },
        body: shot.body,
      });
      await response.body.dump();
      const latency = performance.now() - dueAt;
      const status = response.statusCode;
      options.onResult?.(shot, status, response.headers);
      record(classify(status, response.headers), String(status), latency);
    } catch (error) {
      options.onResult?.(shot, null, {});
      record('error', (error as { code?: string }).code ?? 'error', performance.now() - dueAt);
    }
  }

  if (options.mode.kind === 'closed') {
    const workers = Array.from({ length: options.mode.concurrency }, async () => {
      while (performance.now() < deadline && !exhausted) {
        const shot = options.next();
        if (!shot) {
          exhausted = true;
          break;
        }
        await fire(shot, performance.now());
      }
    });
    await Promise.all(workers);
  } else {
    const rate = options.mode.rate;
    const inFlight = new Set<Promise<void>>();
    let issued = 0;
    while (!exhausted) {
      const now = performance.now();
      if (now >= deadline) break;
      const due = Math.floor(((now - start) / 1000) * rate);
      while (issued < due) {
        const dueAt = start + (issued / rate) * 1000;
        issued++;
        if (now - dueAt > 50) late++;
        const shot = options.next();
        if (!shot) {
          exhausted = true;
          break;
        }
        const p = fire(shot, dueAt).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inFlight);
  }
  const durationMs = performance.now() - start;
  await Promise.all(pools.map((pool) => pool.close()));

  const timeline: SecondStats[] = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([second, b]) => {
      const p = percentiles(b.lat);
      return { second, ok: b.ok, refused: b.refused, errors: b.errors, p50: p.p50, p99: p.p99 };
    });
  // throughput over the sending window (the tail of in-flight answers is not a full second)
  const windowMs = Math.min(durationMs, options.durationMs);
  return {
    mode: options.mode.kind === 'closed' ? `closed loop, ${options.mode.concurrency} clients` : `open loop, ${options.mode.rate}/s offered`,
    durationMs: Math.round(durationMs),
    sent,
    ok,
    refused,
    errors,
    statuses,
    okPerSecond: Math.round((ok / windowMs) * 1000 * 10) / 10,
    latencyOkMs: percentiles(okLatencies),
    latencyRefusedMs: percentiles(refusedLatencies),
    latencyAllMs: percentiles(allLatencies),
    timeline,
    late,
  };
}
