// The secrets of a filing without login: the anonymous applicant's code (the owner of the
// draft, shaped so it can never be a real codice fiscale or partita IVA), and the
// high-entropy tokens of the confirmation and tracking links, of which only SHA-256 hashes
// are stored. Pure apart from the random source.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** "ANON0" + 11 characters: a real codice fiscale has letters in its first six places, a partita IVA only digits. */
export const ANONYMOUS_CODE = /^ANON0[A-Z0-9]{11}$/;
/** The tokens in links: 32 random bytes, base64url. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newAnonymousCode(): string {
  let code = 'ANON0';
  for (let i = 0; i < 11; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export const isAnonymousCode = (code: string | undefined): boolean => code !== undefined && ANONYMOUS_CODE.test(code);

export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a token matches a stored hash, in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** The key the limits count an address under (lower case; the address itself is wiped later). */
export function emailKey(email: string): string {
  return createHash('sha256').update(`anonymous-email:${email.trim().toLowerCase()}`).digest('hex');
}
