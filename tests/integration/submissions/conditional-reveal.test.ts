// The reveal of conditional questions, on the server's side, through the real app: the change
// of residence asks for the lease details only of a tenant and the host's name only of a
// guest, on the same page as the question they depend on. The page carries the rule for the
// script and the sentence for browsers without it; whatever the browser sends, the server
// decides: an answer to a question that does not apply is not stored, one that applies is
// required.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { answerStepsBefore, CITIZEN } from '../backoffice/helpers.ts';

let t: TestApp;
let citizen: PortalAgent;
beforeAll(async () => {
  t = await createTestApp();
  await answerStepsBefore(t.app, CITIZEN, SLUG, 'abitazione');
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

const SLUG = 'cambio-residenza';
const STEP = `/servizi/${SLUG}/domanda/passo/abitazione`;
const HOME = {
  'nuovoIndirizzo.street': 'Via Roma',
  'nuovoIndirizzo.number': '10',
  'datiCatastali.foglio': '12',
  'datiCatastali.particella': '345',
};

async function draftAnswers(): Promise<Record<string, unknown>> {
  return (await t.app.services.submissions.loadDraft(CITIZEN, SLUG))!.draft.answers as Record<string, unknown>;
}

describe('conditional questions on the same page', () => {
  it('carry the rule for the script, the sentence for browsers without it, and load the script from the portal', async () => {
    const page = await citizen.get(STEP);
    expect(page.statusCode).toBe(200);
    const rule = /<div class="form-group" data-reveal-if="([^"]+)">\s*<label class="active" for="f-datiContratto"/.exec(page.body);
    expect(rule, 'the lease details carry a rule').not.toBeNull();
    expect(JSON.parse(rule![1]!.replace(/&quot;/g, '"'))).toEqual({ input: 'titoloOccupazione', oneOf: ['locazione', 'comodato'] });
    expect(page.body).toContain('Rispondi solo se a «A che titolo occupi l&#39;abitazione?» hai risposto una di queste:');
    expect(page.body).toContain('<script src="/assets/js/form-reveal.js" defer></script>');
    // the page's policy allows no inline script: the reveal is a file of the portal
    const scripts = /script-src ([^;]*)/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(scripts).toContain("'self'");
    expect(scripts).not.toContain('unsafe-inline');
    const script = await citizen.get('/assets/js/form-reveal.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('does not store an answer to a question that does not apply, whatever the browser sent', async () => {
    const done = await citizen.post(STEP, { ...HOME, titoloOccupazione: 'proprieta', datiContratto: 'Agenzia delle Entrate di Piacenza, n. 123', titolareAbitazione: 'Mario Rossi' });
    expect(done.statusCode, done.body.match(/alert-danger[\s\S]{0,600}/)?.[0]).toBe(303);
    const answers = await draftAnswers();
    expect(answers.titoloOccupazione).toBe('proprieta');
    expect(answers).not.toHaveProperty('datiContratto');
    expect(answers).not.toHaveProperty('titolareAbitazione');
  });

  it('requires the question once it applies, and stores it', async () => {
    const refused = await citizen.post(STEP, { ...HOME, titoloOccupazione: 'locazione' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#f-datiContratto"');
    expect(await draftAnswers()).toMatchObject({ titoloOccupazione: 'proprieta' });
    const done = await citizen.post(STEP, { ...HOME, titoloOccupazione: 'locazione', datiContratto: 'Agenzia delle Entrate di Piacenza, n. 123', titolareAbitazione: 'Mario Rossi' });
    expect(done.statusCode).toBe(303);
    const answers = await draftAnswers();
    expect(answers.datiContratto).toBe('Agenzia delle Entrate di Piacenza, n. 123');
    expect(answers).not.toHaveProperty('titolareAbitazione');
  });
});
