// The secrets of the API: client secrets, access tokens and webhook signing secrets, made from
// 256 bits (192 for signing keys) of the system's random source, and how the stored ones are
// kept. A client secret and a token are stored as their SHA-256: they are random, so there is
// nothing to guess from a leaked hash and no slow hash is needed (a slow hash protects
// passwords people chose). Comparison is in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Whether `secret` is the one stored as `hash` (constant time). */
export function secretMatches(secret: string, hash: string | null): boolean {
  if (!hash) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A client secret: shown once to the administrator, never stored as it is. */
export const newClientSecret = (): string => `spcs_${randomBytes(32).toString('base64url')}`;

/** An opaque bearer access token. */
export const newAccessToken = (): string => `spat_${randomBytes(32).toString('base64url')}`;

/** A webhook signing secret as Standard Webhooks writes it: whsec_ and the base64 key. */
export const newSigningSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/** A client id readable in the case log: the name's letters and a random suffix. */
export function newClientId(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return `${base || 'client'}-${randomBytes(3).toString('hex')}`;
}
