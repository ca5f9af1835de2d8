// A step's multipart form through the real app (app.inject, a crafted body): past a bound (too
// many fields, a text field too long) it is refused with 413 and a message in the person's
// language; cut short (the closing boundary never comes) with 400; either way the files that
// came before the fault are not left in the storage folder nor in the draft.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { storedFiles as countFiles } from '../../helpers/stored-files.ts';
import { withToken } from '../../helpers/multipart-token.ts';

let t: TestApp;
let citizen: PortalAgent;
let action: string;
let token: string;

const BASE = '/servizi/abbattimento-alberi-privati/domanda';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const BOUNDARY = '----sportellotest';

beforeAll(async () => {
  t = await createTestApp();
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
  await citizen.get(BASE);
  expect((await citizen.post(`${BASE}/informativa`, { accept: 'yes' })).statusCode).toBe(303);
  expect((await citizen.post(`${BASE}/dati-generali`, {})).headers.location).toBe(`${BASE}/passo/area`);
  const page = await citizen.get(`${BASE}/passo/area`);
  action = /action="([^"]+)" enctype="multipart/.exec(page.body)![1]!.replace(/&amp;/g, '&');
  token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
});
afterAll(async () => t?.close());

/** The parts of a multipart body: the document first, then the given text fields. */
function body(fields: Array<[string, string]>, options: { close?: boolean } = {}): Buffer {
  const parts = [
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="assensoProprietari"; filename="assenso.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    PDF,
    Buffer.from('\r\n'),
    ...fields.map(([name, value]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
  ];
  if (options.close !== false) parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

function send(payload: Buffer, headers: Record<string, string> = {}) {
  return citizen.inject({ method: 'POST', url: action, payload: withToken(token, payload, `multipart/form-data; boundary=${BOUNDARY}`), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers } });
}

const storedFiles = () => countFiles(t.app);

async function draftFiles(): Promise<number> {
  const rows = await t.app.db.selectFrom('attachments').select('id').where('owner_fiscal_code', '=', TEST_PEOPLE.citizen).execute();
  return rows.length;
}

describe('a step sent as multipart', () => {
  it('keeps a document sent within the bounds (the baseline of the refusals below)', async () => {
    const before = await storedFiles();
    const res = await send(body([['indirizzoArea.street', 'Via Roma 1']]));
    expect(res.statusCode).toBe(422);
    expect(await storedFiles()).toBe(before + 1);
    expect(await draftFiles()).toBe(1);
  });

  it('refuses too many fields with 413, in the person\'s language, and keeps nothing of the request', async () => {
    const before = await storedFiles();
    const fields = Array.from({ length: 600 }, (_, i): [string, string] => [`campo${i}`, 'x']);
    const res = await send(body(fields));
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Modulo troppo grande');
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
    const english = await citizen.inject({ method: 'POST', url: `${action}?lang=en`, payload: withToken(token, body(fields), `multipart/form-data; boundary=${BOUNDARY}`), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(english.statusCode).toBe(413);
    expect(english.body).toContain('Form too large');
    await citizen.get('/?lang=it');
  });

  it('refuses a text field past the longest a form allows with 413, and keeps nothing', async () => {
    const before = await storedFiles();
    const res = await send(body([['descrizione', 'a'.repeat(500_000)]]));
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Modulo troppo grande');
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });

  it('refuses more text in all than a plain form may carry with 413, and keeps nothing', async () => {
    const before = await storedFiles();
    const fields = Array.from({ length: 20 }, (_, i): [string, string] => [`testo${i}`, 'a'.repeat(90_000)]);
    const res = await send(body(fields));
    expect(res.statusCode).toBe(413);
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });

  it('refuses a NUL byte in a text field with 400 naming the field, and keeps nothing', async () => {
    const before = await storedFiles();
    const res = await send(body([['indirizzoArea.street', 'Via Roma\u00001']]));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('indirizzoArea.street');
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });

  it('answers a body whose closing boundary never comes with 400, and keeps nothing', async () => {
    const before = await storedFiles();
    const res = await send(body([['indirizzoArea.street', 'Via Roma 1']], { close: false }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Modulo arrivato incompleto');
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });

  it('answers a body cut inside the document with 400, and keeps nothing', async () => {
    const before = await storedFiles();
    const whole = body([]);
    const res = await send(whole.subarray(0, 150));
    expect(res.statusCode).toBe(400);
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });

  it('answers over real HTTP a body whose Content-Length ends it before its closing boundary with 400, and keeps nothing', async () => {
    const before = await storedFiles();
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const whole = withToken(token, body([['indirizzoArea.street', 'Via Roma 1']]), `multipart/form-data; boundary=${BOUNDARY}`);
    const head = [
      `POST ${action} HTTP/1.1`,
      `Host: ${new URL(address).host}`,
      `Cookie: ${citizen.cookieHeader}`,
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
      `Content-Length: ${whole.length - 40}`,
      'Connection: close',
    ].join('\r\n');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(address).port), '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      // what the Content-Length covers, and no more: bytes past it would be a next request
      socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), whole.subarray(0, whole.length - 40)]));
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain('Modulo arrivato incompleto');
    expect(await storedFiles()).toBe(before);
    expect(await draftFiles()).toBe(1);
  });
});
