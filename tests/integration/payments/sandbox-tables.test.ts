// The payment sandbox's books are not part of the portal's schema: a migrated database (what
// production runs on) has none, the pagoPA provider makes none, and the sandbox makes its own
// when it is the provider, safely when several processes start at once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createProvider } from '../../../src/payments/providers/index.ts';
import { systemClock } from '../../../src/platform/time.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

async function sandboxTables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name like 'sandbox_psp_%' order by table_name`.execute(database.handle.db);
  return rows.map((r) => r.name);
}

describe('the payment sandbox tables', () => {
  it('are not in a migrated database, and the pagoPA provider makes none', async () => {
    expect(await sandboxTables()).toEqual([]);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: 'memory://',
      PAYMENTS_PROVIDER: 'pagopa',
      PAGOPA_GPD_URL: 'http://127.0.0.1:9/gpd',
      PAGOPA_CHECKOUT_URL: 'http://127.0.0.1:9/checkout',
      PAGOPA_SUBSCRIPTION_KEY: 'key',
      PAGOPA_IBAN: 'IT60X0542811101000000123456',
    });
    const chosen = await createProvider(database.handle.db, config, systemClock);
    expect(chosen.sandbox).toBeNull();
    await chosen.provider.close();
    expect(await sandboxTables()).toEqual([]);
  });

  it('are made by the sandbox when it is the provider, once, by processes starting at once', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://' });
    const both = await Promise.all([createProvider(database.handle.db, config, systemClock), createProvider(database.handle.db, config, systemClock)]);
    for (const chosen of both) {
      expect(chosen.sandbox).not.toBeNull();
      await chosen.provider.close();
    }
    expect(await sandboxTables()).toEqual(['sandbox_psp_positions', 'sandbox_psp_sessions']);
  });
});
