// Failures nobody awaits are logged, not swallowed: a payment status listener that throws (the
// change stands, the operators are told), and a pooled PostgreSQL connection that dies while
// idle (the pool drops it and the portal goes on).
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.ts';
import { pendingMigrations } from '../../../src/db/migrator.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { onServer } from '../../helpers/database-server.ts';
import { createPosition, eventually, startPortal, type PaymentsHarness } from '../payments/harness.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPortal();
});
afterAll(async () => h?.close());

describe('a payment status listener that fails', () => {
  it('is logged with the position, and the change is still applied', async () => {
    h.app.services.payments.onChange(() => {
      throw new Error('listener broke');
    });
    // a notice past its due date expires at the second reconciliation (the first registers it)
    const position = await createPosition(h.app, { dueDate: '2020-01-31', expireAfterDueDate: true });
    const payments = h.app.services.payments;
    await payments.reconcile({ asOf: new Date(Date.now() + 86_400_000) });
    const report = await payments.reconcile({ asOf: new Date(Date.now() + 2 * 86_400_000) });
    expect(report.errors).toEqual([]);
    expect((await payments.find(position.id))!.status).toBe('expired');
    const logged = h.logs.find((line) => line.msg === 'payments: a status-change listener failed');
    expect(logged).toMatchObject({ level: 50, positionId: position.id, to: 'expired', err: { type: 'Error', message: 'listener broke' } });
  });
});

describe.skipIf(!process.env.DATABASE_URL)('a pooled connection that dies while idle (PostgreSQL)', () => {
  it('is logged as a warning, and the next query gets a new connection', async () => {
    const database = await createTestDatabase();
    const logs: Array<{ obj: object; msg: string }> = [];
    const handle = await openDatabase({ url: database.url, dataDir: 'memory://', poolSize: 1, log: { warn: (obj, msg) => logs.push({ obj, msg }) } });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      const killer = new pg.Client({ connectionString: database.url });
      await killer.connect();
      await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await killer.end();
      const logged = await eventually(async () => logs.find((line) => line.msg.startsWith('database: an idle connection failed')));
      expect((logged.obj as { err: Error }).err).toBeInstanceOf(Error);
      expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});

describe('a database that does not answer', () => {
  it('is not reported as a database with every migration pending', async () => {
    // nothing listens on port 1: every connection is refused at once
    const handle = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', dataDir: 'memory://', poolSize: 1, log: { warn() {} } });
    try {
      await expect(pendingMigrations(handle)).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await handle.close();
    }
  });

  it('makes /readyz answer 503 and log why', async () => {
    const portal = await startPortal();
    try {
      await cutOff(portal);
      const answer = await portal.app.inject('/readyz');
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual({ status: 'database unreachable' });
      expect(portal.logs).toContainEqual(expect.objectContaining({ level: 40, msg: 'readiness: database unreachable', err: expect.objectContaining({ message: expect.any(String) }) }));
    } finally {
      await portal.close();
    }
  });
});

/** The portal's database stops answering: connections refused on the server, or PGlite closed. */
async function cutOff(portal: PaymentsHarness) {
  const { url, handle } = portal.database;
  if (!url) return handle.close();
  const name = new URL(url).pathname.slice(1);
  await onServer(process.env.DATABASE_URL!, async (admin) => {
    await admin.query(`alter database ${name} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
  });
}
