// A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
// on the PostgreSQL server named by DATABASE_URL (created from it, dropped afterwards), so that
// test files never see each other's rows and can run in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The URL of the fresh database on the server (undefined on PGlite). */
  url: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  let drop = async () => {};
  if (serverUrl) {
    const name = `sportello_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(serverUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    drop = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const handle = await openDatabase({ url, dataDir: 'memory://', poolSize: options.poolSize ?? 20 });
  if (options.migrate !== false) await migrate(handle);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await drop();
    },
  };
}
