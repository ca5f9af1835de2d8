import { describe, expect, it } from 'vitest';
import { canMoveAttempt, canMovePosition } from '../../../src/payments/payment-state.ts';
import { POSITION_STATUSES } from '../../../src/payments/payments.table.ts';
import { sign, verifySignature } from '../../../src/payments/providers/signature.ts';

describe('payment lifecycles', () => {
  it('a position moves forward only, and paid is final', () => {
    expect(canMovePosition('pending', 'paid')).toBe(true);
    expect(canMovePosition('pending', 'expired')).toBe(true);
    expect(canMovePosition('expired', 'paid')).toBe(true); // a late receipt: the money was taken
    for (const status of POSITION_STATUSES) {
      expect(canMovePosition('paid', status)).toBe(false);
      expect(canMovePosition(status, 'pending')).toBe(false);
    }
    expect(canMovePosition('expired', 'cancelled')).toBe(false);
  });

  it('an attempt is pending, then paid, failed or expired', () => {
    expect(canMoveAttempt('pending', 'failed')).toBe(true);
    expect(canMoveAttempt('failed', 'pending')).toBe(false);
    expect(canMoveAttempt('paid', 'failed')).toBe(false);
    expect(canMoveAttempt('failed', 'paid')).toBe(true);
  });
});

describe('notification signatures', () => {
  const secret = 'a-shared-secret-of-at-least-32-characters';
  const body = '{"eventId":"1"}';

  it('accept the body signed with the secret, within five minutes', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(verifySignature(secret, body, sign(secret, body, now), now)).toBe(true);
    expect(verifySignature(secret, body, sign(secret, body, now - 240_000), now)).toBe(true);
    expect(verifySignature(secret, body, sign(secret, body, now - 360_000), now)).toBe(false);
  });

  it('refuse another secret, another body, or no header', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(verifySignature(secret, body, sign('another-secret-of-at-least-32-characters', body, now), now)).toBe(false);
    expect(verifySignature(secret, `${body} `, sign(secret, body, now), now)).toBe(false);
    expect(verifySignature(secret, body, undefined, now)).toBe(false);
    expect(verifySignature(secret, body, 't=1,v1=zz', now)).toBe(false);
    expect(verifySignature(secret, body, ['a', 'b'], now)).toBe(false);
  });
});
