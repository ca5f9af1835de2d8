// `npm run worker` as the separate process larger installations run: it delivers what the
// portal enqueued (PostgreSQL only), and refuses to start on the embedded database.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rememberContact } from '../../../src/notifications/contacts.service.ts';
import { startDevSmtp, type DevSmtpServer } from '../../../src/notifications/dev-smtp.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { deliveries, enqueueSample, MARIO } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function startWorker(env: Record<string, string>) {
  const child = spawn(TSX, ['src/worker.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('the worker process', () => {
  it('refuses the embedded database, which belongs to the portal process', async () => {
    const worker = startWorker({ DATA_DIR: 'memory://' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('needs DATABASE_URL');
    // a pino line of the portal's logger factory, like the portal's own (src/platform/logger.ts)
    const line = JSON.parse(worker.output().split('\n').find((l) => l.includes('needs DATABASE_URL'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 60, process: 'notifications-worker' });
    expect(String(line.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  describe.runIf(Boolean(process.env.DATABASE_URL))('on PostgreSQL', () => {
    let database: TestDatabase;
    let smtp: DevSmtpServer;
    beforeAll(async () => {
      database = await createTestDatabase();
      smtp = await startDevSmtp({ port: 0 });
    });
    afterAll(async () => {
      await smtp?.close();
      await database?.drop();
    });

    it('delivers what was enqueued and stops cleanly on SIGTERM', async () => {
      const db = database.handle.db;
      await rememberContact(db, MARIO, 'mario.rossi@example.it');
      await db.transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'process:1' }));
      const worker = startWorker({ DATABASE_URL: database.url!, SMTP_URL: smtp.url, IO_ENABLED: 'false', DOMICILE_REGISTRY: 'none', WORKER_POLL_MS: '100' });
      try {
        await smtp.waitFor(1, 20_000);
      } finally {
        worker.child.kill('SIGTERM');
      }
      expect(await worker.exited).toBe(0);
      expect(smtp.messages()[0]!.subject).toBe('Esito della richiesta n. 0000042/2026');
      const rows = await deliveries(db);
      expect(rows.map((r) => [r.channel, r.status])).toEqual([
        ['email', 'sent'],
        ['io', 'skipped'],
        // a decision has legal value: with no domicile register configured, no PEC goes
        ['pec', 'skipped'],
      ]);
      expect(worker.output()).toContain('notification worker started');
    });
  });
});
