// Bad input in addresses (query strings, path segments) and in the definition import: each is a
// clear 4xx with the message in the person's language, never a 500, and changes nothing. The
// table lists each URL with who asks for it; PostgreSQL refuses a NUL byte in text and an
// impossible date where PGlite may not, so this file runs on both (DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { errorsOf, post } from '../admin/helpers.ts';
import { CITIZEN, fileResidence, multipart, PDF } from '../backoffice/helpers.ts';

let t: TestApp;
let people: Record<'anonymous' | 'citizen' | 'clerk' | 'admin', PortalAgent | null>;

beforeAll(async () => {
  t = await createTestApp();
  people = {
    anonymous: null,
    citizen: await loginAs(t, TEST_PEOPLE.citizen),
    clerk: await loginAs(t, TEST_PEOPLE.clerkAnagrafe),
    admin: await loginAs(t, TEST_PEOPLE.admin),
  };
});
afterAll(async () => t?.close());

const BAD_URLS: Array<[keyof typeof people, string]> = [
  // the catalogue, open to anyone
  ['anonymous', '/servizi?q=%00'],
  ['anonymous', '/servizi?area=%00'],
  ['anonymous', '/servizi/%00'],
  ['anonymous', '/api/v1/procedures?q=%00'],
  ['anonymous', '/api/v1/procedures/%00'],
  // the clerks' queue, payments and statistics
  ['clerk', '/backoffice?q=%00'],
  ['clerk', '/backoffice?dopo=2026-13-45.1'],
  ['clerk', '/backoffice?dopo=2026-02-30.1'],
  ['clerk', '/backoffice?dopo=2026-01-01.99999999999999999999'],
  ['clerk', '/backoffice?procedura=99999999999999999999'],
  ['clerk', '/backoffice?procedura=2147483648'],
  ['clerk', '/backoffice/export.csv?procedura=99999999999999999999'],
  ['clerk', '/backoffice/export.csv?q=%00'],
  ['clerk', '/backoffice/pagamenti?dal=2026-99-99'],
  ['clerk', '/backoffice/pagamenti?al=2026-02-30'],
  ['clerk', '/backoffice/pagamenti?procedura=99999999999999999999'],
  ['clerk', '/backoffice/pagamenti/export.csv?dal=2026-99-99'],
  ['clerk', '/backoffice/statistiche?dal=2026-02-30'],
  ['clerk', '/backoffice/statistiche?al=2026-13-01'],
  ['clerk', '/backoffice/pratiche/%00'],
  // the personal area
  ['citizen', '/area-personale/richieste/%00'],
  ['citizen', '/area-personale/messaggi/%00'],
  // the administration
  ['admin', '/admin/procedimenti?q=%00'],
  ['admin', '/admin/procedimenti?ufficio=%00'],
  ['admin', '/admin/uffici/%00'],
  ['admin', '/admin/personale/%00'],
];

describe('bad input in addresses', () => {
  it.each(BAD_URLS)('%s: GET %s is a 4xx, not a 500', async (who, url) => {
    const agent = people[who];
    const res = agent ? await agent.get(url) : await t.app.inject(url);
    expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  });
});

// a page number or a choice the page does not know is dropped: the page shows its default
const IGNORED: Array<[keyof typeof people, string]> = [
  ['citizen', '/area-personale/messaggi?pagina=99999999999999999999'],
  ['admin', '/admin/registro?pagina=99999999999999999999'],
  ['clerk', '/backoffice?stato=nessuno&scadenza=mai&ordine=a-caso'],
  ['clerk', '/backoffice?ufficio=&procedura=&q=&dopo='],
  ['clerk', '/backoffice/pagamenti?stato=nessuno&dal=&al='],
];

describe('values a page does not know', () => {
  it.each(IGNORED)('%s: GET %s shows the page with its defaults', async (who, url) => {
    const res = await people[who]!.get(url);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  });
});

describe('the refusal', () => {
  it('names the bad parameter in the person\'s language and links to the page without its filters', async () => {
    const clerk = people.clerk!;
    const italian = await clerk.get('/backoffice/statistiche?dal=2026-02-30');
    expect(italian.statusCode).toBe(400);
    expect(italian.body).toContain('Valori non validi: dal');
    expect(italian.body).toContain('href="/backoffice/statistiche"');
    const en = await clerk.get('/backoffice/pagamenti?dal=2026-99-99&procedura=99999999999999999999&lang=en');
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('Invalid values: procedura, dal');
    const api = await t.app.inject('/api/v1/procedures?q=%00');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: { status: 400, code: 'error.badInput', fields: ['q'] } });
  });

  it('refuses a NUL byte in a form before anything is written', async () => {
    const form = { slug: 'con-nul', titleIt: 'Titolo\u0000nascosto', titleEn: '', area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' };
    const res = await post(people.admin!, '/admin/procedimenti', form, 400);
    expect(res.body).toContain('Valori non validi: titleIt');
    expect(await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'con-nul').executeTakeFirst()).toBeUndefined();
  });
});

describe('multipart forms', () => {
  it('refuses a NUL byte in a field of a form with files, and keeps nothing of it', async () => {
    const { publicId } = await fileResidence(t.app, CITIZEN);
    const citizen = people.citizen!;
    const form = await citizen.get(`/area-personale/richieste/${publicId}/messaggio`);
    expect(form.statusCode).toBe(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const body = multipart({ _csrf: token, testo: 'Messaggio con\u0000un NUL dentro' }, [{ field: 'allegati', name: 'nota.pdf', type: 'application/pdf', bytes: PDF }]);
    const res = await citizen.inject({ method: 'POST', url: action, payload: body.payload, headers: body.headers });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Valori non validi: testo');
    const messages = await t.app.db.selectFrom('case_messages').select('id').execute();
    expect(messages).toEqual([]);
  });
});

describe('the definition import', () => {
  it('refuses a YAML alias bomb (billion laughs) with a message, and imports nothing', async () => {
    const lines = ['slug: bomba', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let previous = 'a';
    for (const name of 'bcdefghi') {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
      previous = name;
    }
    const before = await t.app.db.selectFrom('procedures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post(people.admin!, '/admin/importa', { text: lines.join('\n') }, 422);
    expect(errorsOf(res.body)[0]).toMatch(/^#b-text too many aliases/);
    const after = await t.app.db.selectFrom('procedures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a NUL written as a YAML escape, which no guard of the address sees', async () => {
    const { id } = await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'certificato-residenza').executeTakeFirstOrThrow();
    const exported = await people.admin!.get(`/admin/procedimenti/${id}/esporta`);
    expect(exported.statusCode).toBe(200);
    const text = exported.body.replace('slug: certificato-residenza', 'slug: con-nul-yaml').replace(/^title:\n {2}it: .*$/m, 'title:\n  it: "Titolo\\0nascosto"');
    expect(text).toContain('it: "Titolo\\0nascosto"');
    const res = await post(people.admin!, '/admin/importa', { text }, 422);
    expect(errorsOf(res.body)[0]).toMatch(/^#b-text title\.it: /);
    expect(await t.app.db.selectFrom('procedures').select('id').where('slug', '=', 'con-nul-yaml').executeTakeFirst()).toBeUndefined();
  });
});
