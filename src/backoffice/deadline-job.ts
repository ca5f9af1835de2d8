// The daily deadline job's timing: once a day at DEADLINE_JOB_HOUR, Rome time, and once at
// start-up (a portal that was down at that hour catches up); the scheduler (src/jobs.ts) runs
// it. The job itself is BackofficeService.runDeadlineJob: idempotent and safe to run in several
// processes at once (each filing is changed under its row lock and re-checked there).

const HOUR_MS = 3_600_000;

/** Milliseconds from `now` to the next `hour`:00 in Rome (never 0: at least a minute). */
export function msUntilNextRun(now: Date, hour: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight = (get('hour') * 3600 + get('minute') * 60 + get('second')) * 1000 + now.getMilliseconds();
  let wait = hour * HOUR_MS - sinceMidnight;
  if (wait < 60_000) wait += 24 * HOUR_MS;
  return wait;
}
