// scripts/backup.sh and scripts/restore.sh on a real PostgreSQL server: a filing with an
// attachment made through the portal is backed up (pg_dump and a tar of DATA_DIR/files),
// restored into a new database and a new folder, and a portal started on the copy shows the
// same filing and sends the same attachment bytes. A damaged backup and a database that is not
// empty are refused. Uses DATABASE_URL's server, else the local one at 127.0.0.1:5432 when it
// answers (PGlite-only machines without a server skip it, and say so).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../../../src/db/database.ts';
import { testConfig } from '../../helpers/app.ts';
import { databaseUrl, onServer } from '../../helpers/database-server.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { CITIZEN, fileProcedure } from '../backoffice/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function reachableServer(): Promise<string | undefined> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: local, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return local;
  } catch {
    // no server here: the suite runs on PGlite only, and this file says it skipped
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

const serverUrl = await reachableServer();
const tools = spawnSync('pg_dump', ['--version']).status === 0;
if (!serverUrl || !tools) console.warn('backup-restore: skipped, it needs a PostgreSQL server (DATABASE_URL or 127.0.0.1:5432) and pg_dump');

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function newDatabase(label: string): Promise<string> {
  const name = `sportello_${label}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl!, (admin) => admin.query(`create database ${name}`));
  cleanups.push(() => onServer(serverUrl!, (admin) => admin.query(`drop database if exists ${name} with (force)`)));
  return databaseUrl(serverUrl!, name);
}

async function newFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sportello-backup-test-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

async function portalOn(url: string, dataDir: string) {
  const handle: DatabaseHandle = await openDatabase({ url, dataDir, poolSize: 4 });
  cleanups.push(() => handle.close());
  // migrations and the seed catalogue run as at any start (nothing to do on a restored copy)
  const app = await buildApp(await testConfig({ DATA_DIR: dataDir }), { database: handle });
  cleanups.push(() => app.close());
  await app.ready();
  return app;
}

function run(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!serverUrl || !tools)('backup and restore (PostgreSQL and the file store)', () => {
  it('bring back a filing and its attachment bytes in a new database and folder', async () => {
    const sourceUrl = await newDatabase('backup_src');
    const sourceDir = await newFolder();
    const source = await portalOn(sourceUrl, sourceDir);
    const filed = await fileProcedure(source, CITIZEN, 'cila');
    const attachments = await source.db.selectFrom('attachments').select(['id', 'sha256', 'size_bytes', 'storage_key']).where('submission_id', '=', filed.id).execute();
    expect(attachments.length).toBeGreaterThan(0);
    const submission = await source.db.selectFrom('submissions').select(['public_id', 'answers']).where('id', '=', filed.id).executeTakeFirstOrThrow();

    const backup = path.join(await newFolder(), 'backup');
    const made = run('backup.sh', [backup], { DATABASE_URL: sourceUrl, DATA_DIR: sourceDir });
    expect(made.output).toContain('backup: written to');
    expect(made.status).toBe(0);

    const targetUrl = await newDatabase('backup_dst');
    const targetDir = await newFolder();
    const restored = run('restore.sh', [backup], { DATABASE_URL: targetUrl, DATA_DIR: targetDir });
    expect(restored.output).toContain('restore: done');
    expect(restored.status).toBe(0);

    const copy = await portalOn(targetUrl, targetDir);
    const again = await copy.db.selectFrom('submissions').select(['public_id', 'answers']).where('id', '=', filed.id).executeTakeFirstOrThrow();
    expect(again).toEqual(submission);
    const citizen = await loginAs(copy, TEST_PEOPLE.citizen);
    for (const attachment of attachments) {
      const res = await citizen.get(`/area-personale/richieste/${filed.publicId}/allegati/${attachment.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.length).toBe(attachment.size_bytes);
      expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(attachment.sha256);
    }

    // into a database that is not empty: refused, nothing touched
    const twice = run('restore.sh', [backup], { DATABASE_URL: targetUrl, DATA_DIR: await newFolder() });
    expect(twice.status).not.toBe(0);
    expect(twice.output).toContain('restore into a new, empty one');
    // a damaged backup: refused before anything is restored
    await appendFile(path.join(backup, 'files.tar'), 'x');
    const damaged = run('restore.sh', [backup], { DATABASE_URL: await newDatabase('backup_bad'), DATA_DIR: await newFolder() });
    expect(damaged.status).not.toBe(0);
    expect(damaged.output).toContain('is damaged');
  });
});
