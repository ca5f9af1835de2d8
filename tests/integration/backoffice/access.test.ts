// Who reaches what: a clerk of office A gets 404 on office B's filings, queues, exports,
// attachments, documents and ZIPs, and on every action there; a citizen gets 404 on the whole
// back office; nobody logged in is sent to log in; another citizen never reaches a filing's
// answers or documents in the personal area.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { CITIZEN, CLERK_EDILIZIA, fileProcedure, fileResidence } from './helpers.ts';

let t: TestApp;
let anagrafe: PortalAgent;
let edilizia: PortalAgent;
let citizen: PortalAgent;
let other: PortalAgent;
let building: { id: number; publicId: string };
let residence: { id: number; publicId: string };
let attachmentId: string;
let fileId: string;

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  building = await fileProcedure(t.app, CITIZEN, 'cila');
  residence = await fileResidence(t.app, CITIZEN);
  attachmentId = (await t.app.db.selectFrom('attachments').select('id').where('submission_id', '=', building.id).limit(1).executeTakeFirstOrThrow()).id;
  await t.app.services.backoffice.officeMessage(CLERK_EDILIZIA, building.publicId, { text: 'Serve la procura firmata.', files: [] });
  // a document of the building desk's case (a message attachment stored through the service)
  const { storeCaseUpload } = await import('../../../src/backoffice/uploads.ts');
  const { Readable } = await import('node:stream');
  const upload = await storeCaseUpload(t.app.services.storage, Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'nota.pdf', ['application/pdf']);
  await t.app.services.backoffice.officeMessage(CLERK_EDILIZIA, building.publicId, { text: 'In allegato la nota.', files: [upload] });
  fileId = (await t.app.db.selectFrom('case_files').select('id').where('submission_id', '=', building.id).executeTakeFirstOrThrow()).id;
  anagrafe = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  edilizia = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
  other = await loginAs(t, TEST_PEOPLE.citizen2);
});
afterAll(async () => t?.close());

const casePath = (f: { publicId: string }) => `/backoffice/pratiche/${f.publicId}`;

describe('a clerk of another office', () => {
  it('sees the filing in the competent office only', async () => {
    expect((await edilizia.get(casePath(building))).statusCode).toBe(200);
    expect((await edilizia.get(`${casePath(building)}/allegati/${attachmentId}`)).statusCode).toBe(200);
    expect((await anagrafe.get('/backoffice')).body).not.toContain(building.publicId);
    expect((await anagrafe.get('/backoffice/export.csv?stato=all')).body).not.toContain(building.publicId);
    expect((await anagrafe.get(`/backoffice?q=${CITIZEN.fiscalCode}`)).body).not.toContain(building.publicId);
  });

  it.each([
    ['the case page', (f: { publicId: string }) => casePath(f)],
    ['an attachment', (f: { publicId: string }) => `${casePath(f)}/allegati/${attachmentId}`],
    ['a document', (f: { publicId: string }) => `${casePath(f)}/documenti/${fileId}`],
    ['the ZIP', (f: { publicId: string }) => `${casePath(f)}/documenti.zip`],
  ])('gets 404 on %s', async (_what, path) => {
    const res = await anagrafe.get(path(building));
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Cesare');
  });

  it('gets 404 on the other office\'s queue and export', async () => {
    expect((await anagrafe.get('/backoffice?ufficio=sportello-unico-edilizia')).statusCode).toBe(404);
    expect((await anagrafe.get('/backoffice/export.csv?ufficio=sportello-unico-edilizia')).statusCode).toBe(404);
    expect((await edilizia.get('/backoffice?ufficio=sportello-unico-edilizia')).statusCode).toBe(200);
  });

  it.each(['prendi-in-carico', 'rilascia', 'avvia-istruttoria', 'note', 'integrazione', 'inoltra'])('gets 404 on the action %s, which changes nothing', async (action) => {
    const before = await t.app.db.selectFrom('cases').select(['last_event_seq', 'status']).where('submission_id', '=', building.id).executeTakeFirstOrThrow();
    const res = await anagrafe.post(`${casePath(building)}/${action}`, { testo: 'Una nota qualsiasi, abbastanza lunga.', giorni: '10', ufficio: 'anagrafe', motivo: 'Motivo valido' });
    expect(res.statusCode).toBe(404);
    const after = await t.app.db.selectFrom('cases').select(['last_event_seq', 'status']).where('submission_id', '=', building.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('gets 404 on an attachment of its own office\'s filing named under another filing', async () => {
    expect((await edilizia.get(`${casePath(residence)}/allegati/${attachmentId}`)).statusCode).toBe(404);
    const ownAttachment = await anagrafe.get(`${casePath(residence)}/allegati/${attachmentId}`);
    expect(ownAttachment.statusCode).toBe(404);
  });
});

describe('the competent clerk', () => {
  it('cannot assign the filing to someone outside the office (422, nothing changed)', async () => {
    const before = await t.app.db.selectFrom('cases').select(['last_event_seq', 'assignee_fiscal_code']).where('submission_id', '=', building.id).executeTakeFirstOrThrow();
    const res = await edilizia.post(`${casePath(building)}/assegna`, { assegnatario: TEST_PEOPLE.clerkAnagrafe });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#assign-assegnatario"');
    expect(res.body).toContain('Scegli un collega dell&#39;ufficio.');
    const after = await t.app.db.selectFrom('cases').select(['last_event_seq', 'assignee_fiscal_code']).where('submission_id', '=', building.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});

describe('a citizen', () => {
  it.each(['/backoffice', '/backoffice/statistiche', '/backoffice/export.csv', `/backoffice/pratiche/00000000-0000-0000-0000-000000000000`])('gets 404 on %s', async (path) => {
    expect((await citizen.get(path)).statusCode).toBe(404);
  });

  it('gets 404 on a real filing\'s case page and actions, even their own', async () => {
    expect((await citizen.get(casePath(residence))).statusCode).toBe(404);
    expect((await citizen.post(`${casePath(residence)}/prendi-in-carico`)).statusCode).toBe(404);
  });

  it('does not see the back office in the menu; a clerk does', async () => {
    expect((await citizen.get('/')).body).not.toContain('href="/backoffice"');
    expect((await anagrafe.get('/')).body).toContain('href="/backoffice"');
  });

  it('reaches their own filing\'s pages; another citizen gets 404 on them', async () => {
    expect((await citizen.get(`/area-personale/richieste/${building.publicId}`)).statusCode).toBe(200);
    expect((await citizen.get(`/area-personale/richieste/${building.publicId}/messaggio`)).statusCode).toBe(200);
    for (const path of ['', '/messaggio', '/ritira', `/documenti/${fileId}`]) {
      expect((await other.get(`/area-personale/richieste/${building.publicId}${path}`)).statusCode, path).toBe(404);
    }
    expect((await other.post(`/area-personale/richieste/${building.publicId}/ritira`, { conferma: 'yes' })).statusCode).toBe(404);
    const doc = await citizen.get(`/area-personale/richieste/${building.publicId}/documenti/${fileId}`);
    expect(doc.statusCode).toBe(200);
    // no open request: nothing to answer
    expect((await citizen.get(`/area-personale/richieste/${building.publicId}/rispondi`)).statusCode).toBe(404);
  });
});

describe('nobody logged in', () => {
  it('is sent to log in', async () => {
    const anonymous = new PortalAgent(t.app);
    for (const path of ['/backoffice', casePath(building), '/backoffice/statistiche']) {
      const res = await anonymous.get(path);
      expect(res.statusCode, path).toBe(303);
      expect(String(res.headers.location)).toMatch(/^\/auth\/login\?/);
    }
  });
});
