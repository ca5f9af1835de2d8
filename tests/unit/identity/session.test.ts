// Session rules: the idle and absolute limits, random state/nonce, and where returnTo may lead.
import { describe, expect, it } from 'vitest';
import { randomAlphanumeric, safeReturnTo, sessionStatus } from '../../../src/identity/session.ts';

const MINUTE = 60_000;
const limits = { idleMinutes: 30, maxHours: 12 };

describe('sessionStatus', () => {
  it('active, idle after 30 minutes unused, expired 12 hours after login', () => {
    const login = 1_000_000_000_000;
    expect(sessionStatus({ authenticatedAt: login, seenAt: login }, login + 29 * MINUTE, limits)).toBe('active');
    expect(sessionStatus({ authenticatedAt: login, seenAt: login }, login + 30 * MINUTE, limits)).toBe('idle');
    expect(sessionStatus({ authenticatedAt: login, seenAt: login + 700 * MINUTE }, login + 719 * MINUTE, limits)).toBe('active');
    expect(sessionStatus({ authenticatedAt: login, seenAt: login + 719 * MINUTE }, login + 720 * MINUTE, limits)).toBe('expired');
  });

  it('treats nonsense timestamps as expired', () => {
    expect(sessionStatus({ authenticatedAt: Number.NaN, seenAt: 0 }, 0, limits)).toBe('expired');
  });
});

describe('randomAlphanumeric', () => {
  it('gives 48 alphanumeric characters, different each time', () => {
    const a = randomAlphanumeric();
    expect(a).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(randomAlphanumeric()).not.toBe(a);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/servizi', '/servizi'],
    ['/servizi/x?q=a%20b#top', '/servizi/x?q=a%20b#top'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    // normalised paths that would become protocol-relative
    ['/.//evil.example/x', '/'],
    ['/%2e//evil.example', '/'],
    ['/..//evil.example', '/'],
    ['/a/..//evil.example', '/'],
    ['/%5Cevil', '/%5Cevil'],
    ['/\tevil', '/'],
    ['javascript:alert(1)', '/'],
    ['servizi', '/'],
    ['/auth/login?returnTo=/x', '/'],
    ['', '/'],
    [undefined, '/'],
    [`/${'a'.repeat(2100)}`, '/'],
  ])('%s -> %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
