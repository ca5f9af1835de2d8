// Every office of the seeded catalogue has a test clerk at the bundled test identity provider
// (issue 21, bug 8): listed on the provider's login page with their name, able to log in, and
// shown their office's queue. An office added to the seeds without a clerk fails here.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PEOPLE as IDP_PEOPLE } from '../../../src/identity/test-idp/people.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/login.ts';

const offices = (parse(readFileSync('src/catalogue/seed/offices.yaml', 'utf8')) as { offices: Array<{ code: string }> }).offices.map((o) => o.code);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
});
afterAll(async () => t?.close());

describe('a test clerk for every office', () => {
  it('has at least one clerk (not only a head or an auditor) of each seeded office', () => {
    const clerkOf = (code: string) => IDP_PEOPLE.filter((p) => p.staff?.offices.includes(code) && (p.staff.roles?.[code] ?? 'clerk') === 'clerk');
    expect(offices.length).toBeGreaterThanOrEqual(12);
    expect(offices.filter((code) => clerkOf(code).length === 0)).toEqual([]);
  });

  it.each(offices)('a clerk of %s logs in and sees the office\'s queue', async (code) => {
    const person = IDP_PEOPLE.find((p) => p.staff?.offices.includes(code) && (p.staff.roles?.[code] ?? 'clerk') === 'clerk')!;
    const clerk = await loginAs(t, person.id);
    const queue = await clerk.get(`/backoffice?ufficio=${code}`);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`${person.givenName} ${person.familyName}`);
  });
});
