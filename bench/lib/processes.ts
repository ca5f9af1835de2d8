// Child processes of the benchmark and the crash script: the portal (`src/server.ts`, the very
// entry point production runs), the reference server, the notification worker; a fresh
// database on a PostgreSQL server; the resident memory of a process read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  url: string;
  /** the last lines it printed, for error messages */
  output(): string;
  /** resolves with the exit code (or the signal's name) */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Runs `node --import tsx <script>` (one process: its pid is the server's, for /proc). */
export function startNode(name: string, script: string, env: Record<string, string>, url: string): Child {
  return startProcess(name, ['--import', 'tsx', script], env, url);
}

/**
 * Runs `node <args>` in `cwd` (the package root unless given), e.g. a compiled `dist/server.js`.
 * `replaceEnv`: the child gets `env` and PATH only, not this process's environment (a
 * production start that must not inherit a developer's settings).
 */
export function startProcess(name: string, args: string[], env: Record<string, string>, url: string, options: { cwd?: string; replaceEnv?: boolean } = {}): Child {
  // BENCH_NODE_ARGS: more node flags for the children (e.g. --cpu-prof to see where time goes)
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.replaceEnv ? { PATH: process.env.PATH ?? '', ...env } : { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    name,
    process: child,
    pid: child.pid!,
    url,
    output: () => lines.join('\n'),
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `url` answers 200 (or the child dies). */
export async function waitReady(child: Child, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${child.name} exited while starting:\n${child.output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms:\n${child.output()}`);
}

export interface PortalOptions {
  port: number;
  databaseUrl: string;
  poolSize?: number;
  /** more environment (overload limits, rate limits, ...) */
  env?: Record<string, string>;
}

/**
 * The environment the benchmark runs the portal with: the settings of a production start
 * (compiled templates, no development pages, no request log), except that the bundled test
 * identity provider runs so that thousands of citizens can log in the real way.
 */
export function portalEnv(options: PortalOptions): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(options.port),
    TEST_IDP_PORT: String(options.port + 1),
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: String(options.poolSize ?? 10),
    DATA_DIR: path.join(ROOT, 'bench', '.data', String(options.port)),
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '1000000',
    NOTIFICATIONS_WORKER: 'false',
    ...(options.env ?? {}),
  };
}

export async function startPortal(options: PortalOptions): Promise<Child> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = startNode(`portal:${options.port}`, 'src/server.ts', portalEnv(options), url);
  await waitReady(child, `${url}/readyz`);
  return child;
}

/** Drops and creates `name` on the server of `adminUrl`; returns the new database's URL. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
    if (process.env.BENCH_LOG_STATEMENTS) await client.query(`alter database ${name} set log_min_duration_statement = 0`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Resident memory of a process now and its peak since start (or since resetPeak), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a process's resident memory; peak() is the highest seen since start(). */
export function memorySampler(pid: number, everyMs = 100) {
  let peak = 0;
  let timer: NodeJS.Timeout | null = null;
  const sample = () => {
    const m = memoryOf(pid);
    if (m && m.rssMb > peak) peak = m.rssMb;
  };
  return {
    start() {
      peak = 0;
      sample();
      timer = setInterval(sample, everyMs);
    },
    stop(): number {
      if (timer) clearInterval(timer);
      timer = null;
      sample();
      return peak;
    },
  };
}

/** CPU time (user + system) a process has used so far, in seconds; 0 when it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    // fields after the command name (which may hold spaces, so split after its closing paren)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

// Linux's USER_HZ: 100 on every architecture Node runs on (sysconf(_SC_CLK_TCK) is not in Node)
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The processes of a PostgreSQL server that work for `database`: its backends (their command
 * line names the database) and the background processes of the same server (WAL writer,
 * checkpointer, background writer: children of the same postmaster), which write what every
 * database commits. Another server on the machine is left out.
 */
export function postgresPidsFor(database: string): number[] {
  const children: Array<{ pid: number; parent: number; backend: boolean; background: boolean }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmdline.startsWith('postgres: ')) continue;
      const parent = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.push({ pid: Number(entry), parent, backend: cmdline.includes(` ${database} `), background: /(walwriter|checkpointer|background writer)\s*$/.test(cmdline) });
    } catch {
      // gone meanwhile
    }
  }
  const servers = new Set(children.filter((c) => c.backend).map((c) => c.parent));
  return children.filter((c) => servers.has(c.parent) && (c.backend || c.background)).map((c) => c.pid);
}

/** CPU seconds used by a set of processes between start() and stop() (processes found at start). */
export function cpuMeter(pids: () => number[]) {
  let started: Map<number, number> = new Map();
  return {
    start() {
      started = new Map(pids().map((pid) => [pid, cpuSecondsOf(pid)]));
    },
    stop(): number {
      let total = 0;
      for (const [pid, before] of started) total += Math.max(0, cpuSecondsOf(pid) - before);
      return total;
    },
  };
}
