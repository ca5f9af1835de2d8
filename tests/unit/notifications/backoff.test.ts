import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from '../../../src/notifications/worker.ts';

describe('exponential backoff', () => {
  it('doubles at each attempt from the base', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 30_000, { jitter: 0 }))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('stops growing at the cap', () => {
    expect(backoffDelay(40, 30_000, { jitter: 0 })).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(3, 1000, { jitter: 0, maxMs: 2500 })).toBe(2500);
  });

  it('adds at most the jitter fraction', () => {
    expect(backoffDelay(1, 1000, { jitter: 0.1, random: () => 0 })).toBe(1000);
    expect(backoffDelay(1, 1000, { jitter: 0.1, random: () => 0.999 })).toBe(1100);
  });
});
