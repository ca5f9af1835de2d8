// The challenge a person without login answers before a filing is held for confirmation, in
// place of a third-party CAPTCHA. The server signs (HMAC-SHA-256) a challenge with an id, an
// expiry, a difficulty and a small sum; the browser finds a nonce such that
// SHA-256("<challenge>:<nonce>") starts with `bits` zero bits (public/js/anonymous-pow.js, a few
// seconds of work), or, without JavaScript, the person answers the sum written on the page. The
// answer is checked here; the service spends the id once (single use). Pure: no I/O, no clock.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ChallengeClaims {
  /** random id, spent once */
  id: string;
  /** expiry, ms since the epoch */
  expiresAt: number;
  /** leading zero bits the proof of work needs */
  bits: number;
  /** the sum asked without JavaScript */
  question: [number, number];
}

export type ProofAnswer = { nonce?: string | undefined; answer?: string | undefined };
export type ProofOutcome = { ok: true; claims: ChallengeClaims; method: 'pow' | 'question' } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'wrong' };

const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** A new signed challenge; `random` is injectable so tests can fix it. */
export function issueChallenge(secret: Buffer, now: Date, options: { bits: number; ttlMs: number }, random: (n: number) => Buffer = randomBytes): { token: string; claims: ChallengeClaims } {
  const bytes = random(18);
  const claims: ChallengeClaims = {
    id: bytes.subarray(0, 16).toString('base64url'),
    expiresAt: now.getTime() + options.ttlMs,
    bits: options.bits,
    // two small numbers, so the sum is easy to do in one's head
    question: [1 + (bytes[16]! % 9), 1 + (bytes[17]! % 9)],
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return { token: `${payload}.${mac(secret, payload)}`, claims };
}

/** The claims of a challenge the server signed, or why not. */
export function readChallenge(secret: Buffer, token: string, now: Date): { ok: true; claims: ChallengeClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' } {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 1000) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  let claims: ChallengeClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ChallengeClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.expiresAt <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** How many leading bits of the digest are zero. */
export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powDigest(token: string, nonce: string): Buffer {
  return createHash('sha256').update(`${token}:${nonce}`).digest();
}

/** Checks the proof of work (a nonce) or, failing that, the answer to the sum. Not single use: the caller spends the id. */
export function verifyProof(secret: Buffer, token: string, given: ProofAnswer, now: Date): ProofOutcome {
  const read = readChallenge(secret, token, now);
  if (!read.ok) return read;
  const { claims } = read;
  const nonce = given.nonce?.trim() ?? '';
  if (/^[0-9]{1,12}$/.test(nonce) && leadingZeroBits(powDigest(token, nonce)) >= claims.bits) return { ok: true, claims, method: 'pow' };
  const answer = given.answer?.trim() ?? '';
  if (/^[0-9]{1,3}$/.test(answer) && Number(answer) === claims.question[0] + claims.question[1]) return { ok: true, claims, method: 'question' };
  return { ok: false, reason: 'wrong' };
}

/** A nonce that solves the challenge (what the browser's script does; used by tests and benchmarks). */
export function solve(token: string, bits: number): string {
  for (let nonce = 0; ; nonce++) if (leadingZeroBits(powDigest(token, String(nonce))) >= bits) return String(nonce);
}
