// Files inside group items through the real app: the change of residence asks for an identity
// document per family member. The step posts multipart without JavaScript, a refused step keeps
// the member's file, the summary names it, and the clerk of the office sees it on the case page
// and downloads it; another person cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStepVisible, type Answers } from '../../../src/forms/index.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { answerStepsBefore, CITIZEN, multipart, PDF, PNG, valueFor } from '../backoffice/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const SLUG = 'cambio-residenza';
const BASE = `/servizi/${SLUG}/domanda`;
const MEMBER = {
  conAltrePersone: 'yes',
  'componenti._items': '1',
  'componenti[0].nomeComponente': 'Livia',
  'componenti[0].cognomeComponente': 'Drusilla',
  'componenti[0].codiceFiscaleComponente': 'LVLDAA85T50G702B',
  'componenti[0].relazioneComponente': 'coniuge',
  'componenti[0].titoloStudioComponente': 'laurea',
  'componenti[0].condizioneComponente': 'pensionato',
  pressoFamigliaResidente: 'no',
};


async function postStep(agent: PortalAgent, fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; bytes: Buffer }>) {
  const body = multipart({ _csrf: await agent.csrfToken(), ...fields }, files);
  return agent.inject({ method: 'POST', url: `${BASE}/passo/famiglia`, headers: body.headers, payload: body.payload });
}

describe('an identity document per family member', () => {
  let citizen: PortalAgent;
  let publicId: string;

  it('shows a file input inside each member, on a multipart form', async () => {
    await answerStepsBefore(t.app, CITIZEN, SLUG, 'famiglia');
    citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const page = await citizen.get(`${BASE}/passo/famiglia`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<input type="file"[^>]*id="f-componenti-0-documentoComponente" name="componenti\[0\]\.documentoComponente"/);
  });

  it('keeps the member\'s file when the rest of the step is refused, then completes the step', async () => {
    const refused = await postStep(citizen, { ...MEMBER, 'componenti[0].cognomeComponente': '' }, [{ field: 'componenti[0].documentoComponente', name: 'carta-identita.pdf', type: 'application/pdf', bytes: PDF }]);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#f-componenti-0-cognomeComponente"');
    expect(refused.body).toContain('carta-identita.pdf');
    // the file is not sent again: it is in the draft
    const done = await postStep(citizen, MEMBER, []);
    expect(done.statusCode, done.body.match(/alert-danger[\s\S]{0,600}/)?.[0]).toBe(303);
    // the statistical data of the ministerial model come next (dati-statistici), then the attachments
    expect(done.headers.location).toBe(`${BASE}/passo/dati-statistici`);
  });

  it('refuses a required member document left out, on the member\'s input', async () => {
    const noFile = await postStep(citizen, { ...MEMBER, 'componenti._items': '2', 'componenti[1].nomeComponente': 'Tiberio', 'componenti[1].cognomeComponente': 'Claudio', 'componenti[1].codiceFiscaleComponente': 'RSSMRA80A01H501U', 'componenti[1].relazioneComponente': 'figlio' }, []);
    expect(noFile.statusCode).toBe(422);
    expect(noFile.body).toContain('href="#f-componenti-1-documentoComponente"');
    expect(noFile.body).toContain('carta-identita.pdf');
  });

  it('removes a member\'s file with its own button, and an item with its files', async () => {
    const added = await postStep(citizen, { ...MEMBER, _action: 'add:componenti' }, [{ field: 'componenti[0].documentoComponente', name: 'retro.png', type: 'image/png', bytes: PNG }]);
    expect(added.statusCode).toBe(200);
    const files = async () => {
      const draft = (await t.app.services.submissions.loadDraft(CITIZEN, SLUG))!;
      return ((draft.draft.answers as { componenti?: Array<{ documentoComponente?: Array<{ id: string; name: string }> }> }).componenti ?? []).map((m) => (m.documentoComponente ?? []).map((f) => f.name));
    };
    expect((await files())[0]).toEqual(['carta-identita.pdf', 'retro.png']);
    const retro = /name="_action" value="(removeFile:componenti\[0\]\.documentoComponente:[0-9a-f-]{36})"[^>]*>[^<]*<span class="visually-hidden"> retro\.png/.exec(added.body);
    expect(retro, 'the remove button of retro.png').not.toBeNull();
    const removed = await postStep(citizen, { ...MEMBER, _action: retro![1]!.replace(/&#39;/g, "'") }, []);
    expect(removed.statusCode).toBe(200);
    expect(removed.body).not.toContain('retro.png');
    expect((await files())[0]).toEqual(['carta-identita.pdf']);
  });

  it('files it, names it on the summary, and the clerk downloads it', async () => {
    expect((await postStep(citizen, MEMBER, [])).statusCode).toBe(303);
    const service = t.app.services.submissions;
    for (const stepId of ['dati-statistici', 'allegati']) {
      let context = (await service.loadDraft(CITIZEN, SLUG))!;
      const step = context.definition.form.steps.find((s) => s.id === stepId)!;
      const stepAnswers: Answers = {};
      for (const field of step.fields) if (isStepVisible({ ...step, showIf: field.showIf }, { ...(context.draft.answers as Answers), ...stepAnswers })) stepAnswers[field.name] = (await valueFor(t.app, context, field)) as Answers[string];
      context = (await service.loadDraft(CITIZEN, SLUG))!;
      await service.completeStep(context, stepId, stepAnswers);
    }
    const summary = await citizen.get(`${BASE}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Documento d&#39;identità: carta-identita.pdf');
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
    const filed = await citizen.post(`${BASE}/invia`, { idempotencyKey: key });
    expect(filed.statusCode).toBe(303);
    publicId = String(filed.headers.location).split('/')[3]!;

    const row = await t.app.db.selectFrom('submissions').select(['id', 'answers']).where('public_id', '=', publicId).executeTakeFirstOrThrow();
    const member = (row.answers as { componenti: Array<{ documentoComponente: Array<{ id: string }> }> }).componenti[0]!;
    const fileId = member.documentoComponente[0]!.id;
    const attachment = await t.app.db.selectFrom('attachments').select(['submission_id', 'field_name', 'original_name']).where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(attachment).toEqual({ submission_id: row.id, field_name: 'documentoComponente', original_name: 'carta-identita.pdf' });

    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const casePage = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain(`/backoffice/pratiche/${publicId}/allegati/${fileId}`);
    expect(casePage.body).toContain('carta-identita.pdf');
    const download = await clerk.get(`/backoffice/pratiche/${publicId}/allegati/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    // the applicant may download it too; another person gets 404
    expect((await citizen.get(`/area-personale/richieste/${publicId}/allegati/${fileId}`)).statusCode).toBe(200);
    const stranger = await loginAs(t, TEST_PEOPLE.citizen3);
    expect((await stranger.get(`/area-personale/richieste/${publicId}/allegati/${fileId}`)).statusCode).toBe(404);
  });
});
