// The language of a filing on the clerk's case page: the questions and answers read in the
// clerk's language (the definition has both, whatever language the applicant used), and the
// page says which language the applicant filed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileProcedure } from './helpers.ts';

let t: TestApp;
let clerk: PortalAgent;

beforeAll(async () => {
  t = await createTestApp();
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
});
afterAll(async () => t?.close());

/** The application's data section of the case page. */
function answersSection(body: string): string {
  const start = body.indexOf('id="answers-heading"');
  expect(start).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</section>', start));
}

describe.each([
  { filedIn: 'en' as const, note: 'Filed in English' },
  { filedIn: 'it' as const, note: 'Filed in Italian' },
])('a filing made in $filedIn', ({ filedIn }) => {
  let path: string;
  beforeAll(async () => {
    const filing = await fileProcedure(t.app, CITIZEN, 'certificato-residenza', { intestatario: 'se-stesso', uso: 'esente-pensione' }, filedIn);
    path = `/backoffice/pratiche/${filing.publicId}?tab=domanda`;
  });

  it('shows its questions and answers in Italian to a clerk using Italian', async () => {
    const page = await clerk.get(`${path}&lang=it`);
    expect(page.statusCode).toBe(200);
    const answers = answersSection(page.body);
    expect(answers).toContain('Per chi chiedi il certificato?');
    expect(answers).toContain('Per me');
    expect(answers).not.toContain('Who is the certificate for?');
    expect(page.body).toContain(filedIn === 'en' ? 'Lingua della domanda</dt><dd>Inglese' : 'Lingua della domanda</dt><dd>Italiano');
  });

  it('shows them in English to a clerk using English', async () => {
    const page = await clerk.get(`${path}&lang=en`);
    const answers = answersSection(page.body);
    expect(answers).toContain('Who is the certificate for?');
    expect(answers).toContain('For me');
    expect(answers).not.toContain('Per chi chiedi il certificato?');
    expect(page.body).toContain(filedIn === 'en' ? 'Language of the application</dt><dd>English' : 'Language of the application</dt><dd>Italian');
    await clerk.get('/?lang=it');
  });
});
