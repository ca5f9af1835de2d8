// The rating's pure rules: the reasons offered by stars, the page kind a vote counts under (no
// filing's id, no person's path), the way back that stays on the portal, small counts hidden.
import { describe, expect, it } from 'vitest';
import { kindMatches, NEGATIVE_REASONS, pageKind, POSITIVE_REASONS, reasonKey, reasonsFor, safeReturnTo, shownCount, shownShare } from '../../../src/feedback/rating.ts';
import { messages } from '../../../src/messages.ts';

describe('reasons by stars', () => {
  it.each([
    [1, NEGATIVE_REASONS],
    [2, NEGATIVE_REASONS],
    [3, NEGATIVE_REASONS],
    [4, POSITIVE_REASONS],
    [5, POSITIVE_REASONS],
  ])('%i stars offer their list', (stars, list) => {
    expect(reasonsFor(stars)).toBe(list);
  });

  it('has a text for every reason in Italian and English', () => {
    for (const stars of [1, 5]) {
      for (const reason of reasonsFor(stars)) {
        const key = reasonKey(stars, reason) as keyof typeof messages.it;
        expect(messages.it[key], key).toBeTruthy();
        expect(messages.en[key], key).toBeTruthy();
      }
    }
    expect(messages.it[reasonKey(2, 'unclear') as keyof typeof messages.it]).toBe('A volte le indicazioni non erano chiare');
    expect(messages.it[reasonKey(5, 'clear') as keyof typeof messages.it]).toBe('Le indicazioni erano chiare');
  });
});

describe('the page kind', () => {
  it.each([
    ['/', {}, '/'],
    ['/servizi/:slug', { slug: 'certificato-residenza' }, '/servizi/certificato-residenza'],
    ['/servizi/:slug/domanda/:step', { slug: 'bonus-affitto', step: 'dati' }, '/servizi/bonus-affitto/domanda/:step'],
    ['/area-personale/richieste/:publicId', { publicId: '3f2a8c1e-0000-4000-8000-000000000001' }, '/area-personale/richieste/:publicId'],
    ['/area-personale/bozze/:id', { id: 'abc' }, '/area-personale/bozze/:id'],
    // a slug that is not one keeps its name
    ['/servizi/:slug', { slug: 'RSSMRA80A01H501U@x' }, '/servizi/:slug'],
  ])('%s becomes its kind', (pattern, params, kind) => {
    expect(pageKind(pattern, params)).toBe(kind);
  });

  it('is null without a route', () => {
    expect(pageKind(undefined, {})).toBeNull();
  });

  it('matches only the pages of its pattern', () => {
    expect(kindMatches('/area-personale/richieste/:publicId', '/area-personale/richieste/abc')).toBe(true);
    expect(kindMatches('/servizi/:slug', '/servizi/a/b')).toBe(false);
    expect(kindMatches('/servizi/:slug', '/')).toBe(false);
    expect(kindMatches('/', '/')).toBe(true);
  });
});

describe('the way back', () => {
  it.each([
    ['/', '/'],
    ['/servizi?q=carta&lang=en', '/servizi?q=carta&lang=en'],
    ['/area-personale/richieste/abc', '/area-personale/richieste/abc'],
  ])('keeps the local path %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'servizi', '', '/a\nb', 42, null])('refuses %s', (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });
});

describe('small counts', () => {
  it('shows "fewer than 5" for 1 to 4, the count otherwise', () => {
    expect(shownCount(0)).toEqual({ kind: 'count', value: 0 });
    expect(shownCount(1)).toEqual({ kind: 'small' });
    expect(shownCount(4)).toEqual({ kind: 'small' });
    expect(shownCount(5)).toEqual({ kind: 'count', value: 5 });
  });

  it('computes no share on fewer than 5', () => {
    expect(shownShare(4, 4)).toBeNull();
    expect(shownShare(0, 0)).toBeNull();
    expect(shownShare(4, 5)).toBe(80);
    expect(shownShare(2, 3)).toBeNull();
  });
});
