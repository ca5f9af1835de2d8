// The back office's and the applicant's forms with files, through the real app with crafted
// multipart bodies: a request that fails after its files were stored (a later part past a
// bound, a body cut short, a refused text) leaves no file in the storage folder; a bad token
// is refused before anything is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { storedFiles as countFiles } from '../../helpers/stored-files.ts';
import { CITIZEN, fileResidence, PDF } from './helpers.ts';
import { withToken } from '../../helpers/multipart-token.ts';

let t: TestApp;
let clerk: PortalAgent;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };

const BOUNDARY = '----sportellobackoffice';

beforeAll(async () => {
  t = await createTestApp();
  filing = await fileResidence(t.app, CITIZEN);
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

/** Two documents, then the given text fields; without the closing boundary when asked. */
function body(fields: Array<[string, string]>, options: { close?: boolean } = {}): Buffer {
  const file = (name: string) => [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="allegati"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from('\r\n'),
  ];
  const parts = [...file('uno.pdf'), ...file('due.pdf'), ...fields.map(([name, value]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))];
  if (options.close !== false) parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const storedFiles = () => countFiles(t.app);

async function caseFiles(): Promise<number> {
  return (await t.app.db.selectFrom('case_files').select('id').where('submission_id', '=', filing.id).execute()).length;
}

async function post(agent: PortalAgent, url: string, payload: Buffer, csrf?: string) {
  const token = csrf ?? (await agent.csrfToken(url.startsWith('/backoffice') ? '/backoffice' : '/area-personale'));
  return agent.inject({ method: 'POST', url, payload: withToken(token, payload, `multipart/form-data; boundary=${BOUNDARY}`), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
}

const officeMessage = () => `/backoffice/pratiche/${filing.publicId}/messaggi`;
const applicantMessage = () => `/area-personale/richieste/${filing.publicId}/messaggio`;

describe('a clerk\'s message with files', () => {
  it('refuses too many fields after the files with 413, and leaves no file behind', async () => {
    const before = await storedFiles();
    const fields = Array.from({ length: 80 }, (_, i): [string, string] => [`campo${i}`, 'x']);
    const res = await post(clerk, officeMessage(), body(fields));
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Modulo troppo grande');
    expect(await storedFiles()).toBe(before);
    expect(await caseFiles()).toBe(0);
  });

  it('refuses a text field far past the longest message with 413, and leaves no file behind', async () => {
    const before = await storedFiles();
    const res = await post(clerk, officeMessage(), body([['testo', 'a'.repeat(100_000)]]));
    expect(res.statusCode).toBe(413);
    expect(await storedFiles()).toBe(before);
  });

  it('answers a body whose closing boundary never comes with 400, and leaves no file behind', async () => {
    const before = await storedFiles();
    const res = await post(clerk, officeMessage(), body([['testo', 'Messaggio di prova']], { close: false }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Modulo arrivato incompleto');
    expect(await storedFiles()).toBe(before);
  });

  it('answers a body cut inside a document with 400, and leaves no file behind', async () => {
    const before = await storedFiles();
    const whole = body([['testo', 'Messaggio di prova']]);
    const res = await post(clerk, officeMessage(), whole.subarray(0, whole.indexOf('due.pdf') + 150));
    expect(res.statusCode).toBe(400);
    expect(await storedFiles()).toBe(before);
  });

  it('refuses a text too short after the files with 422, and leaves no file behind', async () => {
    const before = await storedFiles();
    const res = await post(clerk, officeMessage(), body([['testo', 'x']]));
    expect(res.statusCode).toBe(422);
    expect(await storedFiles()).toBe(before);
  });

  it('refuses a bad token with 403 before reading, and leaves no file behind', async () => {
    const before = await storedFiles();
    const res = await post(clerk, officeMessage(), body([['testo', 'Messaggio di prova']]), 'not-a-token');
    expect(res.statusCode).toBe(403);
    expect(await storedFiles()).toBe(before);
  });
});

describe('an applicant\'s message with files', () => {
  it('refuses too many fields with 413 and answers a cut body with 400, leaving no file behind', async () => {
    const before = await storedFiles();
    const fields = Array.from({ length: 80 }, (_, i): [string, string] => [`campo${i}`, 'x']);
    expect((await post(citizen, applicantMessage(), body(fields))).statusCode).toBe(413);
    expect((await post(citizen, applicantMessage(), body([['testo', 'Messaggio di prova']], { close: false }))).statusCode).toBe(400);
    expect(await storedFiles()).toBe(before);
  });
});
