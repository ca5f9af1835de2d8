// The waiting room of a click day: people who begin an application take a ticket from one
// sequence per procedure and go in at the set rate; the others see how many are ahead, on a
// page that reloads itself; a person keeps their ticket; a person with a draft goes straight on.
// The portal runs on a clock the test moves: the room lets people in as that clock runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { syncSeedCatalogue } from '../../../src/catalogue/catalogue.service.ts';
import { loadConfig } from '../../../src/config.ts';
import { testClock, type TestClock } from '../../../src/platform/time.ts';
import { placeOf, refreshSeconds } from '../../../src/submissions/waiting-room.ts';
import type { TestApp } from '../../helpers/app.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

const BASE = '/servizi/bando-contributi-click-day/domanda';

describe('where a ticket stands', () => {
  it('lets the first `rate` in at once, then `rate` more each second', () => {
    const openedAt = 1_000_000;
    expect(placeOf({ rank: 2, openedAt }, 2, openedAt).admitted).toBe(true);
    expect(placeOf({ rank: 3, openedAt }, 2, openedAt)).toEqual({ admitted: false, ahead: 0, waitSeconds: 1 });
    expect(placeOf({ rank: 10, openedAt }, 2, openedAt)).toEqual({ admitted: false, ahead: 7, waitSeconds: 4 });
    expect(placeOf({ rank: 10, openedAt }, 2, openedAt + 4000).admitted).toBe(true);
    expect(placeOf({ rank: 1000, openedAt }, 0.5, openedAt).waitSeconds).toBe(2000);
    expect(refreshSeconds({ admitted: false, ahead: 0, waitSeconds: 1 })).toBe(3);
    expect(refreshSeconds({ admitted: false, ahead: 900, waitSeconds: 1999 })).toBe(30);
  });
});

describe('the waiting room in front of a click day', () => {
  let t: TestApp;
  let clock: TestClock;
  beforeAll(async () => {
    const database = await createTestDatabase();
    await syncSeedCatalogue(database.handle.db);
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', WAITING_ROOM_PROCEDURES: 'bando-contributi-click-day', WAITING_ROOM_RATE: '1', LOGIN_RATE_LIMIT: '10000' });
    // from the wall time, so that the logins' tokens are current
    clock = testClock(Date.now());
    const app = await buildApp(config, { database: database.handle, skipSetup: true, clock });
    await app.ready();
    t = {
      app,
      database,
      async close() {
        await app.close();
        await database.drop();
      },
    };
  });
  afterAll(async () => t?.close());

  it('lets people begin in order of arrival, at the set rate, showing the others their place', async () => {
    const [first, second, third] = [await loginAs(t, TEST_PEOPLE.citizen), await loginAs(t, TEST_PEOPLE.citizen2), await loginAs(t, TEST_PEOPLE.citizen3)];
    const a = await first.get(BASE);
    expect(a.statusCode).toBe(303);
    expect(a.headers.location).toBe(`${BASE}/informativa`);

    const b = await second.get(BASE);
    expect(b.statusCode).toBe(200);
    expect(b.headers['cache-control']).toContain('no-store');
    expect(b.body).toContain('Sala d&#39;attesa virtuale');
    expect(b.body).toContain('Sei il prossimo a entrare.');
    expect(b.body).toMatch(/<meta http-equiv="refresh" content="3">/);
    const c = await third.get(BASE);
    expect(c.body).toContain('Davanti a te c&#39;è una persona.');
    // the same place on a reload, not a new ticket
    expect((await third.get(BASE)).body).toContain('Davanti a te c&#39;è una persona.');

    // a person who already has a draft goes straight on
    expect((await first.get(BASE)).statusCode).toBe(303);

    clock.advance(1100);
    expect((await second.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
    expect((await third.get(BASE)).statusCode).toBe(200);
    clock.advance(1000);
    expect((await third.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
  });

  it('leaves the other procedures alone', async () => {
    const person = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await person.get('/servizi/certificato-residenza/domanda')).statusCode).toBe(303);
  });
});
