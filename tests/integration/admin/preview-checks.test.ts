// The builder's whole-journey preview and its content checks, through the real app: an
// administrator walks a draft with a condition (the answers change which fields show) to the
// summary, in both languages, and nothing lands in the drafts, submissions or attachments; the
// plain-language warnings show on the checks page and need a confirmation to publish, while a
// missing translation blocks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { buildSportGrant, errorsOf, field, post } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
  ({ base } = await buildSportGrant(admin, 'anteprima-sport'));
  // a field of the second step shown only for competitive sport, chosen on the first step
  await post(admin, `${base}/passi/certificato/campi`, field({
    name: 'federazione',
    labelIt: 'Federazione sportiva',
    labelEn: 'Sports federation',
    required: 'no',
    condField: 'categoria',
    condOp: 'equals',
    condValue: 'agonistica',
  }));
});
afterAll(async () => t?.close());

async function rows() {
  const db = t.database.handle.db;
  const count = async (table: 'drafts' | 'submissions' | 'attachments') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { drafts: await count('drafts'), submissions: await count('submissions'), attachments: await count('attachments') };
}

describe('the whole-journey preview', () => {
  it('walks the draft step by step with its conditions to the summary, in both languages, storing nothing', async () => {
    const before = await rows();
    const journey = `${base}/percorso`;
    const start = await admin.get(journey);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain(`action="${journey}/passo/dati"`);

    const first = await admin.get(`${journey}/passo/dati`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toContain('no-store');
    expect(first.body).toContain('Anteprima — nulla viene inviato');
    expect(first.body).toContain(`href="${base}/modulo"`);
    expect(first.body).toContain('Passo 1 di 2');

    const refused = await post(admin, `${journey}/passo/dati`, {}, 422);
    expect(errorsOf(refused.body).length).toBeGreaterThan(0);

    await post(admin, `${journey}/passo/dati`, { nomeFiglio: 'Luca Rossi', categoria: 'amatoriale' });
    const amateur = await admin.get(`${journey}/passo/certificato`);
    expect(amateur.statusCode).toBe(200);
    expect(amateur.body).not.toContain('Federazione sportiva');
    expect(amateur.body).toContain(`href="${journey}/passo/dati"`); // back

    await post(admin, `${journey}/passo/dati`, { nomeFiglio: 'Luca Rossi', categoria: 'agonistica' });
    const competitive = await admin.get(`${journey}/passo/certificato`);
    expect(competitive.body).toContain('Federazione sportiva');
    const done = await post(admin, `${journey}/passo/certificato`, { haCertificato: 'no', federazione: 'FIN' });
    expect(done.headers.location).toBe(`${journey}/riepilogo`);

    const summary = await admin.get(`${journey}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Riepilogo');
    expect(summary.body).toContain('Luca Rossi');
    expect(summary.body).toContain('Agonistica');
    expect(summary.body).toContain('FIN');
    expect(summary.body).not.toContain('/invia');

    const english = await admin.get(`${journey}/riepilogo?lang=en`);
    expect(english.body).toContain('Preview — nothing is sent');
    expect(english.body).toContain('Competitive');
    expect(english.body).toContain('Sports federation');
    await admin.get(`${journey}/riepilogo?lang=it`);

    // a step that does not apply (or does not exist) sends the preview back to the start
    expect((await admin.get(`${journey}/passo/nessuno`)).statusCode).toBe(303);
    // starting again forgets the answers
    await post(admin, `${journey}/ricomincia`, {});
    const again = await admin.get(`${journey}/passo/dati`);
    expect(again.body).not.toContain('Luca Rossi');

    expect(await rows()).toEqual(before);
  });
});

describe('content checks before publishing', () => {
  it('lists plain-language warnings with a suggestion and a link, and publishes them only once confirmed', async () => {
    await post(admin, `${base}/passi/dati/campi/nomeFiglio`, field({
      name: 'nomeFiglio',
      labelIt: 'Nome e cognome del figlio',
      labelEn: 'Child\'s full name',
      hintIt: 'Per i dettagli [clicca qui](https://www.comune.example.it). Compila il campo in rosso.',
      hintEn: 'For details [click here](https://www.comune.example.it). Fill in the field below.',
      maxLength: '100',
    }));
    const checks = await admin.get(`${base}/controlli`);
    expect(checks.statusCode).toBe(200);
    expect(checks.body).toContain('Controlli dei contenuti');
    expect(checks.body).toContain('(IT): il testo del link non dice dove porta: «clicca qui»');
    expect(checks.body).toContain('(EN): il testo del link non dice dove porta: «click here»');
    expect(checks.body).toContain('«in rosso»');
    expect(checks.body).toContain('«below»');
    expect(checks.body).toContain(`href="${base}/passi/dati/campi/nomeFiglio#b-hintIt"`);
    expect(checks.body).toContain(`href="${base}/passi/dati/campi/nomeFiglio#b-hintEn"`);

    const overview = await admin.get(base);
    expect(overview.body).toContain('name="confermaAvvisi"');
    const unconfirmed = await post(admin, `${base}/pubblica`, {}, 422);
    expect(errorsOf(unconfirmed.body)).toEqual([expect.stringMatching(/^#b-confermaAvvisi La bozza ha \d+ avvisi/)]);

    // a missing translation blocks, confirmation or not
    await post(admin, `${base}/passi/certificato/campi/federazione`, field({ name: 'federazione', labelIt: 'Federazione sportiva', labelEn: '', required: 'no', condField: 'categoria', condOp: 'equals', condValue: 'agonistica' }));
    const blocked = await post(admin, `${base}/pubblica`, { confermaAvvisi: 'yes' }, 422);
    expect(blocked.body).toContain('Non è stato pubblicato');
    expect(errorsOf(blocked.body).some((e) => e.includes('manca il testo inglese'))).toBe(true);

    await post(admin, `${base}/passi/certificato/campi/federazione`, field({ name: 'federazione', labelIt: 'Federazione sportiva', labelEn: 'Sports federation', required: 'no', condField: 'categoria', condOp: 'equals', condValue: 'agonistica' }));
    const published = await post(admin, `${base}/pubblica`, { confermaAvvisi: 'yes' });
    expect(published.headers.location).toBe(`${base}?esito=published`);
  });
});
