// The daily deadline job's timing: once a day at DEADLINE_JOB_HOUR, Rome time, and once at
// start-up (a portal that was down at that hour catches up); the scheduler (src/jobs.ts) runs
// it. The job itself is BackofficeService.runDeadlineJob: idempotent and safe to run in several
// processes at once (each filing is changed under its row lock and re-checked there).
import { romeParts } from '../platform/time.ts';

const HOUR_MS = 3_600_000;

/** Milliseconds from `now` to the next `hour`:00 in Rome (never 0: at least a minute). */
export function msUntilNextRun(now: Date, hour: number): number {
  const rome = romeParts(now);
  const sinceMidnight = (rome.hour * 3600 + rome.minute * 60 + rome.second) * 1000 + now.getMilliseconds();
  let wait = hour * HOUR_MS - sinceMidnight;
  if (wait < 60_000) wait += 24 * HOUR_MS;
  return wait;
}
