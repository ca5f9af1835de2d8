// Scheduled jobs across replicas. On PostgreSQL (DATABASE_URL set) two schedulers on one
// database, each with its own lock session, stand for two replicas: a tick of both runs the
// job once, and when the leader stops the other takes over. On PGlite (one process owns the
// database) the scheduler leads every job itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobScheduler } from '../../../src/jobs.ts';
import { every, type Job } from '../../../src/platform/jobs.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const log = { info() {}, warn() {}, error() {} };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false, poolSize: 1 });
});

afterAll(async () => {
  await database.drop();
});

function counted(runs: string[], who: string): Job[] {
  return [{ name: 'count', nextRunIn: every(60_000), run: async () => void runs.push(who) }];
}

describe.runIf(process.env.DATABASE_URL)('two replicas on PostgreSQL', () => {
  it('run a tick once, not twice; the other takes over when the leader stops', async () => {
    const runs: string[] = [];
    const a = jobScheduler(database.handle, counted(runs, 'a'), log);
    const b = jobScheduler({ url: database.url }, counted(runs, 'b'), log);
    const outcomes = await Promise.all([a.tick('count'), b.tick('count')]);
    expect(outcomes.sort()).toEqual(['not-leader', 'ran']);
    expect(runs).toHaveLength(1);
    // the lock session is not taken from the pool (of one connection here)
    expect(database.handle.poolStats()).toMatchObject({ total: 0, waiting: 0 });
    const [leader, follower] = runs[0] === 'a' ? [a, b] : [b, a];
    // the leader keeps the lead between ticks
    expect(await follower.tick('count')).toBe('not-leader');
    expect(await leader.tick('count')).toBe('ran');
    expect(runs).toHaveLength(2);
    await leader.stop();
    expect(await follower.tick('count')).toBe('ran');
    expect(runs).toHaveLength(3);
    await follower.stop();
  });
});

describe.skipIf(process.env.DATABASE_URL)('one process on PGlite', () => {
  it('leads every job itself', async () => {
    const runs: string[] = [];
    const scheduler = jobScheduler(database.handle, counted(runs, 'only'), log);
    expect(await scheduler.tick('count')).toBe('ran');
    expect(await scheduler.tick('count')).toBe('ran');
    expect(runs).toEqual(['only', 'only']);
    await scheduler.stop();
  });
});
