// The protocol register under concurrency: parallel filings get exactly the numbers 1..N of
// the year, no gaps, no duplicates, in receipt order; a double submit files once; numbering
// restarts on 1 January (Rome time); the register is append-only.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberPendingBatch } from '../../../src/submissions/protocol.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant, fillResidenceCertificate, RESIDENCE } from '../../helpers/applicants.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('protocol numbering', () => {
  it('numbers N parallel filings 1..N in receipt order, without gaps or duplicates', async () => {
    const N = 200;
    const people = Array.from({ length: N }, (_, i) => applicant(i + 1));
    const keys: string[] = [];
    for (const person of people) keys.push(await fillResidenceCertificate(t.app, person));
    const results = await Promise.all(people.map((person, i) => t.app.services.submissions.submit(person, RESIDENCE, keys[i]!, 'it')));
    expect(results.every((r) => r.ok && r.created)).toBe(true);
    await t.app.services.registrar.flush();

    const rows = await t.app.db
      .selectFrom('submissions')
      .select(['id', 'received_at', 'protocol_year', 'protocol_number'])
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(N);
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Rome' }).format(new Date()));
    expect(rows.map((r) => r.protocol_number)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.protocol_year))).toEqual(new Set([year]));
    const register = await t.app.db.selectFrom('protocol_register').select(['number', 'submission_id']).orderBy('number').execute();
    expect(register.map((r) => r.number)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(register.map((r) => r.submission_id)).toEqual(rows.map((r) => r.id));
    // each filing's "received" message was written with its number, once
    const notices = await t.app.db.selectFrom('notifications').select(['recipient_fiscal_code', 'data']).where('kind', '=', 'submission.received').execute();
    expect(notices).toHaveLength(N);
    expect(new Set(notices.map((n) => (n.data as { protocolNumber: string }).protocolNumber)).size).toBe(N);
    expect((notices.find((n) => n.recipient_fiscal_code === people[0]!.fiscalCode)!.data as { protocolNumber: string }).protocolNumber).toMatch(/^\d{7}\/\d{4}$/);
  }, 180_000);

  it('files once when the same summary is submitted twice at once, and shows the same filing', async () => {
    const person = applicant(9001);
    const key = await fillResidenceCertificate(t.app, person);
    const service = t.app.services.submissions;
    const [a, b] = await Promise.all([service.submit(person, RESIDENCE, key, 'it'), service.submit(person, RESIDENCE, key, 'it')]);
    const again = await service.submit(person, RESIDENCE, key, 'it');
    expect(a.ok && b.ok && again.ok).toBe(true);
    if (!a.ok || !b.ok || !again.ok) return;
    expect(new Set([a.publicId, b.publicId, again.publicId]).size).toBe(1);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const count = await t.app.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('applicant_fiscal_code', '=', person.fiscalCode).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('restarts the numbers on 1 January, Rome time', async () => {
    const service = t.app.services.submissions;
    const late = applicant(9101);
    const early = applicant(9102);
    const lateKey = await fillResidenceCertificate(t.app, late);
    const earlyKey = await fillResidenceCertificate(t.app, early);
    const db = t.app.db;
    const first = await service.submit(late, RESIDENCE, lateKey, 'it');
    const second = await service.submit(early, RESIDENCE, earlyKey, 'it');
    expect(first.ok && second.ok).toBe(true);
    // both were numbered at once: take them back out and move them to either side of midnight
    await sql`alter table protocol_register disable trigger protocol_register_append_only`.execute(db);
    await sql`delete from protocol_register where submission_id in (select id from submissions where applicant_fiscal_code in (${late.fiscalCode}, ${early.fiscalCode}))`.execute(db);
    await sql`alter table protocol_register enable trigger protocol_register_append_only`.execute(db);
    await sql`update submissions set protocol_number = null, protocol_year = null,
      received_at = case applicant_fiscal_code when ${late.fiscalCode} then '2030-12-31 23:59:59.999+01'::timestamptz else '2031-01-01 00:00:00.001+01'::timestamptz end
      where applicant_fiscal_code in (${late.fiscalCode}, ${early.fiscalCode})`.execute(db);
    await numberPendingBatch(db);
    const rows = await db
      .selectFrom('submissions')
      .select(['applicant_fiscal_code', 'protocol_year', 'protocol_number'])
      .where('applicant_fiscal_code', 'in', [late.fiscalCode, early.fiscalCode])
      .execute();
    const byPerson = Object.fromEntries(rows.map((r) => [r.applicant_fiscal_code, [r.protocol_year, r.protocol_number]]));
    expect(byPerson[late.fiscalCode]).toEqual([2030, 1]);
    expect(byPerson[early.fiscalCode]).toEqual([2031, 1]);
  });

  it('keeps the register append-only', async () => {
    await expect(sql`update protocol_register set subject = 'changed'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from protocol_register`.execute(t.app.db)).rejects.toThrow(/append-only/);
  });
});

describe('daily register', () => {
  it('lists the registrations of a day in number order, with their segnatura', async () => {
    const { dailyRegisterCsv } = await import('../../../src/submissions/daily-register.ts');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
    const csv = await dailyRegisterCsv(t.app.db, t.app.config.protocol, today);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('segnatura,anno,numero,data_registrazione,verso,mittente,destinatario,oggetto,documenti');
    const numbers = lines.slice(1).map((line) => Number(line.split(',')[2]));
    expect(numbers.length).toBeGreaterThanOrEqual(200);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(lines[1]).toMatch(/^c_x000\|AOO_01\|REG_UFF\|0000001\|\d{4}-\d{2}-\d{2},/);
    expect(await dailyRegisterCsv(t.app.db, t.app.config.protocol, '1999-01-01')).toBe('segnatura,anno,numero,data_registrazione,verso,mittente,destinatario,oggetto,documenti\n');
  });
});
