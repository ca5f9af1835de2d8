// The retention job when the storage fails part-way, on the portal's local disk: a stored file
// that cannot be removed (a folder stands where the file was) makes that filing's transaction
// roll back whole (its rows, answers and stages as before) while the other filing is purged;
// once the storage is repaired, the next run finishes that filing and does the first one's
// work no second time.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_PEOPLE } from '../../helpers/login.ts';
import { CITIZEN, CLERK_TRIBUTI, fileProcedure } from '../backoffice/helpers.ts';

const clock = testClock('2026-03-02T09:00:00Z');
let t: TestApp;
let first: { id: number; publicId: string };
let second: { id: number; publicId: string };

const keysOf = async (id: number) => (await t.app.db.selectFrom('attachments').select('storage_key').where('submission_id', '=', id).orderBy('storage_key').execute()).map((r) => r.storage_key);
const purges = (id: number) => t.app.db.selectFrom('retention_purges').select(['stage', 'purged_at']).where('submission_id', '=', id).orderBy('stage').execute();

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  first = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  second = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  for (const f of [first, second]) {
    await t.app.services.backoffice.take(CLERK_TRIBUTI, f.publicId);
    await t.app.services.backoffice.decide(CLERK_TRIBUTI, f.publicId, { outcome: 'approved', motivation: 'Rimborso dovuto.', document: null });
  }
  clock.advance(11 * 365.25 * 86_400_000);
  await t.app.services.privacy.retention.dryRun(TEST_PEOPLE.admin);
  await t.app.services.privacy.retention.setEnabled(TEST_PEOPLE.admin, true);
}, 180_000);
afterAll(async () => t?.close());

describe('a storage error in the middle of a run', () => {
  it('rolls back the filing it hit, purges the other, and the next run finishes with no double work', async () => {
    const keys = await keysOf(second.id);
    expect(keys.length).toBeGreaterThan(0);
    // a folder with something in it where the last file was: removing it fails
    const blocked = path.join(t.app.config.submissions.filesDir, keys.at(-1)!);
    await rm(blocked, { force: true });
    await mkdir(blocked);
    await writeFile(path.join(blocked, 'occupato'), 'x');

    const broken = await t.app.services.privacy.retention.run();
    expect(broken).toMatchObject({ ran: true, filings: 1, failed: 1 });
    expect((await purges(first.id)).map((p) => p.stage)).toEqual(['attachments', 'filing', 'messages']);
    // the failed filing as it was: every row, the answers, no stage marked
    expect(await purges(second.id)).toEqual([]);
    expect(await keysOf(second.id)).toEqual(keys);
    expect((await t.app.db.selectFrom('submissions').select('answers').where('id', '=', second.id).executeTakeFirstOrThrow()).answers).not.toEqual({});

    const firstDone = await purges(first.id);
    await rm(blocked, { recursive: true, force: true });
    const repaired = await t.app.services.privacy.retention.run();
    expect(repaired).toMatchObject({ ran: true, filings: 1, failed: 0, more: false });
    expect(await keysOf(second.id)).toEqual([]);
    expect((await t.app.db.selectFrom('submissions').select('answers').where('id', '=', second.id).executeTakeFirstOrThrow()).answers).toEqual({});
    // the first filing's stages were not done again
    expect(await purges(first.id)).toEqual(firstDone);
    expect(await t.app.services.privacy.retention.run()).toMatchObject({ filings: 0, failed: 0 });
  });
});
