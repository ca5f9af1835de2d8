// Opening and closing of a procedure as pure rules, and the Rome wall-clock times the builder's
// form uses (summer time included).
import { describe, expect, it } from 'vitest';
import { intakeState } from '../../../src/catalogue/intake.ts';
import { isoToRomeLocal, romeLocalToIso } from '../../../src/admin/rome-time.ts';

describe('intake window', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  it.each([
    [{}, null, 'open'],
    [{ opensAt: '2026-03-10T11:00:00+01:00' }, null, 'open'],
    [{ opensAt: '2026-03-10T12:00:00+01:00' }, null, 'notYetOpen'],
    [{ closesAt: '2026-03-10T11:00:00+01:00' }, null, 'closed'],
    [{ closesAt: '2026-03-10T11:00:01+01:00' }, null, 'open'],
    [{ maxFilings: 3 }, 2, 'open'],
    [{ maxFilings: 3 }, 3, 'full'],
    [{ opensAt: '2026-03-11T09:00:00+01:00', maxFilings: 3 }, 3, 'notYetOpen'],
  ] as const)('%j with %s filed is %s', (settings, filed, status) => {
    expect(intakeState(settings, now, filed).status).toBe(status);
  });

  it('counts the places left', () => {
    expect(intakeState({ maxFilings: 10 }, now, 4)).toMatchObject({ remaining: 6, maxFilings: 10, filed: 4 });
    expect(intakeState({ maxFilings: 10 }, now, 12)).toMatchObject({ remaining: 0, status: 'full' });
  });
});

describe('Rome wall-clock times', () => {
  it.each([
    ['2026-01-15T09:00', '2026-01-15T09:00:00+01:00'],
    ['2026-07-15T18:30', '2026-07-15T18:30:00+02:00'],
    ['2026-03-29T01:59', '2026-03-29T01:59:00+01:00'],
    ['2026-03-29T03:00', '2026-03-29T03:00:00+02:00'],
    ['2026-10-25T03:00', '2026-10-25T03:00:00+01:00'],
  ])('%s is %s', (local, iso) => {
    expect(romeLocalToIso(local)).toBe(iso);
    expect(isoToRomeLocal(iso)).toBe(local);
  });

  it('refuses times that do not exist', () => {
    for (const bad of ['2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '01/01/2026 10:00', '']) expect(romeLocalToIso(bad)).toBeNull();
  });
});
