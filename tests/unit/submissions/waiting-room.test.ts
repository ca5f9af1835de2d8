// Where a waiting-room ticket stands: nobody goes in before the room's clock starts (the call's
// opening time), the first `rate` go in at it, then `rate` more each second; the estimate is
// when the ticket's turn comes, the time to the opening included. A room without an opening
// time starts its clock at its first ticket (the ticket carries that start the same way).
import { describe, expect, it } from 'vitest';
import { placeOf, refreshSeconds } from '../../../src/submissions/waiting-room.ts';

const opening = Date.parse('2026-03-02T08:00:00Z');

describe('where a ticket stands', () => {
  it('before the opening: nobody is in, everyone sees their place and the wait to their turn', () => {
    const tenMinutesBefore = opening - 600_000;
    expect(placeOf({ rank: 1, openedAt: opening }, 2, tenMinutesBefore)).toEqual({ admitted: false, ahead: 0, waitSeconds: 600, opensAt: opening });
    expect(placeOf({ rank: 7, openedAt: opening }, 2, tenMinutesBefore)).toEqual({ admitted: false, ahead: 6, waitSeconds: 603, opensAt: opening });
    expect(placeOf({ rank: 1, openedAt: opening }, 2, opening - 1).admitted).toBe(false);
  });

  it('at the opening: the first `rate` go in at once, the next ones wait their second', () => {
    expect(placeOf({ rank: 2, openedAt: opening }, 2, opening).admitted).toBe(true);
    expect(placeOf({ rank: 3, openedAt: opening }, 2, opening)).toEqual({ admitted: false, ahead: 0, waitSeconds: 1, opensAt: null });
    expect(placeOf({ rank: 10, openedAt: opening }, 2, opening)).toEqual({ admitted: false, ahead: 7, waitSeconds: 4, opensAt: null });
  });

  it('after the opening: `rate` more each second, in ticket order, and the estimate is when the turn comes', () => {
    expect(placeOf({ rank: 10, openedAt: opening }, 2, opening + 3999).admitted).toBe(false);
    expect(placeOf({ rank: 10, openedAt: opening }, 2, opening + 4000).admitted).toBe(true);
    // the 1000th ticket at half a person a second goes in 1999 s after the opening
    expect(placeOf({ rank: 1000, openedAt: opening }, 0.5, opening).waitSeconds).toBe(1999);
    expect(placeOf({ rank: 1000, openedAt: opening }, 0.5, opening + 1_998_000).admitted).toBe(false);
    expect(placeOf({ rank: 1000, openedAt: opening }, 0.5, opening + 1_999_000).admitted).toBe(true);
    // the estimate shown is honest: waiting exactly that long lets the ticket in
    for (const rank of [3, 11, 250, 4001]) {
      for (const rate of [1, 3, 7.5]) {
        const now = opening + 1234;
        const place = placeOf({ rank, openedAt: opening }, rate, now);
        if (place.admitted) continue;
        expect(placeOf({ rank, openedAt: opening }, rate, now + place.waitSeconds * 1000).admitted).toBe(true);
        expect(placeOf({ rank, openedAt: opening }, rate, now + (place.waitSeconds - 1) * 1000 - 1).admitted).toBe(false);
      }
    }
  });

  it('without an opening time: the clock starts at the first ticket, as a ticket taken then carries it', () => {
    const firstTicketAt = 1_000_000;
    expect(placeOf({ rank: 1, openedAt: firstTicketAt }, 1, firstTicketAt).admitted).toBe(true);
    expect(placeOf({ rank: 2, openedAt: firstTicketAt }, 1, firstTicketAt)).toEqual({ admitted: false, ahead: 0, waitSeconds: 1, opensAt: null });
    expect(placeOf({ rank: 2, openedAt: firstTicketAt }, 1, firstTicketAt + 1000).admitted).toBe(true);
  });

  it('reloads soon when the turn is near, at most every 30 seconds', () => {
    expect(refreshSeconds({ admitted: false, ahead: 0, waitSeconds: 1, opensAt: null })).toBe(3);
    expect(refreshSeconds({ admitted: false, ahead: 900, waitSeconds: 1999, opensAt: null })).toBe(30);
    expect(refreshSeconds({ admitted: false, ahead: 0, waitSeconds: 600, opensAt: opening })).toBe(30);
  });
});
