// The CSRF token of an upload form travels in its body, never in its URL (issue 21, bug 5): no
// multipart form's action carries `_csrf=`; an upload without the body token (or with it only
// in the query string, or after the file) is refused with 403 and stores nothing; with the
// token as the first field it works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let admin: PortalAgent;
let clerk: PortalAgent;
const CSV = 'codice;denominazione;da;a;parita;cap;localita\r\nR1;Via Roma;1;199;dispari;29121;\r\n';
const boundary = '----issue21';
const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const file = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="vie.csv"\r\nContent-Type: text/csv\r\n\r\n${CSV}\r\n`;
const upload = (url: string, body: string) => admin.inject({ method: 'POST', url, payload: `${body}--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
const streets = async () => (await t.app.services.places.state()).current?.street_count ?? 0;

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  admin = await loginAs(t, TEST_PEOPLE.admin);
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
});
afterAll(async () => t?.close());

describe('issue 21: the CSRF token of upload forms (bug 5)', () => {
  it('no multipart form has the token in its action, and each has it as its first field', async () => {
    const filing = await fileResidence(t.app);
    const pages = [await admin.get('/admin/stradario'), await admin.get('/admin/importa'), await clerk.get(`/backoffice/pratiche/${filing.publicId}`)];
    let forms = 0;
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      for (const match of page.body.matchAll(/<form[^>]*enctype="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/g)) {
        forms++;
        expect(match[0].slice(0, match[0].indexOf('>'))).not.toContain('_csrf=');
        expect(match[1]!.search(/<(input|select|textarea)\b/)).toBe(match[1]!.search(/<input type="hidden" name="_csrf"/));
      }
    }
    expect(forms).toBeGreaterThanOrEqual(4);
  });

  it('refuses an upload without the body token, or with it in the URL or after the file, and stores nothing', async () => {
    const before = await streets();
    const token = await admin.csrfToken('/admin/stradario');
    expect((await upload('/admin/stradario', file)).statusCode).toBe(403);
    expect((await upload(`/admin/stradario?_csrf=${encodeURIComponent(token)}`, file)).statusCode).toBe(403);
    expect((await upload('/admin/stradario', file + field('_csrf', token))).statusCode).toBe(403);
    expect((await upload('/admin/stradario', field('_csrf', 'not-the-token') + file)).statusCode).toBe(403);
    expect(await streets()).toBe(before);
  });

  it('takes the upload with the token as the first field of the body', async () => {
    const token = await admin.csrfToken('/admin/stradario');
    const res = await upload('/admin/stradario', field('_csrf', token) + file);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).not.toContain('_csrf');
    expect(await streets()).toBe(1);
  });
});
