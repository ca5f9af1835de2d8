// The catalogue's search, query by query, in both languages: the expected first result, what
// must be among the results and what must not. Stop words match nothing, and a service that
// only mentions the words in its description does not come up when others match them in
// their titles, summaries or keywords.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const search = async (q: string, locale: 'it' | 'en') => (await t.app.services.catalogue.list({ q, locale })).items.map((i) => i.slug);

describe('the catalogue search', () => {
  it.each([
    { q: 'change of address', locale: 'en', first: 'cambio-residenza', absent: ['affido-dispersione-ceneri', 'autorizzazione-cremazione'] },
    { q: 'cambio di residenza', locale: 'it', first: 'cambio-residenza', absent: ['affido-dispersione-ceneri'] },
    { q: 'certificate of residence', locale: 'en', first: 'certificato-residenza', absent: ['affido-dispersione-ceneri'] },
    { q: 'certificato di residenza', locale: 'it', first: 'certificato-residenza', absent: [] },
    { q: 'residents parking permit', locale: 'en', first: 'abbonamento-sosta-residenti', absent: ['affido-dispersione-ceneri'] },
    { q: 'permesso di sosta', locale: 'it', first: 'abbonamento-sosta-residenti', absent: [] },
    { q: 'cremation', locale: 'en', first: 'autorizzazione-cremazione', absent: ['cambio-residenza'] },
    { q: 'cremazione', locale: 'it', first: 'autorizzazione-cremazione', absent: ['cambio-residenza'] },
    { q: 'ashes', locale: 'en', includes: 'affido-dispersione-ceneri', absent: ['cambio-residenza'] },
    { q: 'residensa', locale: 'it', includes: 'certificato-residenza', absent: [] },
  ] as Array<{ q: string; locale: 'it' | 'en'; first?: string; includes?: string; absent: string[] }>)('«$q» ($locale)', async ({ q, locale, first, includes, absent }) => {
    const found = await search(q, locale);
    if (first) expect(found[0], found.join(', ')).toBe(first);
    if (includes) expect(found).toContain(includes);
    for (const slug of absent) expect(found).not.toContain(slug);
  });

  it.each([
    ['of', 'en'],
    ['the', 'en'],
    ['di', 'it'],
    ['per il', 'it'],
  ] as Array<[string, 'it' | 'en']>)('finds nothing for the stop words «%s» (%s)', async (q, locale) => {
    expect(await search(q, locale)).toEqual([]);
  });
});
