// Signed notifications: HMAC-SHA256 over "timestamp.body" with the shared secret, sent as
// `t=<unix seconds>,v1=<hex>`. A timestamp too far from now is refused, so an old message
// captured on the way cannot be replayed later (idempotency covers replays within the window).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-payment-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `now` in milliseconds: the signer's clock. */
export function sign(secret: string, body: string, now: number): string {
  const t = Math.floor(now / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** `now` in milliseconds: the receiver's clock, against which the timestamp is checked. */
export function verifySignature(secret: string, body: string, header: string | string[] | undefined, now: number): boolean {
  if (typeof header !== 'string') return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1;
  if (!Number.isInteger(t) || typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
