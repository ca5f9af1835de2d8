// Staff alerts through the real app, its clock moved by the test: the job reads the case log
// and alerts the office's clerks of a filing (e-mailing at once those who want it, through a
// real SMTP server), the assignee of an assignment and of the applicant's reply, never whoever
// caused the event; the deadline scan alerts once per due date; the digest sends one e-mail
// with several alerts, once a day; the pages keep each person's alerts their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../src/identity/staff.service.ts';
import { startDevSmtp, type DevSmtpServer } from '../../../src/notifications/dev-smtp.ts';
import { romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { applicantActor, CITIZEN, CLERK_ANAGRAFE, fileResidence } from './helpers.ts';

const ANNA = CLERK_ANAGRAFE.fiscalCode;
// a second clerk of the registry office, who wants new filings by e-mail at once
const LAURA = 'BNCLRA80A41F205X';
const LAURA_EMAIL = 'laura.bianchi@comune.example.it';
const DAY = 86_400_000;

let t: TestApp;
let smtp: DevSmtpServer;
let now = new Date();

beforeAll(async () => {
  smtp = await startDevSmtp({ port: 0 });
  t = await createTestApp({ SMTP_URL: smtp.url }, { clock: () => now });
  await t.app.db.transaction().execute((trx) => createStaff(trx, LAURA, { given_name: 'Laura', family_name: 'Bianchi', email: LAURA_EMAIL, is_admin: false, desk_code: null, active: true }, ['anagrafe']));
  const deliveries = { new_filing: 'immediate', applicant_reply: 'immediate', assigned: 'immediate', deadline: 'backoffice' } as const;
  await t.app.services.staffAlerts.savePreferences(LAURA, { deliveries, deadlineDays: 5, locale: 'en' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const alertsOf = (submissionId: number) => t.app.db.selectFrom('staff_alerts').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();
const consume = () => t.app.services.staffAlerts.consumeEvents();

/**
 * The e-mails sent to staff since the last call (the app's worker delivers the outbox to the
 * SMTP server; the applicants' own messages are left aside).
 */
async function newMails() {
  // the worker runs a moment later: what the outbox stamped with the database's time is due
  now = new Date(Math.max(now.getTime(), Date.now()) + 1000);
  await t.app.notifications.worker.drain();
  const mails = smtp.messages().filter((m) => m.to.includes('@comune.example.it'));
  smtp.clear();
  return mails;
}

describe('alerts from the case log', () => {
  it('a filing alerts every clerk of its office; who wants it at once gets an e-mail that names no one', async () => {
    await newMails();
    const { id, publicId } = await fileResidence(t.app);
    expect(await alertsOf(id)).toHaveLength(0);
    await consume();
    const alerts = await alertsOf(id);
    expect(alerts.map((a) => [a.recipient_fiscal_code, a.kind, a.delivery]).sort()).toEqual([
      [LAURA, 'new_filing', 'immediate'],
      [ANNA, 'new_filing', 'digest'],
    ].sort());
    const mails = await newMails();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toContain(LAURA_EMAIL);
    // in Laura's language; no name or fiscal code of the applicant anywhere in the subject
    expect(mail.subject).toMatch(/^\[.+\] New filing for your office$/);
    expect(mail.subject).not.toMatch(/Cesare|Giulio|CSRGGL/i);
    expect(mail.text).not.toMatch(/Cesare|CSRGGL44L13H501E/);
    expect(mail.text).toContain(`/backoffice/pratiche/${publicId}`);

    // a second run, and two at once, add nothing
    await Promise.all([consume(), consume()]);
    expect(await alertsOf(id)).toHaveLength(2);
    expect(await newMails()).toHaveLength(0);
  });

  it('two runs at once over a new filing write its alerts once', async () => {
    const { id } = await fileResidence(t.app);
    await Promise.all([consume(), consume(), consume()]);
    expect(await alertsOf(id)).toHaveLength(2);
  });

  it('an assignment alerts the assignee (not who assigned); the applicant\'s reply alerts the assignee alone', async () => {
    const { id, publicId } = await fileResidence(t.app);
    await consume();
    const before = (await alertsOf(id)).length;
    now = new Date(now.getTime() + 60_000);
    await t.app.services.backoffice.assign(CLERK_ANAGRAFE, publicId, LAURA);
    await consume();
    let alerts = (await alertsOf(id)).slice(before);
    expect(alerts.map((a) => [a.recipient_fiscal_code, a.kind])).toEqual([[LAURA, 'assigned']]);
    expect(alerts[0]!.facts).toMatchObject({ publicId, by: CLERK_ANAGRAFE.name });

    now = new Date(now.getTime() + 60_000);
    await t.app.services.backoffice.applicantMessage(applicantActor(CITIZEN), publicId, { text: 'Una domanda sulla pratica.', files: [], answer: false });
    await consume();
    alerts = (await alertsOf(id)).slice(before + 1);
    expect(alerts.map((a) => [a.recipient_fiscal_code, a.kind])).toEqual([[LAURA, 'applicant_reply']]);
    const mails = await newMails();
    expect(mails.map((m) => m.subject).filter((s) => /assigned to you|applicant wrote/.test(s))).toHaveLength(2);
  });

  it('taking a case oneself alerts no one', async () => {
    const { id, publicId } = await fileResidence(t.app);
    await consume();
    const before = (await alertsOf(id)).length;
    await t.app.services.backoffice.take(CLERK_ANAGRAFE, publicId);
    await consume();
    expect(await alertsOf(id)).toHaveLength(before);
  });
});

describe('deadlines and the digest', () => {
  it('the deadline scan alerts once per case and due date, to the clerks of an unassigned case', async () => {
    const { id } = await fileResidence(t.app);
    const c = await t.app.db.selectFrom('cases').select('due_date').where('submission_id', '=', id).executeTakeFirstOrThrow();
    // the residence certificate is due in 3 days: within the default 5
    await t.app.services.staffAlerts.scanDeadlines();
    const deadline = (await alertsOf(id)).filter((a) => a.kind.startsWith('deadline'));
    expect(deadline.map((a) => [a.recipient_fiscal_code, a.kind, a.delivery]).sort()).toEqual([
      [ANNA, 'deadline_soon', 'digest'],
      [LAURA, 'deadline_soon', 'backoffice'],
    ].sort());
    expect(deadline[0]!.facts).toMatchObject({ dueDate: c.due_date });
    await t.app.services.staffAlerts.scanDeadlines();
    // the day after the due date: passed, but the same due date
    now = new Date(now.getTime() + 5 * DAY);
    expect(romeDate(now) > c.due_date).toBe(true);
    await t.app.services.staffAlerts.scanDeadlines();
    expect((await alertsOf(id)).filter((a) => a.kind.startsWith('deadline'))).toHaveLength(2);
  });

  it('the digest sends one e-mail per person with the alerts waiting for it, once a day', async () => {
    await newMails();
    const sent = await t.app.services.staffAlerts.sendDigests();
    expect(sent).toBeGreaterThanOrEqual(1);
    const mails = await newMails();
    const toAnna = mails.filter((m) => m.to.includes('anna.ferri@comune.example.it'));
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]!.subject).toMatch(/^Riepilogo degli avvisi del .+ \(\d+\)$/);
    // several alerts in it: new filings and a deadline, each with its case's address
    expect(((toAnna[0]!.text ?? '').match(/\/backoffice\/pratiche\//g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(toAnna[0]!.text).toContain('Scadenza vicina');
    expect(toAnna[0]!.text).not.toMatch(/Cesare|CSRGGL/);
    // Laura chose no digest for any kind she has: nothing for her
    expect(mails.some((m) => m.to.includes(LAURA_EMAIL))).toBe(false);

    // a new alert the same day waits for tomorrow's digest
    const { id } = await fileResidence(t.app);
    await consume();
    expect(await t.app.services.staffAlerts.sendDigests()).toBe(0);
    expect((await newMails()).filter((m) => m.to.includes('anna.ferri@'))).toHaveLength(0);
    now = new Date(now.getTime() + DAY);
    expect(await t.app.services.staffAlerts.sendDigests()).toBe(1);
    const next = await newMails();
    expect(next).toHaveLength(1);
    const [annaAlert] = (await alertsOf(id)).filter((a) => a.recipient_fiscal_code === ANNA);
    expect(annaAlert!.digested_on).toBe(romeDate(now));
  });
});

describe('the pages', () => {
  let anna: PortalAgent;
  // logged in at the moved clock's time
  beforeAll(async () => {
    anna = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  });

  it('lists the clerk\'s alerts unread first, counts them in the sections, marks them read', async () => {
    const queue = await anna.get('/backoffice');
    const unread = await t.app.services.staffAlerts.unreadCount(ANNA);
    expect(unread).toBeGreaterThan(0);
    expect(queue.body).toContain(`non letti: ${unread}`);
    const page = await anna.get('/backoffice/avvisi');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Nuova pratica');
    expect(page.body).not.toMatch(/Cesare|CSRGGL/);

    const [first] = await t.app.db.selectFrom('staff_alerts').select(['id', 'facts']).where('recipient_fiscal_code', '=', ANNA).where('read_at', 'is', null).orderBy('id').limit(1).execute();
    const open = await anna.get(`/backoffice/avvisi/${first!.id}`);
    expect(open.statusCode).toBe(303);
    expect(open.headers.location).toBe(`/backoffice/pratiche/${first!.facts.publicId}`);
    expect(await t.app.services.staffAlerts.unreadCount(ANNA)).toBe(unread - 1);

    const all = await anna.post('/backoffice/avvisi/letti');
    expect(all.statusCode).toBe(303);
    expect(await t.app.services.staffAlerts.unreadCount(ANNA)).toBe(0);
    expect((await anna.get('/backoffice')).body).not.toContain('non letti:');
  });

  it('another person\'s alert is a 404, and stays unread', async () => {
    const [lauras] = await t.app.db.selectFrom('staff_alerts').select('id').where('recipient_fiscal_code', '=', LAURA).where('read_at', 'is', null).limit(1).execute();
    expect((await anna.post(`/backoffice/avvisi/${lauras!.id}/letto`)).statusCode).toBe(404);
    expect((await anna.get(`/backoffice/avvisi/${lauras!.id}`)).statusCode).toBe(404);
    expect((await anna.post('/backoffice/avvisi/99999999/letto')).statusCode).toBe(404);
    const row = await t.app.db.selectFrom('staff_alerts').select('read_at').where('id', '=', lauras!.id).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
  });

  it('preferences: 422 with the error summary on bad input (nothing changed), 303 and stored on good', async () => {
    const good = { nuove: 'subito', risposte: 'riepilogo', assegnazioni: 'backoffice', scadenze: 'subito', giorni: '10', lingua: 'en' };
    for (const bad of [{ giorni: '0' }, { giorni: '61' }, { giorni: 'tre' }, { nuove: 'fax' }, { lingua: 'de' }, { scadenze: '' }]) {
      const response = await anna.post('/backoffice/avvisi/preferenze', { ...good, ...bad });
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('id="error-summary"');
    }
    expect(await t.app.services.staffAlerts.preferences(ANNA)).toMatchObject({ deadlineDays: 5, locale: 'it', deliveries: { new_filing: 'digest' } });
    const saved = await anna.post('/backoffice/avvisi/preferenze', good);
    expect(saved.statusCode).toBe(303);
    expect(await t.app.services.staffAlerts.preferences(ANNA)).toMatchObject({
      deadlineDays: 10,
      locale: 'en',
      deliveries: { new_filing: 'immediate', applicant_reply: 'digest', assigned: 'backoffice', deadline: 'immediate' },
    });
    // without the CSRF token: refused, nothing changed
    expect((await anna.post('/backoffice/avvisi/preferenze', { ...good, giorni: '20' }, { csrf: false })).statusCode).toBe(403);
    expect((await t.app.services.staffAlerts.preferences(ANNA)).deadlineDays).toBe(10);
  });

  it('is for clerks only', async () => {
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await citizen.get('/backoffice/avvisi')).statusCode).toBe(404);
  });
});
