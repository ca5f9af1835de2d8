// The condition editor of the builder, through the real app: an administrator writes an ISEE
// threshold (an amount in euro, stored in cents) and an age rule (a date against today shifted)
// with the simple form, a bad date is refused with a pointed message, and the advanced box
// takes exits' conditions and computed values' references as the one conditions language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { createProcedure, errorsOf, field, post } from './helpers.ts';

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
