// The builder's field editor for the field capabilities of issue 18, through the real app: a
// text's pattern and its message (a backtracking-prone pattern refused with the reason), a
// time with its bounds and step, a vehicle plate, and a file inside a repeatable group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldSchema } from '../../../src/forms/definition.ts';
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

const draftFields = async (id: number, stepId = 'dati') => {
  const row = await t.app.db.selectFrom('procedure_drafts').select('definition').where('procedure_id', '=', id).executeTakeFirstOrThrow();
  const definition = (typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition) as { form: { steps: Array<{ id: string; fields: unknown[] }> } };
  return definition.form.steps.find((s) => s.id === stepId)!.fields as Array<Record<string, unknown>>;
};

describe('the field editor', () => {
  let id: number;
  let base: string;

  it('offers the time and plate types, and the pattern inputs', async () => {
    ({ id, base } = await createProcedure(admin, 'permesso-transito'));
    const page = await admin.get(`${base}/passi/dati/campi/nuovo`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="time"');
    expect(page.body).toContain('<option value="targa"');
    expect(page.body).toContain('id="b-patternRegex"');
    expect(page.body).toContain('id="b-stepMinutes"');
  });

  it.each([
    [{ patternRegex: '(a+)+', patternMessageIt: 'x', patternMessageEn: 'x' }, ['#b-patternRegex Espressione non accettata: the pattern repeats a group that holds a repetition or alternatives, like (a+)+: it could take too long to check']],
    [{ patternRegex: '[A-Z]{2}', patternMessageIt: 'Due lettere', patternMessageEn: '' }, ['#b-patternMessageEn Scrivi il messaggio in entrambe le lingue']],
    [{ patternRegex: '(unclosed', patternMessageIt: 'x', patternMessageEn: 'x' }, ['#b-patternRegex Espressione non accettata: the pattern is not a valid regular expression']],
  ])('refuses a pattern: %j', async (form, errors) => {
    const res = await post(admin, `${base}/passi/dati/campi`, field({ name: 'codice', labelIt: 'Codice', labelEn: 'Code', ...form }), 422);
    expect(errorsOf(res.body)).toEqual(errors);
  });

  it('saves a pattern, a time with bounds and a plate, each a valid definition', async () => {
    await post(admin, `${base}/passi/dati/campi`, field({ name: 'codice', labelIt: 'Codice permesso', labelEn: 'Permit code', patternRegex: '[A-Z]{2}-\\d{4}', patternMessageIt: 'Scrivi il codice come AB-1234', patternMessageEn: 'Write the code like AB-1234' }));
    const refused = await post(admin, `${base}/passi/dati/campi`, field({ type: 'time', name: 'orario', labelIt: 'Orario', labelEn: 'Time', earliest: '8:00', latest: '18:00' }), 422);
    expect(errorsOf(refused.body)).toEqual(['#b-earliest Scrivi l’ora nel formato hh:mm, ad esempio 08:30']);
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'time', name: 'orario', labelIt: 'Orario', labelEn: 'Time', earliest: '08:00', latest: '18:00', stepMinutes: '15' }));
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'targa', name: 'targa', labelIt: 'Targa', labelEn: 'Number plate' }));
    const fields = await draftFields(id);
    expect(fields.map((f) => [f.name, f.type])).toEqual([['codice', 'text'], ['orario', 'time'], ['targa', 'targa']]);
    expect(fields[0]!.pattern).toEqual({ regex: '[A-Z]{2}-\\d{4}', message: { it: 'Scrivi il codice come AB-1234', en: 'Write the code like AB-1234' } });
    expect(fields[1]).toMatchObject({ earliest: '08:00', latest: '18:00', stepMinutes: 15 });
    for (const f of fields) expect(fieldSchema.safeParse(f).success).toBe(true);
    const page = await admin.get(`${base}/passi/dati/campi/codice`);
    expect(page.body).toContain('value="[A-Z]{2}-&#92;d{4}"');
  });

  it('adds a file inside a repeatable group, but no group inside it', async () => {
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'group', name: 'passeggeri', labelIt: 'Passeggero', labelEn: 'Passenger' }));
    const groupPage = await admin.get(`${base}/passi/dati/campi/nuovo?gruppo=passeggeri`);
    expect(groupPage.body).toContain('<option value="file"');
    expect(groupPage.body).not.toContain('<option value="group"');
    await post(admin, `${base}/passi/dati/campi?gruppo=passeggeri`, field({ type: 'file', name: 'documento', labelIt: 'Documento', labelEn: 'Document', accept: ['application/pdf'] }));
    const group = (await draftFields(id)).find((f) => f.name === 'passeggeri')!;
    expect((group.fields as Array<Record<string, unknown>>).map((f) => [f.name, f.type])).toEqual([['documento', 'file']]);
  });

  it('asks a file field for a digitally signed file, and takes it back', async () => {
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'file', name: 'relazione', labelIt: 'Relazione tecnica', labelEn: 'Technical report', accept: ['application/pdf'], signature: 'required' }));
    expect((await draftFields(id)).find((f) => f.name === 'relazione')).toMatchObject({ signature: 'required' });
    const page = await admin.get(`${base}/passi/dati/campi/relazione`);
    expect(page.body).toMatch(/id="b-signature-required" name="signature" value="required" checked/);
    await post(admin, `${base}/passi/dati/campi/relazione`, field({ type: 'file', name: 'relazione', labelIt: 'Relazione tecnica', labelEn: 'Technical report', accept: ['application/pdf'], signature: '' }));
    expect((await draftFields(id)).find((f) => f.name === 'relazione')!.signature).toBeUndefined();
    await post(admin, `${base}/passi/dati/campi`, field({ type: 'file', name: 'altro', labelIt: 'Altro', labelEn: 'Other', signature: 'sometimes' }), 422);
  });
});
