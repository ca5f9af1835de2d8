// The pure parts of filing without login: the signed challenge and its proof of work (good,
// wrong, expired, forged; the replay is refused by the service, see the integration test),
// the network keys the limits count (IPv4 /24, IPv6 /56), the link tokens stored hashed, the
// anonymous code, and the rule of which procedures may allow it.
import { describe, expect, it } from 'vitest';
import { issueChallenge, leadingZeroBits, readChallenge, solve, verifyProof } from '../../../src/anonymous/proof-of-work.ts';
import { networkKey } from '../../../src/anonymous/network.ts';
import { ANONYMOUS_CODE, emailKey, hashToken, isAnonymousCode, LINK_TOKEN, newAnonymousCode, newLinkToken, tokenMatches } from '../../../src/anonymous/tokens.ts';
import { anonymousFilingProblems, procedureDefinitionSchema } from '../../../src/catalogue/definition.ts';
import { loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';

const SECRET = Buffer.alloc(32, 7);
const NOW = new Date('2026-03-02T10:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('the proof-of-work challenge', () => {
  const { token, claims } = issueChallenge(SECRET, NOW, { bits: 12, ttlMs: 60_000 });

  it('accepts a nonce that gives enough leading zero bits', () => {
    const nonce = solve(token, 12);
    expect(verifyProof(SECRET, token, { nonce }, later(1000))).toMatchObject({ ok: true, method: 'pow', claims: { id: claims.id } });
  });

  it('refuses a wrong nonce and a wrong answer', () => {
    const bad = Array.from({ length: 50 }, (_, i) => String(i)).find((n) => verifyProof(SECRET, token, { nonce: n }, NOW).ok === false)!;
    expect(verifyProof(SECRET, token, { nonce: bad }, NOW)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyProof(SECRET, token, { answer: String(claims.question[0] + claims.question[1] + 1) }, NOW)).toEqual({ ok: false, reason: 'wrong' });
    expect(verifyProof(SECRET, token, {}, NOW)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('accepts the sum answered without JavaScript', () => {
    expect(verifyProof(SECRET, token, { answer: ` ${claims.question[0] + claims.question[1]} ` }, NOW)).toMatchObject({ ok: true, method: 'question' });
  });

  it('refuses an expired challenge, even with a good nonce', () => {
    expect(verifyProof(SECRET, token, { nonce: solve(token, 12) }, later(60_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a challenge signed with another key or changed', () => {
    expect(readChallenge(Buffer.alloc(32, 8), token, NOW)).toEqual({ ok: false, reason: 'signature' });
    const [payload, signature] = token.split('.');
    const easier = Buffer.from(JSON.stringify({ ...claims, bits: 0 })).toString('base64url');
    expect(readChallenge(SECRET, `${easier}.${signature}`, NOW)).toEqual({ ok: false, reason: 'signature' });
    expect(readChallenge(SECRET, payload!, NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(readChallenge(SECRET, `${token}.x`, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('issues a different id each time (the service spends each once)', () => {
    expect(issueChallenge(SECRET, NOW, { bits: 12, ttlMs: 1 }).claims.id).not.toBe(claims.id);
  });

  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0, 0, 0x80]))).toBe(16);
    expect(leadingZeroBits(Buffer.from([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Buffer.from([0xff]))).toBe(0);
  });
});

describe('network keys', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['203.0.113.1', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:abcd:12ff::1', '2001:0db8:abcd:1200::/56'],
    ['2001:db8:abcd:1234:5678:9abc:def0:1234', '2001:0db8:abcd:1200::/56'],
    ['2001:db8::1', '2001:0db8:0000:0000::/56'],
    ['::1', '0000:0000:0000:0000::/56'],
    ['fe80::1%eth0', 'fe80:0000:0000:0000::/56'],
    ['not an address', 'unknown'],
  ])('%s -> %s', (address, key) => {
    expect(networkKey(address)).toBe(key);
  });

  it('puts the addresses of one /56 together and the next /56 apart', () => {
    expect(networkKey('2001:db8:abcd:1201::9')).toBe(networkKey('2001:db8:abcd:12ff:ffff::1'));
    expect(networkKey('2001:db8:abcd:1300::1')).not.toBe(networkKey('2001:db8:abcd:12ff::1'));
  });
});

describe('tokens and codes', () => {
  it('link tokens are 256 random bits, stored as their SHA-256 and compared in constant time', () => {
    const token = newLinkToken();
    expect(token).toMatch(LINK_TOKEN);
    expect(newLinkToken()).not.toBe(token);
    const stored = hashToken(token);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(token);
    expect(tokenMatches(token, stored)).toBe(true);
    expect(tokenMatches(newLinkToken(), stored)).toBe(false);
    expect(tokenMatches(token, 'abc')).toBe(false);
  });

  it('the anonymous code can never be a codice fiscale or a partita IVA', () => {
    const code = newAnonymousCode();
    expect(code).toMatch(ANONYMOUS_CODE);
    expect(isAnonymousCode(code)).toBe(true);
    expect(isAnonymousCode('CSRGGL44L13H501E')).toBe(false);
    expect(isAnonymousCode('01199250158')).toBe(false);
    expect(code).not.toMatch(/^[A-Z]{6}/);
  });

  it('an address counts the same whatever its case', () => {
    expect(emailKey('Ada@Example.it ')).toBe(emailKey('ada@example.it'));
  });
});

describe('which procedures may be filed without login', async () => {
  const definitions = await loadProcedureDefinitions();
  const waste = definitions.find((d) => d.slug === 'segnalazione-abbandono-rifiuti')!;

  it('the seeded reports allow it', () => {
    expect(waste.anonymousFiling).toBe(true);
    expect(definitions.find((d) => d.slug === 'segnalazione-suggerimento-reclamo')?.anonymousFiling).toBe(true);
  });

  it.each([
    ['an istanza', { kind: 'istanza' }, 'only for a segnalazione'],
    ['fees or costs', { cost: { description: { it: 'Diritti', en: 'Fees' }, amountCents: 1600 } }, 'fees or costs'],
    ['SPID level 3', { spidLevel: 3 }, 'SPID level 3'],
    ['businesses', { audience: 'businesses' }, 'for businesses'],
    ['a capped call', { maxFilings: 10 }, 'opening window or a cap'],
  ])('refuses %s', (_, change, message) => {
    const result = procedureDefinitionSchema.safeParse({ ...waste, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toContain(message);
    expect(anonymousFilingProblems({ ...waste, ...change } as typeof waste).length).toBeGreaterThan(0);
  });
});
