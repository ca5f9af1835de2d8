// The same migrations on PGlite and PostgreSQL: applied once, then nothing left to apply; the
// seed catalogue makes a new version only when a definition changed; published versions frozen.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncSeedCatalogue } from '../../../src/catalogue/catalogue.service.ts';
import { migrate, pendingMigrations, readMigrations } from '../../../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.drop());

describe('migrations and seed', () => {
  it('applies every migration once, concurrently safe', async () => {
    const all = await readMigrations();
    const [first, second] = await Promise.all([migrate(database.handle), migrate(database.handle)]);
    expect([...first!, ...second!].sort()).toEqual(all.map((m) => m.name));
    expect(await pendingMigrations(database.handle)).toEqual([]);
    expect(await migrate(database.handle)).toEqual([]);
  });

  it('loads the seed once and keeps published versions frozen', async () => {
    const first = await syncSeedCatalogue(database.handle.db);
    expect(first.created.length).toBeGreaterThanOrEqual(10);
    const again = await syncSeedCatalogue(database.handle.db);
    expect(again).toMatchObject({ created: [], updated: [] });
    await expect(
      sql`update procedure_versions set definition = '{}'::jsonb where version = 1`.execute(database.handle.db),
    ).rejects.toThrow(/published and cannot change/);
    // two syncs of the 135 seeded procedures: 11 s on PostgreSQL, up to 27 s on a busy PGlite
  }, 120_000);
});
