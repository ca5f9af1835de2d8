// When the daily deadline job runs next: at the configured hour, Rome time, across daylight
// saving changes, never right away.
import { describe, expect, it } from 'vitest';
import { msUntilNextRun } from '../../../src/backoffice/deadline-job.ts';

const H = 3_600_000;

describe('the next run of the deadline job', () => {
  it.each([
    ['2025-01-15T23:30:00Z', 1, 0.5 * H], // 00:30 in Rome (CET): 01:00 is half an hour away
    ['2025-01-15T00:30:00Z', 1, 23.5 * H], // 01:30 in Rome: tomorrow
    ['2025-07-15T22:00:00Z', 1, 1 * H], // 00:00 in Rome (CEST)
    ['2025-07-15T23:00:00Z', 1, 24 * H], // exactly 01:00: the next day, not now
    ['2025-07-15T10:00:00Z', 13, 1 * H], // 12:00 in Rome
  ])('from %s at hour %i waits %i ms', (now, hour, wait) => {
    expect(msUntilNextRun(new Date(now), hour)).toBe(wait);
  });
});
