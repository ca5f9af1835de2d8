// Scheduled work: the one mechanism that starts and stops the portal's background jobs (the
// list itself is src/jobs.ts). A periodic job runs in one process across all replicas: the
// process holding the job's advisory lock is its leader and runs it at each of its ticks, the
// others skip theirs. The lock is a session lock (pg_try_advisory_lock) on a connection the
// scheduler keeps apart from the pool, so it is held between runs and lost with the connection
// (a crashed leader frees it at once; the next replica to tick takes over). On PGlite the
// database belongs to one process, which is therefore the leader. A job that must run in every replica (a queue
// consumer whose rows are claimed one by one) is started and stopped here all the same.
import pg from 'pg';
import type { Clock } from './time.ts';
import { systemClock } from './time.ts';

export interface PeriodicJob {
  readonly name: string;
  /** Milliseconds from `now` to the next run. */
  nextRunIn(now: Date): number;
  /** Also run once when the scheduler starts (a process that was down catches up). */
  readonly runAtStart?: boolean;
  run(): Promise<void>;
}

/** Work that runs in every replica and paces itself (e.g. the outbox worker). */
export interface EveryReplicaJob {
  readonly name: string;
  readonly everyReplica: { start(): void; stop(): Promise<void> };
}

export type Job = PeriodicJob | EveryReplicaJob;

export function every(ms: number): (now: Date) => number {
  return () => ms;
}

/** Who runs a periodic job's tick. */
export interface Leadership {
  /** Whether this process leads `job` now (acquiring the lead when it is free). */
  lead(job: string): Promise<boolean>;
  /** Gives up every lead. */
  close(): Promise<void>;
}

/** The embedded database: one process, the leader of everything. */
export function singleProcessLeadership(): Leadership {
  return { lead: async () => true, close: async () => {} };
}

// advisory locks in the two-key space, under this first key, so that no other lock of the
// portal (the migrator's and the intake barrier's use one bigint key) can collide with them
const JOB_LOCK_SPACE = 0x4a4f4253; // 'JOBS'

/**
 * A PostgreSQL server shared by replicas: one advisory lock per job, on a connection of its
 * own (outside the pool, which it would otherwise shrink by one for as long as it leads).
 */
export function advisoryLockLeadership(url: string, onError: (error: unknown) => void = () => {}): Leadership {
  let session: Promise<pg.Client> | null = null;
  const held = new Set<string>();

  function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    // a lost connection takes the locks with it: the next lead() opens a new session
    client.on('error', (error) => {
      onError(error);
      if (session) void dropSession();
    });
    return client.connect().then(() => client);
  }

  async function dropSession() {
    const dropping = session;
    session = null;
    held.clear();
    await dropping?.then((client) => client.end()).catch(() => {});
  }

  return {
    async lead(job) {
      try {
        session ??= connect();
        const client = await session;
        const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as got', [JOB_LOCK_SPACE, job]);
        const got = rows[0]?.got === true;
        // the lock counts its holds: keep one
        if (got && held.has(job)) await client.query('select pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_SPACE, job]);
        if (got) held.add(job);
        else held.delete(job);
        return got;
      } catch (error) {
        onError(error);
        await dropSession();
        return false;
      }
    },
    // ending the session frees its locks
    close: dropSession,
  };
}

export type TickOutcome = 'ran' | 'failed' | 'not-leader' | 'busy' | 'stopped';

export interface Scheduler {
  /** Runs the every-replica jobs and sets the periodic ones' timers. */
  start(): void;
  /** One tick of a periodic job now, as its timer would. */
  tick(name: string): Promise<TickOutcome>;
  /** No further ticks; resolves when the runs in progress have finished and the leads are freed. */
  stop(): Promise<void>;
}

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createScheduler(options: { jobs: readonly Job[]; leadership: Leadership; log: SchedulerLog; clock?: Clock }): Scheduler {
  const clock = options.clock ?? systemClock;
  const periodic = new Map<string, PeriodicJob>();
  const everyReplica: EveryReplicaJob[] = [];
  for (const job of options.jobs) {
    if (periodic.has(job.name) || everyReplica.some((j) => j.name === job.name)) throw new Error(`job ${job.name} listed twice`);
    if ('everyReplica' in job) everyReplica.push(job);
    else periodic.set(job.name, job);
  }
  const running = new Map<string, Promise<TickOutcome>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let started = false;
  let stopped = false;

  async function runTick(job: PeriodicJob): Promise<TickOutcome> {
    if (!(await options.leadership.lead(job.name))) return 'not-leader';
    if (stopped) return 'stopped';
    try {
      await job.run();
      return 'ran';
    } catch (error) {
      options.log.error({ err: error, job: job.name }, 'scheduled job failed');
      return 'failed';
    }
  }

  function tick(name: string): Promise<TickOutcome> {
    const job = periodic.get(name);
    if (!job) throw new Error(`no job ${name}`);
    if (stopped) return Promise.resolve('stopped');
    if (running.has(name)) return Promise.resolve('busy');
    const run = runTick(job).finally(() => running.delete(name));
    running.set(name, run);
    return run;
  }

  function schedule(job: PeriodicJob, delay: number) {
    if (stopped) return;
    const timer = setTimeout(() => {
      void tick(job.name).finally(() => schedule(job, Math.max(0, job.nextRunIn(clock()))));
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      for (const job of everyReplica) job.everyReplica.start();
      for (const job of periodic.values()) schedule(job, job.runAtStart ? 0 : Math.max(0, job.nextRunIn(clock())));
      options.log.info({ periodic: [...periodic.keys()], everyReplica: everyReplica.map((j) => j.name) }, 'scheduled jobs started');
    },
    tick,
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running.values(), ...everyReplica.map((job) => job.everyReplica.stop())]);
      await options.leadership.close();
    },
  };
}

/**
 * An every-replica job's loop: `run` every `intervalMs` in this process, a run never overlapping
 * the next, a failure logged as `failure` and tried again at the next interval. `stop` waits for
 * the run in progress, then runs once more when `runOnStop` (work held in memory is not lost).
 */
export function replicaLoop(run: () => Promise<unknown>, intervalMs: number, log: { warn(obj: object, msg: string): void }, failure: string, options: { runOnStop?: boolean } = {}): { start(): void; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const once = () =>
    run()
      .then(() => undefined)
      .catch((error: unknown) => log.warn({ err: error }, failure));
  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = once().finally(schedule);
    }, intervalMs);
    timer.unref();
  }
  return {
    start(): void {
      stopped = false;
      schedule();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (options.runOnStop) await once();
    },
  };
}
