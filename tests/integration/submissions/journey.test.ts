// The application journey through the real app, logged in through the bundled provider: tables
// of steps (what is posted, what comes back), validation errors with the input kept, resume,
// upload through a multipart step, double submit, confirmation, receipt and personal area,
// and another person's draft, filing, attachment and receipt answering 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const BASE = '/servizi/certificato-residenza/domanda';

interface Step {
  /** what the person does */
  post: string;
  form: Record<string, string>;
  /** 303 and where to, or 422 and what the page says */
  expect: { status: 303; location: string } | { status: 422; contains: string[] };
}

async function walk(agent: PortalAgent, steps: Step[]) {
  for (const step of steps) {
    const res = await agent.post(step.post, step.form);
    expect(res.statusCode, `${step.post} ${JSON.stringify(step.form)}`).toBe(step.expect.status);
    if (step.expect.status === 303) expect(res.headers.location).toBe(step.expect.location);
    else for (const text of step.expect.contains) expect(res.body).toContain(text);
  }
}

function idempotencyKey(html: string): string {
  const match = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error('no idempotency key on the summary');
  return match[1]!;
}

describe('the residence certificate, from start to receipt', () => {
  let citizen: PortalAgent;
  let confirmation: string;

  it('sends a person who is not logged in to log in, and back', async () => {
    const res = await t.app.inject(BASE);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/auth/login?level=2&returnTo=${encodeURIComponent(BASE)}`);
  });

  it('walks every step, refusing bad input with the input kept', async () => {
    citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const begin = await citizen.get(BASE);
    expect(begin.statusCode).toBe(303);
    expect(begin.headers.location).toBe(`${BASE}/informativa`);
    const privacy = await citizen.get(`${BASE}/informativa`);
    expect(privacy.body).toContain('Informativa sulla privacy');
    expect(privacy.headers['cache-control']).toContain('no-store');

    await walk(citizen, [
      { post: `${BASE}/informativa`, form: {}, expect: { status: 422, contains: ['conferma di aver letto', 'href="#privacy-accept"'] } },
      { post: `${BASE}/informativa`, form: { accept: 'yes' }, expect: { status: 303, location: `${BASE}/dati-generali` } },
      { post: `${BASE}/dati-generali`, form: {}, expect: { status: 303, location: `${BASE}/passo/certificato` } },
      {
        post: `${BASE}/passo/certificato`,
        form: { intestatario: 'altra-persona', codiceFiscaleIntestatario: 'CSRGGL44L13H501A', uso: '' },
        expect: { status: 422, contains: ['alert-danger', 'href="#f-codiceFiscaleIntestatario"', 'value="CSRGGL44L13H501A"', 'aria-invalid="true"'] },
      },
      {
        post: `${BASE}/passo/certificato`,
        form: { intestatario: 'altra-persona', codiceFiscaleIntestatario: 'lvldaa85t50g702b', uso: 'bollo', 'marcaDaBollo.serial': '01234567890123', 'marcaDaBollo.issuedOn': '2026-01-15' },
        expect: { status: 303, location: `${BASE}/passo/dichiarazioni` },
      },
      { post: `${BASE}/passo/dichiarazioni`, form: { note: 'Urgente' }, expect: { status: 422, contains: ['href="#f-dichiarazioneBollo"'] } },
      { post: `${BASE}/passo/dichiarazioni`, form: { dichiarazioneBollo: 'yes', note: 'Urgente' }, expect: { status: 303, location: `${BASE}/riepilogo` } },
    ]);
  });

  it('resumes the draft where it was left, and lists it in the personal area', async () => {
    const again = await citizen.get(BASE);
    expect(again.headers.location).toBe(`${BASE}/riepilogo`);
    const area = await citizen.get('/area-personale');
    expect(area.statusCode).toBe(200);
    expect(area.body).toContain('Domande in compilazione');
    expect(area.body).toContain('Certificato di residenza');
  });

  it('shows the summary with change links, then files once on a double click', async () => {
    const summary = await citizen.get(`${BASE}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Conferma e invia');
    expect(summary.body).toContain('LVLDAA85T50G702B');
    expect(summary.body).toContain('Uso generico (in bollo)');
    expect(summary.body).toContain(`href="${BASE}/passo/certificato?ritorno=riepilogo`);
    expect(summary.body).toContain('dichiarazione sostitutiva');
    const key = idempotencyKey(summary.body);
    const [first, second] = await Promise.all([citizen.post(`${BASE}/invia`, { idempotencyKey: key }), citizen.post(`${BASE}/invia`, { idempotencyKey: key })]);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    confirmation = String(first.headers.location);
    expect(confirmation).toMatch(/^\/area-personale\/richieste\/[0-9a-f-]{36}\/conferma$/);
    // back-and-resubmit: the same receipt
    const back = await citizen.post(`${BASE}/invia`, { idempotencyKey: key });
    expect(back.headers.location).toBe(confirmation);
    const count = await t.app.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('confirms with the protocol number, the receipt and the page rating', async () => {
    const page = await citizen.get(confirmation);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Richiesta inviata');
    const year = new Date().getUTCFullYear();
    expect(page.body).toMatch(new RegExp(`0000001/(${year}|${year + 1})`));
    const request = confirmation.replace(/\/conferma$/, '');
    const receipt = await citizen.get(`${request}/ricevuta.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.headers['content-disposition']).toMatch(/^attachment; filename="ricevuta-\d{4}-0000001\.pdf"$/);
    const text = (await pdfText(receipt.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('0000001');
    expect(text).toContain('Uso generico (in bollo)');

    // no rating of the service before any outcome (src/feedback asks once the office decided);
    // the page rating at the foot of the page asks how clear it is
    expect(page.body).toContain('Quanto sono chiare le informazioni su questa pagina?');
    expect((await citizen.post(`${request}/valutazione`, { stelle: '5' })).statusCode).toBe(404);

    const area = await citizen.get('/area-personale');
    expect(area.body).toContain(`0000001/`);
    expect(area.body).toContain('Non hai domande in compilazione.');
    const detail = await citizen.get(request);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('Cronologia');
    expect(detail.body).toContain('Urgente');
  });

  it('answers 404 to another person for the filing, its receipt and its pages', async () => {
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    const request = confirmation.replace(/\/conferma$/, '');
    for (const url of [request, confirmation, `${request}/ricevuta.pdf`, `${request}/allegati/00000000-0000-0000-0000-000000000000`]) {
      expect((await other.get(url)).statusCode, url).toBe(404);
    }
    expect((await other.post(`${request}/valutazione`, { stelle: '1' })).statusCode).toBe(404);
  });

  it('refuses a submit without a valid CSRF token and files nothing', async () => {
    const person = await loginAs(t, TEST_PEOPLE.citizen3);
    await person.get(BASE);
    const res = await person.post(`${BASE}/informativa`, { accept: 'yes' }, { csrf: 'not-a-token' });
    expect(res.statusCode).toBe(403);
    const draft = await t.app.db.selectFrom('drafts').select('privacy_accepted_at').where('owner_fiscal_code', '=', TEST_PEOPLE.citizen3).executeTakeFirst();
    expect(draft?.privacy_accepted_at ?? null).toBeNull();
  });

  it('lets a person delete their draft, but not another\'s', async () => {
    const owner = await loginAs(t, TEST_PEOPLE.citizen3);
    await owner.get(BASE);
    const draft = await t.app.db.selectFrom('drafts').select('id').where('owner_fiscal_code', '=', TEST_PEOPLE.citizen3).executeTakeFirstOrThrow();
    const intruder = await loginAs(t, TEST_PEOPLE.citizen2);
    expect((await intruder.post(`/area-personale/bozze/${draft.id}/elimina`)).statusCode).toBe(404);
    const deleted = await owner.post(`/area-personale/bozze/${draft.id}/elimina`);
    expect(deleted.statusCode).toBe(303);
    expect(await t.app.db.selectFrom('drafts').select('id').where('id', '=', draft.id).executeTakeFirst()).toBeUndefined();
  });
});

describe('access rules of procedures', () => {
  it('asks a level-1 identity to log in again at level 2', async () => {
    const low = await loginAs(t, TEST_PEOPLE.citizen2, { level: 1 });
    const res = await low.get(BASE);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('livello 2');
    expect(res.body).toContain('/auth/login?level=2');
  });
});
