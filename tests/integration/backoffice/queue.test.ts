// The queue over many filings: filters (status, procedure, assignee, deadline band, office),
// counts per status, keyset pages that neither skip nor repeat a filing (ties on the due date
// broken by id, both directions), and the query plans: every queue page reads an index range
// of `cases`, never a sequential scan (docs/backoffice.md has the plans at a million rows).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePageSql, type QueueFilter } from '../../../src/backoffice/queue.repository.ts';
import type { QueueParams, StaffActor } from '../../../src/backoffice/backoffice.service.ts';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { CLERK_ANAGRAFE } from './helpers.ts';

let t: TestApp;
const N = 20_000;
const today = romeDate(new Date());
const TWO_OFFICES: StaffActor = { fiscalCode: 'FRRNNA75C55A944U', name: 'Anna Ferri', offices: ['anagrafe', 'tributi'], headOf: [] };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.app.db;
  // synthetic filings spread over three offices, every state, a year of due dates, a few clerks
  await sql`
    insert into submissions (idempotency_key, procedure_id, procedure_version, applicant_fiscal_code, applicant, answers, summary, locale, subject, office_code, due_date, status, protocol_year, protocol_number)
    select gen_random_uuid(), p.id, p.published_version, 'SYN' || lpad(g::text, 13, '0'),
           jsonb_build_object('fiscalCode', 'SYN' || lpad(g::text, 13, '0'), 'givenName', 'Nome' || g, 'familyName', 'Cognome' || g, 'spidLevel', 2),
           '{}'::jsonb, '{"steps":[]}'::jsonb, 'it', 'Sintetica ' || g,
           (array['anagrafe', 'tributi', 'ambiente'])[1 + g % 3],
           ${today}::date + ((g * 7919) % 365 - 60),
           (array['submitted', 'in_review', 'integration_requested', 'refusal_notice', 'approved', 'rejected', 'withdrawn', 'accepted_by_silence'])[1 + (g / 3) % 8],
           -- numbered already (an old register year), so the protocol registrar leaves them alone
           1999, g
    from generate_series(1, ${N}) g
    cross join lateral (select id, published_version from procedures where published_version is not null order by id offset (g % 5) limit 1) p`.execute(db);
  await sql`
    insert into cases (submission_id, office_code, procedure_id, status, received_at, receipt_date, duration_days, silence_consent, due_date,
                       paused_since, pause_kind, reply_by, assignee_fiscal_code, applicant_fiscal_code, applicant_name, search_name, last_event_hash)
    select s.id, s.office_code, s.procedure_id, s.status, s.received_at, s.due_date - 30, 30, false, s.due_date,
           case when s.status in ('integration_requested', 'refusal_notice') then s.due_date - 20 end,
           case s.status when 'integration_requested' then 'integration' when 'refusal_notice' then 'refusal_notice' end,
           case when s.status in ('integration_requested', 'refusal_notice') then s.due_date - 10 end,
           case when (s.id * 7) % 11 < 3 then 'FRRNNA75C55A944U' end,
           s.applicant_fiscal_code, 'Cognome' || s.id || ' Nome', lower('cognome' || s.id || ' nome ' || s.applicant_fiscal_code), repeat('0', 64)
    from submissions s where s.applicant_fiscal_code like 'SYN%'`.execute(db);
  await sql`analyze cases`.execute(db);
  await sql`analyze submissions`.execute(db);
}, 120_000);
afterAll(async () => t?.close());

async function allPages(actor: StaffActor, params: QueueParams, limit: number) {
  const seen: number[] = [];
  let after: QueueParams['after'];
  for (let page = 0; page < 10_000; page++) {
    const result = await t.app.services.backoffice.queue(actor, { ...params, after, limit });
    seen.push(...result.rows.map((r) => r.submission_id));
    if (!result.next) return seen;
    after = result.next;
  }
  throw new Error('no end');
}

async function expected(where: string, offices: string[], descending = false) {
  const rows = await sql<{ submission_id: number }>`select submission_id from cases where office_code in (${sql.join(offices)}) and ${sql.raw(where)}
    order by due_date ${sql.raw(descending ? 'desc' : 'asc')}, submission_id ${sql.raw(descending ? 'desc' : 'asc')}`.execute(t.app.db);
  return rows.rows.map((r) => Number(r.submission_id));
}

describe('keyset pages', () => {
  it('walk a filtered queue of one office without skipping or repeating', async () => {
    const got = await allPages(CLERK_ANAGRAFE, { status: 'in_review', assignee: 'me' }, 37);
    const want = await expected(`status = 'in_review' and assignee_fiscal_code = 'FRRNNA75C55A944U'`, ['anagrafe']);
    expect(want.length).toBeGreaterThan(50);
    expect(got).toEqual(want);
  });

  it('merge two offices in deadline order, in both directions', async () => {
    const asc = await allPages(TWO_OFFICES, { status: 'refusal_notice' }, 50);
    expect(asc).toEqual(await expected(`status = 'refusal_notice'`, ['anagrafe', 'tributi']));
    const desc = await allPages(TWO_OFFICES, { status: 'refusal_notice', descending: true }, 50);
    expect(desc).toEqual(await expected(`status = 'refusal_notice'`, ['anagrafe', 'tributi'], true));
  });

  it('filter by deadline band: overdue, due soon, on time, paused', async () => {
    const soon = addDays(today, 5);
    const cases: Array<[NonNullable<QueueParams['band']>, string]> = [
      ['overdue', `is_open and paused_since is null and due_date < '${today}'`],
      ['due-soon', `is_open and paused_since is null and due_date between '${today}' and '${soon}'`],
      ['paused', `is_open and paused_since is not null`],
    ];
    for (const [band, where] of cases) {
      const got = await allPages(CLERK_ANAGRAFE, { status: 'all', band }, 500);
      expect(got, band).toEqual(await expected(where, ['anagrafe']));
    }
  });

  it('count cases per status over the same filters', async () => {
    const result = await t.app.services.backoffice.queue(CLERK_ANAGRAFE, { status: 'open', limit: 5 });
    const rows = await sql<{ status: string; n: number }>`select status, count(*)::int as n from cases where office_code = 'anagrafe' group by status`.execute(t.app.db);
    for (const r of rows.rows) expect(result.counts.get(r.status)).toBe(r.n);
    expect(result.rows).toHaveLength(5);
    expect(result.rows.every((r) => r.open)).toBe(true);
  });
});

describe('query plans', () => {
  const filter = (changes: Partial<QueueFilter>): QueueFilter => ({ offices: ['anagrafe'], status: 'open', today, soonUntil: addDays(today, 5), ...changes });

  async function plan(f: QueueFilter, after?: { dueDate: string; id: number }): Promise<string> {
    const query = queuePageSql(t.app.db, f, { after, limit: 51 });
    const result = await sql<Record<string, unknown>>`explain ${query}`.execute(t.app.db);
    return result.rows.map((r) => Object.values(r)[0]).join('\n');
  }

  it.each([
    ['the open queue of one office', filter({})],
    ['the open queue of two offices', filter({ offices: ['anagrafe', 'tributi'] })],
    ['a status', filter({ status: 'in_review' })],
    ['every status', filter({ status: 'all' })],
    ['a procedure', filter({ status: 'all', procedureId: 1 })],
    ['an assignee', filter({ status: 'all', assignee: 'FRRNNA75C55A944U' })],
    ['a page further on', filter({}), { dueDate: today, id: 5000 }],
  ])('read an index range of cases for %s', async (_what, f, after?: { dueDate: string; id: number }) => {
    const text = await plan(f, after);
    expect(text).toMatch(/Index (Only )?Scan( Backward)? using cases_\w+ on cases/);
    expect(text).not.toMatch(/Seq Scan on cases/);
  });

  // the text search also looks into the answers and messages of each case (search.repository.ts):
  // it walks the office's index range by deadline and tests each case, no longer the name's
  // trigram index alone
  it('searches text along an index range of cases, never a sequential scan', async () => {
    const text = await plan(filter({ status: 'all', search: { kind: 'name', text: 'cognome1234 ' } }));
    expect(text).toMatch(/Index (Only )?Scan( Backward)? using cases_\w+ on cases/);
    expect(text).not.toMatch(/Seq Scan on cases/);
  });
});

describe('free-text search over 20,000 cases', () => {
  it('finds a name, and a word of a message, within the offices only', async () => {
    const [one] = await sql<{ submission_id: number }>`select submission_id from cases where office_code = 'anagrafe' order by submission_id limit 1`.execute(t.app.db).then((r) => r.rows);
    await sql`insert into case_messages (submission_id, author_kind, author_fiscal_code, author_name, office_code, body, created_at)
              values (${one!.submission_id}, 'office', 'FRRNNA75C55A944U', 'Anna Ferri', 'anagrafe', 'Un chiarimento sul formichiere', now())`.execute(t.app.db);
    // search documents as real filings have them (a dozen answers of some fifteen words), written
    // here in one statement with the index built after: the triggers that write them one filing at
    // a time are exercised by tests/integration/backoffice/worklists.test.ts
    await sql`drop index case_search_document_trgm_idx`.execute(t.app.db);
    await sql`update case_search set document = document || ' ' || (select string_agg('risposta numero ' || k || ' della pratica ' || submission_id || ' via roma ' || k || ', 29121 piacenza (pc)', ' ') from generate_series(1, 12) k)
              where submission_id in (select id from submissions where applicant_fiscal_code like 'SYN%')`.execute(t.app.db);
    await sql`create index case_search_document_trgm_idx on case_search using gin (document gin_trgm_ops)`.execute(t.app.db);
    await sql`analyze case_search`.execute(t.app.db);
    const started = performance.now();
    const found = await t.app.services.backoffice.queue(CLERK_ANAGRAFE, { status: 'all', q: 'Formichiere' });
    const ms = performance.now() - started;
    if (process.env.SEARCH_TIMING) console.log(`text search over ${N} cases: ${ms.toFixed(0)} ms`);
    expect(found.rows.map((r) => Number(r.submission_id))).toEqual([Number(one!.submission_id)]);
    const other = await t.app.services.backoffice.queue({ ...CLERK_ANAGRAFE, offices: ['tributi'] }, { status: 'all', q: 'formichiere' });
    expect(other.rows).toEqual([]);
    // a word of every synthetic summary: the first page by deadline, and the search document reads its index
    expect((await t.app.services.backoffice.queue(CLERK_ANAGRAFE, { status: 'all', q: 'Piacenza' })).rows.length).toBe(50);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select submission_id from case_search where document like '%formichiere%'`.execute(t.app.db);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/case_search_document_trgm_idx/);
  }, 300_000);
});
