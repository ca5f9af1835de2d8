// The page rating through the real app, without JavaScript: the box on every page, the stars
// posted (step 1, no session needed), the reasons of those stars (step 2, CSRF in the body),
// the vote counted under the page's kind (the route's pattern, never a filing's id), the thanks
// on the page the person came back to; bad values refused with nothing stored, never a way
// back that leaves the portal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';
import { fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const SERVICE = '/servizi/certificato-residenza';
const votes = () => t.app.db.selectFrom('page_ratings').selectAll().orderBy('page').orderBy('stars').execute();
const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const step1 = (agent: PortalAgent, form: Record<string, string>) => agent.post('/valutazione', form, { csrf: false });

describe('the page rating box', () => {
  it('is on the home and on a service page, with the page pattern and the way back, in IT and EN', async () => {
    const home = await t.app.inject('/');
    expect(home.body).toContain('data-element="feedback"');
    expect(home.body).toContain('Quanto sono chiare le informazioni su questa pagina?');
    expect(home.body).toContain('<form method="post" action="/valutazione"');
    expect(home.body).toContain('name="pagina" value="/"');
    for (const n of [1, 2, 3, 4, 5]) expect(home.body).toContain(`data-element="feedback-rate-${n}"`);
    // no session needed: the public page stays cacheable
    expect(home.headers['set-cookie'] ?? '').not.toContain('sportello_session');
    const service = await t.app.inject(SERVICE);
    expect(service.body).toContain('name="pagina" value="/servizi/:slug"');
    expect(service.body).toContain(`name="returnTo" value="${SERVICE}"`);
    const english = await t.app.inject(`${SERVICE}?lang=en`);
    expect(english.body).toContain('How clear is the information on this page?');
  });

  it('is not on an error page', async () => {
    const missing = await t.app.inject('/pagina-che-non-esiste');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('data-element="feedback"');
  });
});

describe('a vote without JavaScript', () => {
  it('goes from the stars to the reasons of those stars and back to the page, counted under its kind', async () => {
    const visitor = new PortalAgent(t.app);
    const first = await step1(visitor, { stelle: '2', pagina: '/servizi/:slug', returnTo: SERVICE });
    expect(first.statusCode).toBe(303);
    const reasonsPage = first.headers.location as string;
    expect(reasonsPage).toBe(`/valutazione/motivo?stelle=2&pagina=%2Fservizi%2F%3Aslug&returnTo=${encodeURIComponent(SERVICE)}`);
    expect(await votes()).toEqual([]);

    const second = await visitor.get(reasonsPage);
    expect(second.statusCode).toBe(200);
    expect(second.headers['cache-control']).toContain('no-store');
    expect(second.body).toContain('data-element="feedback-rating-negative"');
    expect(second.body).toContain('A volte le indicazioni non erano chiare');
    expect(second.body).not.toContain('Le indicazioni erano chiare');
    expect(second.body).not.toContain('Quanto sono chiare le informazioni su questa pagina?');
    const token = tokenOf(second.body);
    const form = { stelle: '2', pagina: '/servizi/:slug', returnTo: SERVICE };

    // CSRF required
    expect((await visitor.post('/valutazione/motivo', { ...form, motivo: 'unclear' }, { csrf: false })).statusCode).toBe(403);
    // a reason of the other list: 422 with the summary, nothing stored
    const wrong = await visitor.post('/valutazione/motivo', { ...form, motivo: 'clear' }, { csrf: token });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('id="error-summary"');
    expect(wrong.body).toContain('Scegli una delle risposte proposte.');
    expect(await votes()).toEqual([]);

    const done = await visitor.post('/valutazione/motivo', { ...form, motivo: 'unclear' }, { csrf: token });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(SERVICE);
    expect(await votes()).toMatchObject([{ page: SERVICE, stars: 2, reason: 'unclear', votes: 1 }]);

    const back = await visitor.get(SERVICE);
    expect(back.body).toContain('Grazie, il tuo parere ci aiuterà a migliorare il servizio!');
    expect((await visitor.get(SERVICE)).body).not.toContain('Grazie, il tuo parere');
  });

  it('counts a vote without a reason, and adds to the same day count', async () => {
    const visitor = new PortalAgent(t.app);
    for (const stars of ['5', '5']) {
      const next = (await step1(visitor, { stelle: stars, pagina: '/', returnTo: '/?lang=en' })).headers.location as string;
      const page = await visitor.get(next);
      expect(page.body).toContain('Le indicazioni erano chiare');
      expect((await visitor.post('/valutazione/motivo', { stelle: stars, pagina: '/', returnTo: '/?lang=en' }, { csrf: tokenOf(page.body) })).headers.location).toBe('/?lang=en');
    }
    expect((await votes()).find((v) => v.page === '/')).toMatchObject({ stars: 5, reason: '', votes: 2 });
  });

  it('asks again for the stars when none was chosen (422), storing nothing', async () => {
    const before = await votes();
    const res = await step1(new PortalAgent(t.app), { pagina: '/', returnTo: '/' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Scegli da 1 a 5 stelle.');
    expect(res.body).toContain('href="#rate-star-5"');
    expect(await votes()).toEqual(before);
  });

  it('refuses bad values with 400 and never sends anyone off the portal', async () => {
    const visitor = new PortalAgent(t.app);
    const before = await votes();
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await step1(visitor, { stelle: '4', pagina: '/', returnTo });
      expect(res.statusCode, returnTo).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
    // a page that is not one of the portal's, or not the page it came back to
    expect((await step1(visitor, { stelle: '4', pagina: '/inventata/:x', returnTo: '/inventata/1' })).statusCode).toBe(400);
    expect((await step1(visitor, { stelle: '4', pagina: '/servizi/:slug', returnTo: '/' })).statusCode).toBe(400);
    const page = await visitor.get(`/valutazione/motivo?stelle=4&pagina=%2F&returnTo=%2F`);
    const token = tokenOf(page.body);
    expect((await visitor.post('/valutazione/motivo', { stelle: '9', pagina: '/', returnTo: '/' }, { csrf: token })).statusCode).toBe(400);
    expect((await visitor.post('/valutazione/motivo', { stelle: '4', pagina: '/', returnTo: 'https://evil.example/' }, { csrf: token })).statusCode).toBe(400);
    expect((await visitor.get('/valutazione/motivo?stelle=4&pagina=%2F&returnTo=https%3A%2F%2Fevil.example')).statusCode).toBe(400);
    expect(await votes()).toEqual(before);
  });

  it('counts a vote on a person\'s request page under the route pattern, not the filing', async () => {
    const filing = await fileResidence(t.app);
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const path = `/area-personale/richieste/${filing.publicId}`;
    const page = await citizen.get(path);
    expect(page.body).toContain('name="pagina" value="/area-personale/richieste/:publicId"');
    const next = (await step1(citizen, { stelle: '4', pagina: '/area-personale/richieste/:publicId', returnTo: path })).headers.location as string;
    expect((await citizen.post('/valutazione/motivo', { stelle: '4', pagina: '/area-personale/richieste/:publicId', returnTo: path, motivo: 'complete' })).headers.location).toBe(path);
    expect(next).toContain('stelle=4');
    const stored = await votes();
    expect(stored.find((v) => v.stars === 4)).toMatchObject({ page: '/area-personale/richieste/:publicId', reason: 'complete', votes: 1 });
    expect(JSON.stringify(stored)).not.toContain(filing.publicId);
  });
});

describe('staff pages', () => {
  it('carry no page rating', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const queue = await clerk.get('/backoffice');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).not.toContain('data-element="feedback"');
  });
});
