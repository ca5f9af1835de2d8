// The three logs that are one hash chain each (staff reads, administrators' changes, payment
// status changes) keep their head in audit_chain_heads, moved in the appending transaction:
// the verify command finds an intact chain intact, a changed entry in the middle, a removed
// newest entry (which breaks no link), an emptied table, and an entry appended after a removal;
// appends at once do not fork a chain.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBreak, verifyChains, type BrokenLink } from '../../../src/backoffice/audit-verify.ts';
import { recordChange } from '../../../src/admin/audit.ts';
import type { ChainName } from '../../../src/platform/hash-chain.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { paidEvent, positionInput, signedHeaders } from '../payments/harness.ts';
import { CLERK_ANAGRAFE, fileResidence } from './helpers.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { poolSize: 4 });
});
afterAll(async () => t?.close());

/** A paid notification for a new position: one status change. */
async function paymentChange(): Promise<void> {
  const payments = t.app.services.payments;
  const position = await t.app.db.transaction().execute((trx) => payments.createPosition(trx, positionInput()));
  const raw = JSON.stringify(paidEvent({ noticeNumber: position.noticeNumber, creditorFiscalCode: position.creditor.fiscalCode, iuv: position.iuv, amountCents: position.amountCents }));
  const result = await payments.handleNotification(payments.provider.name, raw, signedHeaders(t.app, raw));
  expect(result.outcome).toBe('applied');
}

const CHAINS: Array<{ chain: ChainName; trigger: string; column: string; append: () => Promise<void> }> = [
  {
    chain: 'audit_log',
    trigger: 'audit_log_append_only',
    column: 'action',
    append: async () => {
      await t.app.services.backoffice.queue(CLERK_ANAGRAFE, { status: 'open' });
    },
  },
  {
    chain: 'admin_audit',
    trigger: 'admin_audit_append_only',
    column: 'action',
    append: () => recordChange(t.app.db, 'RSSMRA80A01H501U', 'office.update', 'office', 'anagrafe', { changes: { email: ['a@example.it', `b${randomUUID()}@example.it`] } }),
  },
  { chain: 'payment_transitions', trigger: 'payment_transitions_append_only', column: 'source', append: paymentChange },
];

async function brokenIn(chain: ChainName): Promise<BrokenLink[]> {
  return (await verifyChains(t.app.db)).broken.filter((b) => b.log === chain);
}

async function behindTrigger(table: string, trigger: string, work: () => Promise<unknown>) {
  await sql.raw(`alter table ${table} disable trigger ${trigger}`).execute(t.app.db);
  try {
    await work();
  } finally {
    await sql.raw(`alter table ${table} enable trigger ${trigger}`).execute(t.app.db);
  }
}

async function ids(table: string): Promise<number[]> {
  const { rows } = await sql<{ n: string }>`select id::text as n from ${sql.table(table)} order by id`.execute(t.app.db);
  return rows.map((r) => Number(r.n));
}

describe.each(CHAINS)('the $chain chain', ({ chain, trigger, column, append }) => {
  it('is intact after appends, and its head is the last entry', async () => {
    if (chain === 'audit_log') await fileResidence(t.app);
    for (let i = 0; i < 3; i++) await append();
    const report = await verifyChains(t.app.db);
    expect(report.broken.filter((b) => b.log === chain)).toEqual([]);
    expect(report.chains[chain]).toBeGreaterThanOrEqual(3);
    const head = await t.app.db.selectFrom('audit_chain_heads').selectAll().where('chain', '=', chain).executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(report.chains[chain]);
  });

  it('appends at once do not fork it', async () => {
    await Promise.all(Array.from({ length: 6 }, () => append()));
    expect(await brokenIn(chain)).toEqual([]);
  });

  it('a changed entry in the middle fails, naming the chain and the entry', async () => {
    const all = await ids(chain);
    const middle = all[Math.floor(all.length / 2)]!;
    const { rows } = await sql<{ value: string }>`select ${sql.ref(column)} as value from ${sql.table(chain)} where id = ${middle}`.execute(t.app.db);
    const original = rows[0]!.value;
    const changed = column === 'source' ? (original === 'office' ? 'return' : 'office') : `${original}.changed`;
    await behindTrigger(chain, trigger, () => sql`update ${sql.table(chain)} set ${sql.ref(column)} = ${changed} where id = ${middle}`.execute(t.app.db));
    expect(await brokenIn(chain)).toEqual([{ log: chain, entryId: middle, problem: 'content changed' }]);
    await behindTrigger(chain, trigger, () => sql`update ${sql.table(chain)} set ${sql.ref(column)} = ${original} where id = ${middle}`.execute(t.app.db));
    expect(await brokenIn(chain)).toEqual([]);
  });

  it('a removed newest entry fails (no link names it: the head does), and so does the next append', async () => {
    const all = await ids(chain);
    const newest = all[all.length - 1]!;
    await behindTrigger(chain, trigger, () => sql`delete from ${sql.table(chain)} where id = ${newest}`.execute(t.app.db));
    const broken = await brokenIn(chain);
    expect(broken).toEqual([{ log: chain, entryId: all[all.length - 2]!, problem: 'newest entries missing' }]);
    expect(describeBreak(broken[0]!)).toContain(`(${chain})`);

    // what is appended next links to the head, not to the entry now last
    await append();
    const after = await ids(chain);
    expect(await brokenIn(chain)).toEqual([{ log: chain, entryId: after[after.length - 1]!, problem: 'link broken' }]);
  });

  it('an emptied table fails', async () => {
    await behindTrigger(chain, trigger, () => sql`delete from ${sql.table(chain)}`.execute(t.app.db));
    expect(await brokenIn(chain)).toEqual([{ log: chain, problem: 'newest entries missing' }]);
  });
});
