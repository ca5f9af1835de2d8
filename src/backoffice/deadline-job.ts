// The daily deadline job's timing: once a day at DEADLINE_JOB_HOUR, Rome time, and once at
// start-up (a portal that was down at that hour catches up). The job itself is runDeadlineJob
// (deadlines.service.ts): idempotent and safe to run in several processes at once (each filing
// is changed under its row lock and re-checked there).
import { romeParts, systemClock, type Clock } from '../platform/time.ts';

const HOUR_MS = 3_600_000;

/** Milliseconds from `now` to the next `hour`:00 in Rome (never 0: at least a minute). */
export function msUntilNextRun(now: Date, hour: number): number {
  const rome = romeParts(now);
  const sinceMidnight = (rome.hour * 3600 + rome.minute * 60 + rome.second) * 1000 + now.getMilliseconds();
  let wait = hour * HOUR_MS - sinceMidnight;
  if (wait < 60_000) wait += 24 * HOUR_MS;
  return wait;
}

export interface DeadlineScheduler {
  /** No further runs; resolves when a run in progress has finished. */
  stop(): Promise<void>;
}

export function scheduleDeadlineJob(
  service: { runDeadlineJob(): Promise<unknown> },
  hour: number,
  log: { info(o: object, m: string): void; error(o: object, m: string): void },
  clock: Clock = systemClock,
): DeadlineScheduler {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = service
      .runDeadlineJob()
      .then((result) => log.info({ result }, 'deadline job done'))
      .catch((error: unknown) => log.error({ err: error }, 'deadline job failed'));
    return running;
  };
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().finally(next), msUntilNextRun(clock(), hour));
    timer.unref();
  };
  void run().finally(next);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
