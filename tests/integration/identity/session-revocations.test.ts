// What each portal process knows of the revoked sessions (src/identity/session-revocations.ts),
// two processes' views over one database and a test clock: its own revocations at once, the
// other's at its poll, a revocation committed late (stamped before the last poll) still seen,
// and the ids of expired sessions forgotten, so that memory holds only live revocations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionRevocations, POLL_OVERLAP_MS } from '../../../src/identity/session-revocations.ts';
import { testClock } from '../../../src/platform/time.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const HOUR = 3_600_000;

describe('session revocations of two processes', () => {
  it('are known at once here, at the next poll there, until the session expires', async () => {
    const clock = testClock('2026-12-03T09:00:00Z');
    const here = createSessionRevocations(database.handle.db, clock, 12);
    const there = createSessionRevocations(database.handle.db, clock, 12);
    await there.poll();

    const id = await here.start('CSRGGL44L13H501E', clock());
    await here.revoke(id);
    expect(here.isRevoked(id)).toBe(true);
    expect(there.isRevoked(id)).toBe(false);
    expect(await there.poll()).toBe(1);
    expect(there.isRevoked(id)).toBe(true);
    // the same revocation read again (the poll looks back) is not learnt twice
    expect(await there.poll()).toBe(0);

    // a revocation stamped before the last poll (a slow commit, a clock a little behind) is still read
    const late = await here.start('LVLDAA85T50G702B', clock());
    clock.advance(10_000);
    await there.poll();
    const lateClock = testClock(clock().getTime() - POLL_OVERLAP_MS / 2);
    await createSessionRevocations(database.handle.db, lateClock, 12).revoke(late);
    expect(await there.poll()).toBe(1);
    expect(there.isRevoked(late)).toBe(true);

    // past their expiry the ids are forgotten (the cookie is refused by then) and the rows pruned a day later
    clock.advance(13 * HOUR);
    await there.poll();
    expect(there.isRevoked(id)).toBe(false);
    clock.advance(24 * HOUR);
    expect(await here.prune()).toBeGreaterThanOrEqual(2);
  });

  it('"everywhere" ends every live session of the person and no one else\'s', async () => {
    const clock = testClock('2026-12-04T09:00:00Z');
    const here = createSessionRevocations(database.handle.db, clock, 12);
    const phone = await here.start('RSSMRA80A01H501U', clock());
    const laptop = await here.start('RSSMRA80A01H501U', clock());
    const other = await here.start('NREGNN70H70F205U', clock());
    expect(await here.revokePerson('RSSMRA80A01H501U')).toBe(2);
    expect([phone, laptop, other].map((s) => here.isRevoked(s))).toEqual([true, true, false]);
    expect(await here.revokePerson('RSSMRA80A01H501U')).toBe(0);
  });
});
