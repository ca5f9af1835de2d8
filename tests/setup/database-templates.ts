// Vitest global setup: migrates (and seeds) two template databases once per run, so that each
// test file clones one instead of migrating and seeding its own. On PostgreSQL they are
// databases named with this run's id (CREATE DATABASE ... TEMPLATE clones them), dropped at the
// end; on PGlite they are dumps of a data folder in a temporary folder, which each file loads.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { syncSeedCatalogue } from '../../src/catalogue/catalogue.service.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { databaseUrl, onServer, type DatabaseTemplates } from '../helpers/database-server.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  const built = serverUrl ? await buildOnServer(serverUrl) : await buildDumps();
  project.provide('databaseTemplates', built.templates);
  return built.teardown;
}

async function buildOnServer(serverUrl: string): Promise<{ templates: DatabaseTemplates; teardown: () => Promise<void> }> {
  const run = `sportello_template_${randomBytes(4).toString('hex')}`;
  const templates: DatabaseTemplates = { kind: 'postgres', migrated: `${run}_migrated`, seeded: `${run}_seeded` };
  const teardown = () => onServer(serverUrl, async (admin) => {
    for (const name of [templates.seeded, templates.migrated]) await admin.query(`drop database if exists ${name} with (force)`);
  });
  try {
    await onServer(serverUrl, (admin) => admin.query(`create database ${templates.migrated}`));
    // Every connection is closed before the next clone: a template with a session open cannot be copied.
    await withDatabase({ url: databaseUrl(serverUrl, templates.migrated), dataDir: 'memory://', poolSize: 2 }, migrate);
    await onServer(serverUrl, (admin) => admin.query(`create database ${templates.seeded} template ${templates.migrated}`));
    await withDatabase({ url: databaseUrl(serverUrl, templates.seeded), dataDir: 'memory://', poolSize: 2 }, (handle) => syncSeedCatalogue(handle.db));
  } catch (error) {
    await teardown();
    throw error;
  }
  return { templates, teardown };
}

async function buildDumps(): Promise<{ templates: DatabaseTemplates; teardown: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sportello-templates-'));
  const templates: DatabaseTemplates = { kind: 'pglite', migrated: path.join(folder, 'migrated.tar'), seeded: path.join(folder, 'seeded.tar') };
  const teardown = () => rm(folder, { recursive: true, force: true });
  try {
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrate(handle);
      await writeFile(templates.migrated, await dumpPglite(handle));
      await syncSeedCatalogue(handle.db);
      await writeFile(templates.seeded, await dumpPglite(handle));
    } finally {
      await handle.close();
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  return { templates, teardown };
}

/** An uncompressed tarball of the data folder: larger, but loads faster than a gzipped one. */
async function dumpPglite(handle: DatabaseHandle): Promise<Uint8Array> {
  if (!handle.dumpDataDir) throw new Error('only a PGlite database can be dumped');
  const dump = await handle.dumpDataDir();
  return new Uint8Array(await dump.arrayBuffer());
}

async function withDatabase<T>(options: Parameters<typeof openDatabase>[0], run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(options);
  try {
    return await run(handle);
  } finally {
    await handle.close();
  }
}
