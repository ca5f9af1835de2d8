// Filing without login through the real app, with mail over a real SMTP server: a report filled
// in with no identity, the confirmation link mailed, confirmed by POST (the GET changes
// nothing), filed through the ordinary intake (protocol number, the office's queue), the
// tracking page by secret link, the clerk's message mailed to the address; a wrong token is a
// 404, a second confirmation files nothing more, the limits refuse and create nothing, a
// challenge is used once, an unconfirmed filing expires and is never filed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../../src/backoffice/backoffice.service.ts';
import { solve } from '../../../src/anonymous/proof-of-work.ts';
import { startDevSmtp, type DevSmtpServer } from '../../../src/notifications/dev-smtp.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, PortalAgent, TEST_PEOPLE } from '../../helpers/login.ts';

const SLUG = 'segnalazione-suggerimento-reclamo';
const BASE = `/servizi/${SLUG}/domanda`;
const SEND = `${BASE}/senza-login/invio`;
const CLERK_AMBIENTE: StaffActor = { fiscalCode: TEST_PEOPLE.clerkSociali, name: 'Carla Conti', offices: ['servizi-sociali', 'ambiente'], headOf: [] };
const HOUR = 3_600_000;

let t: TestApp;
let smtp: DevSmtpServer;
let now = new Date();

beforeAll(async () => {
  smtp = await startDevSmtp({ port: 0 });
  t = await createTestApp(
    { SMTP_URL: smtp.url, ANONYMOUS_POW_BITS: '10', ANONYMOUS_LIMIT_ADDRESS_HOUR: '2', ANONYMOUS_LIMIT_NETWORK_HOUR: '4' },
    { clock: () => now },
  );
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** The mails delivered since the last call, to one address. */
async function mailsTo(address: string) {
  now = new Date(Math.max(now.getTime(), Date.now()) + 1000);
  await t.app.notifications.worker.drain();
  return smtp.messages().filter((m) => m.to.includes(address));
}

/** A browser with no login, from one address. */
class Visitor extends PortalAgent {
  csrf = '';
  constructor(readonly ip: string) {
    super(t.app);
  }
  override get(url: string) {
    return this.inject({ method: 'GET', url, remoteAddress: this.ip });
  }
  send(url: string, form: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form });
    return this.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: this.ip });
  }
  keepCsrf(html: string) {
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
  }
}

/** Fills in the report without login up to the e-mail page; returns that page's challenge. */
async function fillAnonymously(visitor: Visitor, text = 'Il lampione di via Roma 12 è spento da una settimana.') {
  const start = await visitor.get(`/servizi/${SLUG}/senza-login`);
  expect(start.statusCode).toBe(200);
  visitor.keepCsrf(start.body);
  const steps: Array<[string, Record<string, string>, string]> = [
    [`/servizi/${SLUG}/senza-login`, {}, BASE],
    [`${BASE}/informativa`, { accept: 'yes' }, `${BASE}/dati-generali`],
    [`${BASE}/dati-generali`, {}, `${BASE}/passo/messaggio`],
    [`${BASE}/passo/messaggio`, { tipo: 'segnalazione', argomento: 'ambiente', luogo: 'via Roma 12', testo: text }, `${BASE}/riepilogo`],
  ];
  for (const [url, form, location] of steps) {
    const res = await visitor.send(url, form);
    expect(res.statusCode, url).toBe(303);
    if (url.endsWith('senza-login')) expect((await visitor.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
    else expect(res.headers.location).toBe(location);
  }
  const summary = await visitor.get(`${BASE}/riepilogo`);
  expect(summary.statusCode).toBe(200);
  expect(summary.body).not.toContain('ANON0');
  const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
  const invia = await visitor.send(`${BASE}/invia`, { idempotencyKey: key });
  expect(invia.headers.location).toBe(SEND);
  const page = await visitor.get(SEND);
  expect(page.statusCode).toBe(200);
  expect(page.headers['cache-control']).toContain('no-store');
  const challenge = /name="challenge" value="([^"]+)"/.exec(page.body)![1]!;
  const [, a, b] = /Quanto fa (\d) più (\d)\?/.exec(page.body)!;
  return { challenge, sum: String(Number(a) + Number(b)) };
}

const counts = async () =>
  (
    await sql<{ pending: number; submissions: number; notifications: number }>`select
      (select count(*) from anonymous_filings)::int as pending,
      (select count(*) from submissions where applicant_fiscal_code like 'ANON0%')::int as submissions,
      (select count(*) from notifications where kind = 'anonymous.confirm')::int as notifications`.execute(t.app.db)
  ).rows[0]!;

const linkIn = (text: string, kind: 'conferma/' | '') => new RegExp(`/segnalazioni/${kind}([A-Za-z0-9_-]{43})`).exec(text)?.[1];

describe('a report without login, from the form to the office', () => {
  const email = 'cittadina@example.it';
  let confirmToken: string;
  let trackingToken: string;
  let publicId: string;

  it('is held pending after the e-mail page, and the link arrives by e-mail over SMTP', async () => {
    const procedure = await t.app.inject(`/servizi/${SLUG}`);
    expect(procedure.body).toContain(`/servizi/${SLUG}/senza-login`);
    const visitor = new Visitor('198.51.100.7');
    const { challenge } = await fillAnonymously(visitor);
    const before = await counts();
    const sent = await visitor.send(SEND, { email, challenge, nonce: solve(challenge, 10) });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${BASE}/senza-login/controlla-email`);
    // the browser cannot change the draft any more, and nothing is filed yet
    expect((await visitor.get(`${BASE}/riepilogo`)).statusCode).toBe(303);
    expect(await counts()).toMatchObject({ pending: before.pending + 1, submissions: 0 });
    const [mail] = await mailsTo(email);
    expect(mail!.subject).toContain('Conferma l\'invio');
    confirmToken = linkIn(mail!.text ?? '', 'conferma/')!;
    expect(confirmToken).toHaveLength(43);
    // only the hash is stored
    const row = await t.app.db.selectFrom('anonymous_filings').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(confirmToken);
  });

  it('opening the link changes nothing; the POST files once, with a protocol number, in the office queue', async () => {
    const other = new Visitor('203.0.113.9');
    const page = await other.get(`/segnalazioni/conferma/${confirmToken}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('noindex');
    expect((await counts()).submissions).toBe(0);
    other.keepCsrf(page.body);

    const [first, second] = await Promise.all([other.send(`/segnalazioni/conferma/${confirmToken}`), other.send(`/segnalazioni/conferma/${confirmToken}`)]);
    const filed = [first, second].find((r) => r.statusCode === 303)!;
    expect(filed.headers.location).toMatch(/^\/segnalazioni\/[A-Za-z0-9_-]{43}\?inviata=1$/);
    const again = [first, second].find((r) => r !== filed)!;
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('già stata confermata');
    const third = await other.send(`/segnalazioni/conferma/${confirmToken}`);
    expect(third.body).toContain('già stata confermata');
    expect((await counts()).submissions).toBe(1);

    trackingToken = linkIn(filed.headers.location as string, '')!;
    const submission = await t.app.db.selectFrom('submissions').select(['public_id', 'office_code', 'protocol_number', 'applicant']).where('applicant_fiscal_code', 'like', 'ANON0%').executeTakeFirstOrThrow();
    publicId = submission.public_id;
    expect(submission.office_code).toBe('ambiente');
    expect(submission.protocol_number).toBeGreaterThan(0);
    expect(submission.applicant).toMatchObject({ givenName: 'Anonimo', email });
    const kase = await t.app.db.selectFrom('cases').select(['office_code']).where('submission_id', '=', sql<number>`(select id from submissions where public_id = ${publicId})`).executeTakeFirstOrThrow();
    expect(kase.office_code).toBe('ambiente');

    // the clerk of the office sees it in the back office like any other
    const clerk = await loginAs(t, TEST_PEOPLE.clerkSociali);
    const queue = await clerk.get('/backoffice');
    expect(queue.body).toContain(String(submission.protocol_number));
  });

  it('the tracking page shows state and protocol number by its secret link; the person got both by e-mail', async () => {
    const page = await new Visitor('203.0.113.9').get(`/segnalazioni/${trackingToken}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.headers['x-robots-tag']).toContain('noindex');
    expect(page.body).toContain('Segnalazione, suggerimento o reclamo');
    expect(page.body).toMatch(/id="tracking-protocol">\d+\/\d{4}</);
    expect(page.body).not.toContain(email);
    const mails = await mailsTo(email);
    const filedMail = mails.find((m) => m.subject?.includes('protocollata'));
    expect(linkIn(filedMail!.text ?? '', '')).toBe(trackingToken);
  });

  it('a wrong or made-up token is a 404, for tracking and for confirming', async () => {
    const made = 'A'.repeat(43);
    for (const url of [`/segnalazioni/${made}`, `/segnalazioni/short`, `/segnalazioni/conferma/${made}`, `/segnalazioni/${confirmToken}`]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
    }
  });

  it("the clerk's message reaches the address by e-mail and shows on the tracking page", async () => {
    smtp.clear();
    await t.app.services.backoffice.take(CLERK_AMBIENTE, publicId);
    await t.app.services.backoffice.officeMessage(CLERK_AMBIENTE, publicId, { text: 'Grazie, abbiamo avvisato il gestore dell\'illuminazione.', files: [] });
    const mails = await mailsTo(email);
    expect(mails.some((m) => (m.text ?? '').includes('avvisato il gestore'))).toBe(true);
    const page = await t.app.inject(`/segnalazioni/${trackingToken}`);
    expect(page.body).toContain('avvisato il gestore');
  });
});

describe('abuse limits and the challenge', () => {
  it('accepts the text question without JavaScript, and a challenge only once', async () => {
    const visitor = new Visitor('192.0.2.10');
    const { challenge, sum } = await fillAnonymously(visitor);
    const wrong = await visitor.send(SEND, { email: 'senza-js@example.it', challenge, answer: '99' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('href="#anonymous-answer"');
    const good = await visitor.send(SEND, { email: 'senza-js@example.it', challenge, answer: sum });
    expect(good.statusCode).toBe(303);

    const again = new Visitor('192.0.2.11');
    await fillAnonymously(again);
    const before = await counts();
    const replay = await again.send(SEND, { email: 'altra@example.it', challenge, answer: sum });
    expect(replay.statusCode).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('does not let a person without login name co-applicants, nor file a procedure that needs login', async () => {
    const visitor = new Visitor('192.0.2.30');
    await fillAnonymously(visitor);
    const res = await visitor.send(`${BASE}/coobbligati`, { fiscalCode: TEST_PEOPLE.citizen, name: 'Giulio Cesare' });
    expect(res.statusCode).toBe(404);
    expect((await visitor.get('/servizi/segnalazione-suggerimento-reclamo/senza-login')).statusCode).toBe(200);
    expect((await visitor.get('/servizi/certificato-residenza/senza-login')).statusCode).toBe(404);
    const other = await visitor.get('/servizi/certificato-residenza/domanda');
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toMatch(/^\/auth\/login/);
  });

  it('refuses a bad address with the message in the language of the page', async () => {
    const visitor = new Visitor('192.0.2.20');
    const { challenge } = await fillAnonymously(visitor);
    const res = await visitor.send(SEND, { email: 'non-un-indirizzo', challenge, nonce: solve(challenge, 10) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Scrivi un indirizzo e-mail valido');
  });

  it('refuses past the limit per address, and creates nothing', async () => {
    const address = 'insistente@example.it';
    for (const ip of ['100.64.1.1', '100.64.2.1']) {
      const visitor = new Visitor(ip);
      const { challenge } = await fillAnonymously(visitor);
      expect((await visitor.send(SEND, { email: address, challenge, nonce: solve(challenge, 10) })).statusCode).toBe(303);
    }
    const visitor = new Visitor('100.64.3.1');
    const { challenge } = await fillAnonymously(visitor);
    const before = await counts();
    const refused = await visitor.send(SEND, { email: address.toUpperCase(), challenge, nonce: solve(challenge, 10) });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Troppe segnalazioni senza accesso');
    expect(await counts()).toEqual(before);
  });

  it('refuses past the limit per network (/24), and creates nothing', async () => {
    for (let i = 1; i <= 4; i++) {
      const visitor = new Visitor(`100.65.0.${i}`);
      const { challenge } = await fillAnonymously(visitor);
      expect((await visitor.send(SEND, { email: `vicino${i}@example.it`, challenge, nonce: solve(challenge, 10) })).statusCode).toBe(303);
    }
    const visitor = new Visitor('100.65.0.200');
    const { challenge } = await fillAnonymously(visitor);
    const before = await counts();
    const refused = await visitor.send(`${SEND}?lang=en`, { email: 'nuovo@example.it', challenge, nonce: solve(challenge, 10) });
    expect(refused.statusCode).toBe(429);
    expect(await counts()).toEqual(before);
    // another network is not affected
    const elsewhere = new Visitor('100.66.0.1');
    const second = await fillAnonymously(elsewhere);
    expect((await elsewhere.send(SEND, { email: 'nuovo@example.it', challenge: second.challenge, nonce: solve(second.challenge, 10) })).statusCode).toBe(303);
  });
});

describe('an unconfirmed filing', () => {
  it('expires with its link, and is never filed', async () => {
    smtp.clear();
    const visitor = new Visitor('198.18.0.1');
    const { challenge } = await fillAnonymously(visitor);
    await visitor.send(SEND, { email: 'distratto@example.it', challenge, nonce: solve(challenge, 10) });
    const [mail] = await mailsTo('distratto@example.it');
    const token = linkIn(mail!.text ?? '', 'conferma/')!;
    const filedBefore = (await counts()).submissions;
    now = new Date(now.getTime() + 25 * HOUR);
    expect(await t.app.services.anonymous.expirePending()).toBeGreaterThan(0);
    const page = await new Visitor('198.18.0.2').get(`/segnalazioni/conferma/${token}`);
    expect(page.statusCode).toBe(404);
    const row = await t.app.db.selectFrom('anonymous_filings').select(['status', 'email']).where('email_key', '!=', '').where('status', '=', 'expired').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'expired', email: null });
    expect((await counts()).submissions).toBe(filedBefore);
  });
});
