// The notification pages of the real portal (identity's test provider for login): the inbox
// with the unread count in the header, contact preferences with the e-mail confirmation link,
// the administrators' outbox, and the development mailbox of the embedded default.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rememberContact } from '../../../src/notifications/contacts.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { enqueueSample, MARIO } from './harness.ts';

let t: TestApp;
let mario: PortalAgent;
const db = () => t.app.db;

beforeAll(async () => {
  // no overload refusals: logging in under a busy test machine is not what this file tests
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  mario = await loginAs(t, TEST_PEOPLE.citizen3);
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await sql`truncate inbox_messages, notification_deliveries, notifications`.execute(db());
  t.app.notifications.devSmtp!.clear();
  t.app.notifications.ioStandIn!.clear();
});

function idsIn(html: string): number[] {
  return [...html.matchAll(/href="\/area-personale\/messaggi\/(\d+)"/g)].map((m) => Number(m[1]));
}

describe('the embedded default', () => {
  it('starts a development mail server and an App IO stand-in, and the worker delivers to them', async () => {
    const { devSmtp, ioStandIn, worker } = t.app.notifications;
    expect(devSmtp).not.toBeNull();
    expect(ioStandIn).not.toBeNull();
    await rememberContact(db(), MARIO, 'mario.rossi@example.it');
    await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'pages:1' }));
    // e-mail, App IO and, a decision having legal value, PEC to Mario's digital domicile (the INAD stand-in has one)
    expect(await worker.drain()).toMatchObject({ sent: 3 });
    expect(t.app.notifications.domicile.pecStandIn!.messages()).toHaveLength(1);
    const [mail] = devSmtp!.messages();
    expect(mail!.subject).toBe('Esito della richiesta n. 0000042/2026');
    expect(ioStandIn!.messages()).toHaveLength(1);

    const list = await t.app.inject('/dev/mail');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).toContain('Esito della richiesta n. 0000042/2026');
    const one = await t.app.inject(`/dev/mail/${mail!.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['cache-control']).toBe('no-store');
    expect(one.body).toContain('non è stata accolta');
    const html = await t.app.inject(`/dev/mail/${mail!.id}/html`);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.headers['cache-control']).toBe('no-store');
    expect(html.body).toContain('<html lang="it">');
  });
});

describe('the inbox', () => {
  it('lists the person\'s own messages, opens one and counts the unread in the header', async () => {
    const first = await db().transaction().execute((trx) => enqueueSample(trx, 'submission.received', { key: 'inbox:1' }));
    const second = await db().transaction().execute((trx) => enqueueSample(trx, 'payment.requested', { key: 'inbox:2' }));
    const adas = await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { to: TEST_PEOPLE.citizen2, key: 'inbox:3' }));

    const list = await mario.get('/area-personale/messaggi');
    expect(list.statusCode).toBe(200);
    expect(idsIn(list.body)).toEqual([second.id, first.id]);
    expect(list.body).toContain('Pagamento da effettuare: Cambio di residenza');
    expect(list.body).toContain('2 messaggi da leggere');
    expect(list.body).toContain('Messaggi: 2. Da leggere: 2.');

    const opened = await mario.get(`/area-personale/messaggi/${first.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('<h1 id="message-title">Richiesta ricevuta, protocollo n. 0000042/2026: Cambio di residenza</h1>');
    expect(opened.body).toContain('href="/area-personale/richieste/7f0c"');
    expect(opened.body).toContain('1 messaggio da leggere');

    const home = await mario.get('/servizi');
    expect(home.body).toContain('1 messaggio da leggere');

    expect((await mario.get(`/area-personale/messaggi/${adas.id}`)).statusCode).toBe(404);
    expect((await mario.get('/area-personale/messaggi/abc')).statusCode).toBe(404);

    const english = await mario.get(`/area-personale/messaggi/${second.id}?lang=en`);
    expect(english.body).toContain('Payment due: Change of residence');
    expect(english.body).toContain('3020 3200 2700 0002 51');
    await mario.get('/?lang=it');
  });

  it('asks who you are first', async () => {
    const response = await t.app.inject('/area-personale/messaggi');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/auth\/login\?/);
  });

  it('shows nothing in the header when all is read', async () => {
    const page = await mario.get('/servizi');
    expect(page.body).not.toMatch(/messaggi? da leggere/);
  });
});

describe('contact preferences', () => {
  it('shows the address the identity gave, and changes it only through the link sent to the new one', async () => {
    const page = await mario.get('/area-personale/preferenze');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Le comunicazioni arrivano a mario.rossi@example.it.');

    const bad = await mario.post('/area-personale/preferenze/email', { email: 'not-an-address' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#email"');
    expect(bad.body).toContain('aria-invalid="true"');

    const sent = await mario.post('/area-personale/preferenze/email', { email: 'Mario.Nuovo@Example.it' });
    expect(sent.statusCode).toBe(303);
    const pending = await mario.get(sent.headers.location as string);
    expect(pending.body).toContain('Collegamento inviato a mario.nuovo@example.it');
    expect(pending.body).toContain('Le comunicazioni arrivano a mario.rossi@example.it.');

    await t.app.notifications.worker.drain();
    const [mail] = t.app.notifications.devSmtp!.messages();
    expect(mail!.envelopeTo).toEqual(['mario.nuovo@example.it']);
    expect(mail!.subject).toBe('Conferma il tuo indirizzo e-mail');
    const link = /http:\/\/127\.0\.0\.1:3000(\/area-personale\/preferenze\/conferma-email\?token=[\w-]+)&lang=it/.exec(mail!.text ?? '');
    expect(link).not.toBeNull();

    // opening the link changes nothing by itself (mail scanners follow links)
    const confirmPage = await mario.get(link![1]!);
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain('mario.nuovo@example.it');
    expect((await mario.get('/area-personale/preferenze')).body).toContain('arrivano a mario.rossi@example.it');

    const token = new URL(link![1]!, 'http://x').searchParams.get('token')!;
    expect((await mario.post('/area-personale/preferenze/conferma-email', { token: 'x'.repeat(43) })).statusCode).toBe(400);
    const confirmed = await mario.post('/area-personale/preferenze/conferma-email', { token });
    expect(confirmed.statusCode).toBe(303);
    const after = await mario.get(confirmed.headers.location as string);
    expect(after.body).toContain('Indirizzo mario.nuovo@example.it confermato');
    expect(after.body).toContain('Le comunicazioni arrivano a mario.nuovo@example.it.');
    // a used link is spent
    expect((await mario.post('/area-personale/preferenze/conferma-email', { token })).statusCode).toBe(400);
    // the next login keeps the address the person chose
    await rememberContact(db(), MARIO, 'mario.rossi@example.it');
    const contact = await db().selectFrom('notification_contacts').selectAll().where('fiscal_code', '=', MARIO).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ email: 'mario.nuovo@example.it', email_source: 'person' });
  });

  it('someone else cannot use the link', async () => {
    await mario.post('/area-personale/preferenze/email', { email: 'altro@example.it' });
    await t.app.notifications.worker.drain();
    const [mail] = t.app.notifications.devSmtp!.messages();
    const token = /token=([\w-]+)/.exec(mail!.text ?? '')![1]!;
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    expect((await ada.post('/area-personale/preferenze/conferma-email', { token })).statusCode).toBe(400);
  });

  it('switches App IO off and on', async () => {
    const off = await mario.post('/area-personale/preferenze/app-io', {});
    expect(off.statusCode).toBe(303);
    const page = await mario.get(off.headers.location as string);
    expect(page.body).toContain('Preferenza salvata.');
    expect(page.body).not.toMatch(/id="io" name="io" value="on" checked/);
    expect((await db().selectFrom('notification_contacts').select('io_enabled').where('fiscal_code', '=', MARIO).executeTakeFirstOrThrow()).io_enabled).toBe(false);
    await mario.post('/area-personale/preferenze/app-io', { io: 'on' });
    expect((await mario.get('/area-personale/preferenze')).body).toMatch(/id="io" name="io" value="on" checked/);
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await mario.post('/area-personale/preferenze/app-io', { io: 'on' }, { csrf: false });
    expect(response.statusCode).toBe(403);
  });
});

describe('the outbox for administrators', () => {
  it('is hidden from everyone else', async () => {
    expect((await mario.get('/admin/notifiche')).statusCode).toBe(404);
    expect((await t.app.inject('/admin/notifiche')).statusCode).toBe(303);
  });

  it('lists dead notifications with their last error, and retries one', async () => {
    const { id } = await db().transaction().execute((trx) => enqueueSample(trx, 'decision', { key: 'admin:1' }));
    // as the worker leaves a delivery after the last attempt
    await db().updateTable('notification_deliveries').set({ status: 'dead', attempts: 8, last_error: 'SMTP: 421 Service not available' }).where('notification_id', '=', id).where('channel', '=', 'email').execute();
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const page = await admin.get('/admin/notifiche?stato=dead');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('SMTP: 421 Service not available');
    const delivery = /action="\/admin\/notifiche\/(\d+)\/riprova"/.exec(page.body);
    expect(delivery).not.toBeNull();
    const retried = await admin.post(`/admin/notifiche/${delivery![1]}/riprova`);
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe(`/admin/notifiche?stato=dead&riprovata=${delivery![1]}`);
    const row = await db().selectFrom('notification_deliveries').selectAll().where('id', '=', Number(delivery![1])).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    const pending = await admin.get('/admin/notifiche?stato=pending');
    expect(pending.body).toContain(`>${delivery![1]}</th>`);
    expect((await mario.post(`/admin/notifiche/${delivery![1]}/riprova`)).statusCode).toBe(404);
  });
});
