// The form logic through the real app: an administrator imports a grant whose ISEE threshold
// has an exit page and whose amount is computed (and asked as a fee); a citizen above the
// threshold lands on the exit page after the ISEE step, cannot reach the summary, and a crafted
// filing POST is refused and files nothing; below the threshold, the computed amount is shown
// on the next step and on the summary, and the fee takes it.
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { post } from '../admin/helpers.ts';

const SLUG = 'contributo-logica';
const BASE = `/servizi/${SLUG}/domanda`;
const L = (it: string, en: string) => ({ it, en });

function definitionYaml(): string {
  const seed = parseYaml(readFileSync('src/catalogue/seed/procedures/contributo-affitto.yaml', 'utf8')) as Record<string, unknown>;
  return stringify({
    ...seed,
    slug: SLUG,
    competitive: false,
    featured: false,
    title: L('Contributo di prova della logica', 'Logic test grant'),
    form: {
      steps: [
        {
          id: 'reddito',
          title: L('Reddito', 'Income'),
          fields: [
            { name: 'isee', type: 'money', label: L('Valore ISEE', 'ISEE value'), required: true },
            { name: 'canone', type: 'money', label: L('Canone mensile', 'Monthly rent'), required: true },
          ],
        },
        { id: 'altro', title: L('Altro', 'Other'), fields: [{ name: 'nota', type: 'text', label: L('Nota', 'Note') }] },
      ],
      computed: [{ name: 'contributo', label: L('Contributo stimato', 'Estimated grant'), format: 'money', expression: { min: [{ product: [{ field: 'canone' }, 3] }, 150000] } }],
      exits: [
        {
          id: 'isee-oltre-soglia',
          when: { field: 'isee', above: 1716000 },
          title: L('ISEE oltre la soglia', 'ISEE above the threshold'),
          reason: L('Non puoi presentare la domanda perché il tuo ISEE supera 17.160,00 euro.', 'You cannot apply because your ISEE is above 17,160.00 euro.'),
          instead: L('Chiedi un ISEE corrente se la tua situazione è cambiata.', 'Ask for a current ISEE if your situation changed.'),
        },
      ],
    },
    fees: {
      timing: 'after-submission',
      taxonomyCode: '0101108TS',
      items: [{ id: 'quota', label: L('Quota calcolata', 'Computed share'), type: 'computed', computed: 'contributo', when: { computed: 'contributo', atLeast: 1 } }],
    },
  });
}

let t: TestApp;
let citizen: PortalAgent;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await loginAs(t, TEST_PEOPLE.admin);
  const imported = await post(admin, '/admin/importa', { text: definitionYaml() });
  const id = Number(/\/admin\/procedimenti\/(\d+)\?esito=imported/.exec(String(imported.headers.location))![1]);
  await post(admin, `/admin/procedimenti/${id}/pubblica`, { confermaAvvisi: 'yes' });
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

const filings = async () => Number((await t.app.db.selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('an ISEE threshold with an exit page, and a computed amount', () => {
  it('shows the exit page after the ISEE step, with a way back', async () => {
    expect((await citizen.get(BASE)).statusCode).toBe(303);
    const steps: Array<[string, Record<string, string>, string]> = [
      [`${BASE}/informativa`, { accept: 'yes' }, `${BASE}/dati-generali`],
      [`${BASE}/dati-generali`, {}, `${BASE}/passo/reddito`],
      [`${BASE}/passo/reddito`, { isee: '17.160,01', canone: '400,00' }, `${BASE}/uscita`],
    ];
    for (const [url, form, location] of steps) {
      const res = await citizen.post(url, form);
      expect(res.statusCode, `${url} ${res.body.slice(0, 300)}`).toBe(303);
      expect(res.headers.location).toBe(location);
    }
    const exit = await citizen.get(`${BASE}/uscita`);
    expect(exit.statusCode).toBe(200);
    expect(exit.headers['cache-control']).toContain('no-store');
    expect(exit.body).toContain('Non puoi presentare la domanda perché il tuo ISEE supera 17.160,00 euro.');
    expect(exit.body).toContain('Chiedi un ISEE corrente');
    expect(exit.body).toContain(`href="${BASE}/passo/reddito"`);
    // going on anyway leads to the exit again, never to the summary
    const onwards = await citizen.post(`${BASE}/passo/altro`, { nota: '' });
    expect(onwards.headers.location).toBe(`${BASE}/uscita`);
    const summary = await citizen.get(`${BASE}/riepilogo`);
    expect(summary.headers.location).toBe(`${BASE}/uscita`);
  });

  it('refuses a crafted filing POST and files nothing', async () => {
    const before = await filings();
    const draft = await t.app.db.selectFrom('drafts').select('idempotency_key').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const res = await citizen.post(`${BASE}/invia`, { idempotencyKey: String(draft.idempotency_key) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/uscita`);
    expect(await filings()).toBe(before);
  });

  it('below the threshold, shows the computed amount on the next step and the summary, and asks it as the fee', async () => {
    const changed = await citizen.post(`${BASE}/passo/reddito`, { isee: '17.160,00', canone: '400,00' });
    expect(changed.headers.location).toBe(`${BASE}/passo/altro`);
    const next = await citizen.get(`${BASE}/passo/altro`);
    expect(next.body).toContain('Calcolato dalle tue risposte');
    expect(next.body).toMatch(/data-computed="contributo">€ 1\.200,00</);
    await citizen.post(`${BASE}/passo/altro`, { nota: '' });
    const summary = await citizen.get(`${BASE}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toMatch(/data-computed="contributo">€ 1\.200,00</);
    expect(summary.body).toContain('Quota calcolata');
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
    const before = await filings();
    const filed = await citizen.post(`${BASE}/invia`, { idempotencyKey: key });
    expect(filed.headers.location).toMatch(/\/area-personale\/richieste\/[0-9a-f-]{36}\/conferma$/);
    expect(await filings()).toBe(before + 1);
    const position = await t.app.db.selectFrom('payment_positions').select('amount_cents').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(Number(position.amount_cents)).toBe(120000);
  });
});
