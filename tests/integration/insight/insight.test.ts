// Service insight through the real app: a citizen's refused steps counted by field and message
// once flushed, a draft that expires counted as abandoned at its page, a filing's time to
// complete in its bucket, the funnel pages showing them (small counts as "meno di 5"), no
// identifier in the tables, and nobody outside the statistics' staff seeing the pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DAY_MS, romeDate, testClock, type TestClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant, RESIDENCE } from '../../helpers/applicants.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

let t: TestApp;
let clock: TestClock;
let procedureId: number;
const BASE = `/servizi/${RESIDENCE}/domanda`;
const MINUTE = 60_000;

beforeAll(async () => {
  // from the wall time, so that the logins' tokens are current
  clock = testClock(Date.now());
  t = await createTestApp({}, { clock });
  procedureId = (await t.app.db.selectFrom('procedures').select('id').where('slug', '=', RESIDENCE).executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.close());

const funnelPath = () => `/backoffice/statistiche/procedimenti/${procedureId}/percorso`;

describe('service insight', () => {
  it('counts refused steps by field and message, the pages reached and a filing’s time to complete', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.get(BASE)).statusCode).toBe(303);
    expect((await citizen.post(`${BASE}/informativa`, { accept: 'yes' })).statusCode).toBe(303);
    expect((await citizen.post(`${BASE}/dati-generali`, {})).statusCode).toBe(303);
    // the day the refusals are counted on (the filing, 20 minutes later, may fall on the next)
    const refusedOn = romeDate(clock());
    for (let i = 0; i < 6; i++) expect((await citizen.post(`${BASE}/passo/certificato`, { intestatario: 'se-stesso', uso: '' })).statusCode).toBe(422);
    for (let i = 0; i < 2; i++) expect((await citizen.post(`${BASE}/passo/certificato`, { intestatario: 'altra-persona', codiceFiscaleIntestatario: 'NONVALIDO', uso: 'esente-pensione' })).statusCode).toBe(422);
    // nothing written before the flush: the counters wait in memory
    expect(await t.app.db.selectFrom('insight_field_errors').selectAll().execute()).toEqual([]);
    expect(t.app.services.insight.pending()).toBeGreaterThan(0);

    expect((await citizen.post(`${BASE}/passo/certificato`, { intestatario: 'se-stesso', uso: 'esente-pensione' })).statusCode).toBe(303);
    expect((await citizen.post(`${BASE}/passo/dichiarazioni`, {})).statusCode).toBe(303);
    clock.advance(20 * MINUTE);
    const summary = await citizen.get(`${BASE}/riepilogo`);
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
    expect((await citizen.post(`${BASE}/invia`, { idempotencyKey: key })).statusCode).toBe(303);

    await t.app.services.insight.flush();
    expect(t.app.services.insight.pending()).toBe(0);
    const errors = await t.app.db.selectFrom('insight_field_errors').select(['step_id', 'field', 'message_key', 'count', 'procedure_id', 'day']).orderBy('field').execute();
    expect(errors).toEqual([
      { step_id: 'certificato', field: 'codiceFiscaleIntestatario', message_key: 'cfFormat', count: 2, procedure_id: procedureId, day: refusedOn },
      { step_id: 'certificato', field: 'uso', message_key: expect.any(String), count: 6, procedure_id: procedureId, day: refusedOn },
    ]);
    expect(errors[1]!.message_key).not.toBe('other');
    const steps = await t.app.db.selectFrom('insight_steps').select(['step_id', 'reached', 'abandoned']).where('procedure_id', '=', procedureId).orderBy('step_id').execute();
    expect(steps).toEqual(
      expect.arrayContaining([
        { step_id: 'informativa', reached: 1, abandoned: 0 },
        { step_id: 'dati-generali', reached: 1, abandoned: 0 },
        { step_id: 'certificato', reached: 1, abandoned: 0 },
        { step_id: 'dichiarazioni', reached: 1, abandoned: 0 },
        { step_id: 'riepilogo', reached: 1, abandoned: 0 },
        { step_id: 'inviata', reached: 1, abandoned: 0 },
      ]),
    );
    expect(await t.app.db.selectFrom('insight_completion').select(['bucket', 'count']).execute()).toEqual([{ bucket: 'm15to60', count: 1 }]);
  });

  it('counts a draft that expires and is purged as abandoned where it stopped', async () => {
    const people = [applicant(901), applicant(902), applicant(903)];
    for (const person of people) {
      const context = await t.app.services.submissions.begin(person, RESIDENCE);
      await t.app.services.submissions.acceptPrivacy(context);
    }
    // the drafts expire untouched: the hourly purge finds them
    clock.advance(t.app.config.submissions.draftDays * DAY_MS + MINUTE);
    await t.app.services.submissions.purgeExpiredDrafts();
    const rows = await t.app.db.selectFrom('insight_steps').select(['step_id', 'abandoned', 'day']).where('abandoned', '>', 0).execute();
    expect(rows).toEqual([{ step_id: 'dati-generali', abandoned: 3, day: romeDate(clock()) }]);
  });

  it('shows the funnel to the procedure’s office, small counts as "meno di 5"', async () => {
    await t.app.services.insight.flush();
    // the period ends today: the filing of the first test happened a draft's life ago, so 90 days
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const index = await clerk.get('/backoffice/statistiche/procedimenti');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(`href="${funnelPath()}"`);
    const page = await clerk.get(`${funnelPath()}?periodo=90`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dove si fermano le persone');
    expect(page.body).toContain('meno di 5');
    expect(page.body).toContain('Uso del certificato');
    expect(page.body).toMatch(/Uso del certificato[^]*?<td class="text-end">6<\/td>/);
    // two refusals of the tax code: below the threshold, neither the count nor its message shown
    expect(page.body).not.toMatch(/Il codice fiscale deve avere 16 caratteri/);
    expect(page.body).toContain('<svg');
    const english = await clerk.get(`${funnelPath()}?periodo=90&lang=en`);
    expect(english.body).toContain('fewer than 5');
    expect(english.body).toContain('Where people stop');
  });

  it('shows the same in the builder to administrators, linked from the procedure’s tabs', async () => {
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const overview = await admin.get(`/admin/procedimenti/${procedureId}`);
    expect(overview.body).toContain(`href="/admin/procedimenti/${procedureId}/dove-si-fermano"`);
    const page = await admin.get(`/admin/procedimenti/${procedureId}/dove-si-fermano?periodo=90`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('meno di 5');
    expect(page.body).toContain('aria-current="page"');
    expect((await admin.get(`${funnelPath()}?periodo=90`)).statusCode).toBe(200);
  });

  it('answers 404 to citizens, to clerks of other offices and to a bad period', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen2);
    expect((await citizen.get(funnelPath())).statusCode).toBe(404);
    expect((await citizen.get('/backoffice/statistiche/procedimenti')).statusCode).toBe(404);
    expect((await citizen.get(`/admin/procedimenti/${procedureId}/dove-si-fermano`)).statusCode).toBe(404);
    const other = await loginAs(t, TEST_PEOPLE.clerkTributi);
    expect((await other.get(funnelPath())).statusCode).toBe(404);
    expect((await other.get(`/admin/procedimenti/${procedureId}/dove-si-fermano`)).statusCode).toBe(404);
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    expect((await clerk.get(`${funnelPath()}?periodo=7`)).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('stores no identifier: the tables hold days, procedures, pages, fields, messages and counts', async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_name in ('insight_steps', 'insight_field_errors', 'insight_completion') order by table_name, ordinal_position`.execute(t.app.db);
    const byTable = new Map<string, string[]>();
    for (const row of columns.rows) byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row.column_name]);
    expect(Object.fromEntries(byTable)).toEqual({
      insight_completion: ['day', 'procedure_id', 'procedure_version', 'bucket', 'count'],
      insight_field_errors: ['day', 'procedure_id', 'procedure_version', 'step_id', 'field', 'message_key', 'count'],
      insight_steps: ['day', 'procedure_id', 'procedure_version', 'step_id', 'reached', 'abandoned'],
    });
  });
});
