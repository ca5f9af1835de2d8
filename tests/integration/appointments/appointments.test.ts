// Appointments through the real app: a citizen books a CIE appointment (the time chosen in the
// journey, held, booked when filed), the confirmation with the .ics file, moving and cancelling
// it, another person's booking answering 404, the clerk's day list, the reminder the day
// before (a test clock), and 100 concurrent bookings of the last seat of a slot: exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { testClock } from '../../../src/platform/time.ts';

// a Monday morning: the first bookable day is Tuesday 3 March 2026
const clock = testClock('2026-03-02T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { clock });
});
afterAll(async () => t?.close());

const SLUG = 'appuntamento-carta-identita-elettronica';
const BASE = `/servizi/${SLUG}/domanda`;

function idempotencyKey(html: string): string {
  const match = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error('no idempotency key on the summary');
  return match[1]!;
}

const slotValues = (html: string) => [...html.matchAll(/name="slot" id="[^"]+" value="([^"]+)"/g)].map((m) => m[1]!);

/** The journey up to the page that asks for a time. */
async function fillIn(agent: PortalAgent) {
  await agent.get(BASE);
  expect((await agent.post(`${BASE}/informativa`, { accept: 'yes' })).statusCode).toBe(303);
  expect((await agent.post(`${BASE}/dati-generali`, {})).statusCode).toBe(303);
  const first = await agent.post(`${BASE}/passo/richiesta`, { intestatario: 'se-stesso', motivo: 'scadenza', validaEspatrio: 'yes' });
  expect(first.statusCode, first.body.slice(0, 2000)).toBe(303);
  const second = await agent.post(`${BASE}/passo/appuntamento`, { consegna: 'residenza', telefono: '+390512345678', donazioneOrgani: 'no' });
  expect(second.statusCode, second.body.slice(0, 3000)).toBe(303);
  const summary = await agent.get(`${BASE}/riepilogo`);
  expect(summary.statusCode).toBe(303);
  expect(summary.headers.location).toBe(`${BASE}/appuntamento`);
}

describe('a citizen books a CIE appointment', () => {
  let citizen: PortalAgent;
  let publicId: string;
  let chosen: string;

  it('lists the free times of the first bookable week, and holds the one chosen', async () => {
    citizen = await loginAs(t, TEST_PEOPLE.citizen);
    await fillIn(citizen);
    const page = await citizen.get(`${BASE}/appuntamento`);
    expect(page.statusCode, page.body.slice(-3000)).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Orari liberi di Martedì 3 marzo 2026');
    const values = slotValues(page.body);
    // Tuesday 8:30-12:30 in 20-minute slots: 12 a day; Thursday has the afternoon too
    expect(values[0]).toBe('2026-03-03T07:30:00.000Z');
    expect(page.body).toContain('08:30 (2 posti liberi)');
    // nothing chosen: the page again, nothing held
    const none = await citizen.post(`${BASE}/appuntamento`, {});
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Scegli un orario tra quelli liberi');
    // a time that is not one of the calendar's
    const bad = await citizen.post(`${BASE}/appuntamento`, { slot: '2026-03-03T07:31:00.000Z' });
    expect(bad.statusCode).toBe(409);
    expect(bad.body).toContain('Questo orario non è più disponibile, scegline un altro');
    chosen = values[0]!;
    const held = await citizen.post(`${BASE}/appuntamento`, { slot: chosen });
    expect(held.statusCode).toBe(303);
    expect(held.headers.location).toBe(`${BASE}/riepilogo`);
    const summary = await citizen.get(`${BASE}/riepilogo`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Orario riservato: 3 marzo 2026');
  });

  it('books it when the request is filed, and confirms date, time, place and what to bring with an .ics file', async () => {
    const summary = await citizen.get(`${BASE}/riepilogo`);
    const filed = await citizen.post(`${BASE}/invia`, { idempotencyKey: idempotencyKey(summary.body) });
    expect(filed.statusCode).toBe(303);
    publicId = /richieste\/([^/]+)\/conferma/.exec(filed.headers.location!)![1]!;
    const confirmation = await citizen.get(filed.headers.location!);
    expect(confirmation.body).toContain('Il tuo appuntamento');
    expect(confirmation.body).toContain('3 marzo 2026');
    expect(confirmation.body).toContain('08:30');
    expect(confirmation.body).toContain('Piazza Cavalli 2');
    expect(confirmation.body).toContain('fototessera');
    const ics = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('DTSTART:20260303T073000Z');
    expect(ics.body).toContain('DTEND:20260303T075000Z');
    expect(ics.body).toContain('SEQUENCE:0');
    expect(ics.body).toContain('STATUS:CONFIRMED');
    expect(ics.body).toMatch(/UID:[0-9a-f-]{36}@sportello/);
  });

  it('answers 404 to another person', async () => {
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    for (const path of ['appuntamento', 'appuntamento.ics', 'appuntamento/annulla']) {
      expect((await other.get(`/area-personale/richieste/${publicId}/${path}`)).statusCode).toBe(404);
    }
    expect((await other.post(`/area-personale/richieste/${publicId}/appuntamento/annulla`, {})).statusCode).toBe(404);
  });

  it('shows the day list to the clerk of the office, not to another office', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const list = await clerk.get('/backoffice/appuntamenti');
    expect(list.statusCode).toBe(200);
    const id = /\/backoffice\/appuntamenti\/(\d+)"/.exec(list.body)![1];
    const day = await clerk.get(`/backoffice/appuntamenti/${id}?giorno=2026-03-03`);
    expect(day.statusCode).toBe(200);
    expect(day.body).toContain('Giulio Cesare');
    expect(day.body).toContain(`/backoffice/pratiche/${publicId}`);
    const other = await loginAs(t, TEST_PEOPLE.clerkTributi);
    expect((await other.get(`/backoffice/appuntamenti/${id}?giorno=2026-03-03`)).statusCode).toBe(404);
  });

  it('sends a reminder the day before, once', async () => {
    clock.set('2026-03-02T18:00:00Z');
    expect(await t.app.services.appointments.sendReminders()).toBe(1);
    expect(await t.app.services.appointments.sendReminders()).toBe(0);
    clock.set('2026-03-02T08:00:00Z');
  });

  it('moves it atomically (the old seat freed) and cancels it, with the .ics updated', async () => {
    const page = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento`);
    expect(page.statusCode).toBe(200);
    const target = slotValues(page.body).find((v) => v !== chosen)!;
    const moved = await citizen.post(`/area-personale/richieste/${publicId}/appuntamento/sposta`, { slot: target });
    expect(moved.statusCode).toBe(303);
    const ics = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento.ics`);
    expect(ics.body).toContain('SEQUENCE:1');
    const after = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento`);
    expect(after.body).toContain('08:30 (2 posti liberi)');
    const confirm = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento/annulla`);
    expect(confirm.statusCode).toBe(200);
    const cancelled = await citizen.post(`/area-personale/richieste/${publicId}/appuntamento/annulla`, {});
    expect(cancelled.statusCode).toBe(303);
    const cancelledIcs = await citizen.get(`/area-personale/richieste/${publicId}/appuntamento.ics`);
    expect(cancelledIcs.body).toContain('STATUS:CANCELLED');
    expect(cancelledIcs.body).toContain('METHOD:CANCEL');
    expect(cancelledIcs.body).toContain('SEQUENCE:2');
  });
});

describe('the last seat of a slot', () => {
  it('goes to exactly one of 100 concurrent bookings', async () => {
    const service = t.app.services.appointments;
    const calendar = (await service.calendarFor(SLUG))!;
    const slot = '2026-03-05T08:30:00.000Z';
    // one seat of two taken already
    await service.hold({ calendarId: calendar.id, draftRef: crypto.randomUUID(), owner: 'RSSMRA80A01H501U', locale: 'it', slot });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => service.hold({ calendarId: calendar.id, draftRef: crypto.randomUUID(), owner: 'LVLDAA85T50G702B', locale: 'it', slot })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const r of lost) expect((r.reason as Error).constructor.name).toBe('SlotTakenError');
    const week = await service.week(calendar, '2026-03-02');
    expect(week.days.flatMap((d) => d.slots).some((s) => s.value === slot)).toBe(false);
  });
});
