// The scheduler's own rules, in one process: a tick runs the job when this process leads it,
// a tick while the job runs is skipped, the timers follow the job's schedule, stop waits for
// the run in progress and starts nothing after.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, every, singleProcessLeadership, type Leadership } from '../../../src/platform/jobs.ts';

const log = { info() {}, error: vi.fn() };

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the scheduler', () => {
  it('runs a tick once; a tick while the job runs is skipped', async () => {
    const g = gate();
    let runs = 0;
    const scheduler = createScheduler({ jobs: [{ name: 'j', nextRunIn: every(1000), run: async () => { runs++; await g.opened; } }], leadership: singleProcessLeadership(), log });
    const first = scheduler.tick('j');
    expect(await scheduler.tick('j')).toBe('busy');
    g.open();
    expect(await first).toBe('ran');
    expect(runs).toBe(1);
    await scheduler.stop();
    expect(await scheduler.tick('j')).toBe('stopped');
  });

  it('skips the tick of a job another process leads, and logs a failing run', async () => {
    const others: Leadership = { lead: async (job) => job !== 'theirs', close: async () => {} };
    const ran: string[] = [];
    const scheduler = createScheduler({
      jobs: [
        { name: 'theirs', nextRunIn: every(1000), run: async () => void ran.push('theirs') },
        { name: 'ours', nextRunIn: every(1000), run: async () => { ran.push('ours'); throw new Error('boom'); } },
      ],
      leadership: others,
      log,
    });
    expect(await scheduler.tick('theirs')).toBe('not-leader');
    expect(await scheduler.tick('ours')).toBe('failed');
    expect(ran).toEqual(['ours']);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ job: 'ours' }), 'scheduled job failed');
    await scheduler.stop();
  });

  it('follows the schedule: at start when asked, then after each wait; stop waits for the run', async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    let close: (() => void) | null = null;
    const scheduler = createScheduler({
      jobs: [
        { name: 'daily', runAtStart: true, nextRunIn: every(10_000), run: async () => void runs.push('daily') },
        { name: 'often', nextRunIn: every(3_000), run: () => { runs.push('often'); return new Promise<void>((resolve) => (close = resolve)); } },
      ],
      leadership: singleProcessLeadership(),
      log,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['daily']);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toEqual(['daily', 'often']);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    close!();
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual(['daily', 'often']);
  });

  it('starts and stops the jobs of every replica, and refuses a job listed twice', async () => {
    const consumer = { start: vi.fn(), stop: vi.fn(async () => {}) };
    const scheduler = createScheduler({ jobs: [{ name: 'worker', everyReplica: consumer }], leadership: singleProcessLeadership(), log });
    scheduler.start();
    expect(consumer.start).toHaveBeenCalledOnce();
    await scheduler.stop();
    expect(consumer.stop).toHaveBeenCalledOnce();
    const job = { name: 'x', nextRunIn: every(1), run: async () => {} };
    expect(() => createScheduler({ jobs: [job, job], leadership: singleProcessLeadership(), log })).toThrow(/listed twice/);
  });
});
