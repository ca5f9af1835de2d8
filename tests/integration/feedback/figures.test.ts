// The public page of the comune's service figures through the real app: live numbers for the
// filings made, decided and rated here, per area and overall, small counts shown as "fewer than
// 5" with no share on them, in Italian and English, and the note on how they are computed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock, type TestClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicantActor, CITIZEN, CLERK_ANAGRAFE, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let clock: TestClock;
beforeAll(async () => {
  clock = testClock(new Date());
  t = await createTestApp({}, { clock });
});
afterAll(async () => t?.close());

/** The cells of the table row headed `name`. */
function row(html: string, name: string): string[] {
  const match = new RegExp(`<th scope="row">${name}</th>([\\s\\S]*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row ${name}`);
  return [...match[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('the service figures', () => {
  it('hides small counts and shares on a small base', async () => {
    await fileResidence(t.app);
    await fileResidence(t.app);
    const res = await t.app.inject('/dati-servizi');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('I servizi in numeri');
    expect(res.body).toContain('Come calcoliamo questi numeri');
    expect(row(res.body, 'Tutti i servizi')).toEqual(['meno di 5', 'non indicato', 'non indicato', '0', 'non indicato']);
    expect(row(res.body, 'Anagrafe e stato civile')[0]).toBe('meno di 5');
    expect(res.body).toContain('troppo poche (0)');
  });

  it('shows live figures once there are enough, within a minute', async () => {
    const more = [];
    for (let i = 0; i < 4; i++) more.push(await fileResidence(t.app));
    const feedback = t.app.services.feedback;
    for (const [i, filing] of more.entries()) {
      await t.app.services.backoffice.take(CLERK_ANAGRAFE, filing.publicId);
      await t.app.services.backoffice.decide(CLERK_ANAGRAFE, filing.publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });
      await feedback.rateService(applicantActor(CITIZEN), filing.publicId, { stars: i === 0 ? 2 : 5, reason: null });
    }
    for (const stars of [5, 5, 4, 1, 5]) await feedback.votePage('/', { stars, reason: null });
    // the page is computed at most once a minute
    expect(row((await t.app.inject('/dati-servizi')).body, 'Tutti i servizi')[0]).toBe('meno di 5');
    clock.advance(61_000);
    const res = await t.app.inject('/dati-servizi');
    // 6 received, 4 decided (fewer than 5: no median, no share), 4 ratings
    expect(row(res.body, 'Tutti i servizi')).toEqual(['6', 'non indicato', 'non indicato', 'meno di 5', 'non indicato']);
    expect(res.body).toContain('Il 80% delle valutazioni delle pagine del portale (5)');

    const fifth = await fileResidence(t.app);
    await t.app.services.backoffice.take(CLERK_ANAGRAFE, fifth.publicId);
    await t.app.services.backoffice.decide(CLERK_ANAGRAFE, fifth.publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });
    await feedback.rateService(applicantActor(CITIZEN), fifth.publicId, { stars: 4, reason: 'clear' });
    clock.advance(61_000);
    const live = await t.app.inject('/dati-servizi');
    expect(row(live.body, 'Tutti i servizi')).toEqual(['7', '0 giorni', '100%', '5', '80%']);
    expect(row(live.body, 'Anagrafe e stato civile')).toEqual(['7', '0 giorni', '100%', '5', '80%']);
  });

  it('speaks English', async () => {
    const res = await t.app.inject('/dati-servizi?lang=en');
    expect(res.body).toContain('Our services in figures');
    expect(res.body).toContain('How these figures are computed');
    expect(row(res.body, 'All services')).toEqual(['7', '0 days', '100%', '5', '80%']);
    expect(row(res.body, 'Registry office and civil status')[0]).toBe('7');
  });

  it('is linked from the footer and the catalogue', async () => {
    expect((await t.app.inject('/')).body).toContain('href="/dati-servizi"');
    expect((await t.app.inject('/servizi')).body).toContain('href="/dati-servizi"');
  });
});
