// A fresh database for one test file, so that test files never see each other's rows and can
// run in parallel: in-memory PGlite by default, or a new database on the PostgreSQL server named
// by DATABASE_URL (dropped afterwards). Migrated (and seeded) databases are clones of the
// templates that tests/setup/database-templates.ts builds once per run; without them (a run
// with another config) the file migrates and seeds its own.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inject } from 'vitest';
import { syncSeedCatalogue } from '../../src/catalogue/catalogue.service.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { databaseUrl, onServer, type DatabaseTemplates } from './database-server.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The URL of the fresh database on the server (undefined on PGlite). */
  url: string | undefined;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** false: an empty database (the migration tests). Default true. */
  migrate?: boolean;
  /** true: with the seed catalogue as well (implies migrated). */
  seed?: boolean;
  poolSize?: number;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const content = options.seed ? 'seeded' : options.migrate === false ? 'empty' : 'migrated';
  const template = content === 'empty' ? undefined : runTemplates()?.[content];
  const serverUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  let dropOnServer = async () => {};
  if (serverUrl) {
    const name = `sportello_test_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, (admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ''}`));
    url = databaseUrl(serverUrl, name);
    dropOnServer = () => onServer(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {});
  }
  const loadDataDir = template && !serverUrl ? new Blob([await readFile(template)]) : undefined;
  const pgliteRuntime = serverUrl ? undefined : await pgliteRuntimeOnce();
  const handle = await openDatabase({ url, dataDir: 'memory://', poolSize: options.poolSize ?? 20, loadDataDir, pgliteRuntime });
  if (content !== 'empty' && !template) {
    await migrate(handle);
    if (content === 'seeded') await syncSeedCatalogue(handle.db);
  }
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await dropOnServer();
    },
  };
}

/** The templates of this run, when its global setup built them for this kind of database. */
function runTemplates(): DatabaseTemplates | undefined {
  const templates: DatabaseTemplates | undefined = inject('databaseTemplates');
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  return templates?.kind === kind ? templates : undefined;
}

let pgliteRuntime: Promise<{ wasmModule: WebAssembly.Module; fsBundle: Blob }> | undefined;

/** PGlite's WebAssembly compiled once per test worker (the workers share modules across files). */
function pgliteRuntimeOnce() {
  pgliteRuntime ??= (async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const [wasm, bundle] = await Promise.all([readFile(path.join(dist, 'pglite.wasm')), readFile(path.join(dist, 'pglite.data'))]);
    return { wasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([bundle]) };
  })();
  return pgliteRuntime;
}
