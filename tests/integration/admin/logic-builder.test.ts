// The condition editor of the builder, through the real app: an administrator writes an ISEE
// threshold (an amount in euro, stored in cents) and an age rule (a date against today shifted)
// with the simple form, a bad date is refused with a pointed message, and the advanced box
// takes exits' conditions and computed values' references as the one conditions language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { buildSportGrant, createProcedure, errorsOf, field, post } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t, TEST_PEOPLE.admin);
});
afterAll(async () => t?.close());

describe('comparisons in the condition editor', () => {
  it('stores an ISEE threshold in cents and an age rule against today, and refuses a bad date', async () => {
    const { base } = await createProcedure(admin, 'contributo-soglia');
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'money', name: 'isee', labelIt: 'Valore ISEE', labelEn: 'ISEE value' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'date', name: 'nascita', labelIt: 'Data di nascita', labelEn: 'Date of birth' }));
    await post(admin, `${base}/passi/dati/campi`, field({ name: 'motivo', labelIt: 'Motivo', labelEn: 'Reason', condField: 'isee', condOp: 'above', condValue: '17.160,00' }));
    await post(admin, `${base}/passi/dati/campi`, field({ name: 'tutore', labelIt: 'Tutore', labelEn: 'Guardian', condField: 'nascita', condOp: 'after', condValue: 'oggi-18a' }));
    const bad = await post(admin, `${base}/passi/dati/campi`, field({ name: 'altro', labelIt: 'Altro', labelEn: 'Other', condField: 'nascita', condOp: 'before', condValue: '31/02/2026' }), 422);
    expect(errorsOf(bad.body)[0]).toContain('Scrivi una data (13/12/2026) oppure «oggi»');
    const wrongKind = await post(admin, `${base}/passi/dati/campi`, field({ name: 'altro', labelIt: 'Altro', labelEn: 'Other', condField: 'isee', condOp: 'before', condValue: 'oggi' }), 422);
    expect(errorsOf(wrongKind.body)[0]).toContain('Questo confronto vale solo');
    const exported = await admin.get(`${base}/esporta`);
    expect(exported.body).toMatch(/field: isee\s+above: 1716000/);
    expect(exported.body).toMatch(/field: nascita\s+after:\s+today:\s+years: -18/);
  });
});

describe('computed values and exit pages in the builder', () => {
  const LOGIC = `computed:
  - name: quotaRimborsata
    label: { it: Quota rimborsata, en: Refunded share }
    format: money
    expression:
      min: [{ percent: 50, of: { field: spesa } }, 30000]
exits:
  - id: isee-alto
    when: { field: isee, above: 1716000 }
    title: { it: ISEE oltre la soglia, en: ISEE above the threshold }
    reason:
      it: Non puoi presentare la domanda perché il valore ISEE supera 17.160,00 euro.
      en: You cannot apply because the ISEE value is above 17,160.00 euro.
    instead:
      it: Puoi chiedere un ISEE corrente se la tua situazione è cambiata.
      en: You can ask for a current ISEE if your situation has changed.
`;

  it('writes an ISEE threshold with an exit page and a computed amount in the logic box, next to a street field; a citizen over the threshold meets the exit', async () => {
    const { base } = await buildSportGrant(admin, 'rimborso-sport-isee');
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'money', name: 'isee', labelIt: 'Valore ISEE', labelEn: 'ISEE value', hintIt: 'In euro, per esempio 12.500,00', hintEn: 'In euro, for example 12,500.00' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'money', name: 'spesa', labelIt: 'Spesa sostenuta', labelEn: 'Amount spent', hintIt: 'In euro, per esempio 250,00', hintEn: 'In euro, for example 250.00' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'street', name: 'indirizzo', labelIt: 'Indirizzo di residenza', labelEn: 'Home address' }));

    const page = await admin.get(`${base}/logica`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Calcoli e uscite');
    const unknownKey = await post(admin, `${base}/logica`, { yaml: 'steps: []' }, 422);
    expect(errorsOf(unknownKey.body)[0]).toContain('togli «steps»');
    await post(admin, `${base}/logica`, { yaml: LOGIC });
    const saved = await admin.get(`${base}/logica`);
    expect(saved.body).toContain('isee-alto');
    const exported = await admin.get(`${base}/esporta`);
    expect(exported.body).toMatch(/exits:[\s\S]*id: isee-alto[\s\S]*above: 1716000/);
    expect(exported.body).toMatch(/computed:[\s\S]*name: quotaRimborsata/);
    expect(exported.body).toMatch(/type: street/);

    // the whole-journey preview meets the same exit, and its summary sends there too
    const answers = { nomeFiglio: 'Luca Lovelace', categoria: 'amatoriale', isee: '20.000,00', spesa: '400,00', 'indirizzo.street': 'Via Roma', 'indirizzo.number': '3' };
    const previewed = await post(admin, `${base}/percorso/passo/dati`, answers);
    expect(previewed.headers.location).toBe(`${base}/percorso/uscita`);
    const previewExit = await admin.get(`${base}/percorso/uscita`);
    expect(previewExit.body).toContain('Non puoi presentare la domanda perché il valore ISEE supera 17.160,00 euro.');
    expect((await admin.get(`${base}/percorso/riepilogo`)).headers.location).toBe(`${base}/percorso/uscita`);

    await post(admin, `${base}/pubblica`, { confermaAvvisi: 'yes' });
    const citizen = await loginAs(t, TEST_PEOPLE.citizen2);
    const journey = '/servizi/rimborso-sport-isee/domanda';
    expect((await citizen.get(journey)).statusCode).toBe(303);
    const csrf = await citizen.csrfToken();
    await citizen.post(`${journey}/informativa`, { accept: 'yes' }, { csrf });
    await citizen.post(`${journey}/dati-generali`, {}, { csrf });
    const over = await citizen.post(`${journey}/passo/dati`, { nomeFiglio: 'Luca Lovelace', categoria: 'amatoriale', isee: '20.000,00', spesa: '400,00', 'indirizzo.street': 'Via Roma', 'indirizzo.number': '3' }, { csrf });
    expect(over.statusCode, over.body.slice(0, 1500)).toBe(303);
    expect(over.headers.location).toBe(`${journey}/uscita`);
    const exit = await citizen.get(`${journey}/uscita`);
    expect(exit.body).toContain('Non puoi presentare la domanda perché il valore ISEE supera 17.160,00 euro.');
  });
});
