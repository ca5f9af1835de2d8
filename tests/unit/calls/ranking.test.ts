// The ranking of a call: by receipt, by score with ties by receipt, the cap by number or by
// budget, and the reserve list moving up when an admitted application is excluded.
import { describe, expect, it } from 'vitest';
import { movedUp, rankApplications, type RankedInput } from '../../../src/calls/ranking.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 8, minute));
const app = (id: number, minute: number, extra: Partial<RankedInput> = {}): RankedInput => ({ submissionId: id, receivedAt: at(minute), score: null, amountCents: null, excluded: false, ...extra });
const view = (ranked: ReturnType<typeof rankApplications>) => ranked.map((r) => `${r.application.submissionId}:${r.standing}:${r.position ?? '-'}`);

describe('the ranking of a call', () => {
  it('by receipt: the first ones within the cap admitted, the rest on the reserve list in order', () => {
    const ranked = rankApplications([app(3, 2), app(1, 0), app(2, 1), app(4, 3)], { by: 'receipt', cap: 2 });
    expect(view(ranked)).toEqual(['1:admitted:1', '2:admitted:2', '3:reserve:1', '4:reserve:2']);
  });

  it('by receipt, the same second: the filing id (receipt order) decides', () => {
    expect(view(rankApplications([app(7, 0), app(5, 0)], { by: 'receipt', cap: 1 }))).toEqual(['5:admitted:1', '7:reserve:1']);
  });

  it('by score: highest first, equal scores by receipt time', () => {
    const ranked = rankApplications([app(1, 0, { score: 10 }), app(2, 1, { score: 30 }), app(3, 2, { score: 10 }), app(4, 3, { score: 20 })], { by: 'score', cap: 3 });
    expect(view(ranked)).toEqual(['2:admitted:1', '4:admitted:2', '1:admitted:3', '3:reserve:1']);
  });

  it('by budget: each one that still fits is admitted, one that does not waits on the reserve list', () => {
    const ranked = rankApplications([app(1, 0, { amountCents: 600 }), app(2, 1, { amountCents: 500 }), app(3, 2, { amountCents: 300 })], { by: 'receipt', budgetCents: 1000 });
    expect(view(ranked)).toEqual(['1:admitted:1', '3:admitted:2', '2:reserve:1']);
  });

  it('an excluded application leaves both lists and the first reserve moves up', () => {
    const apps = [app(1, 0), app(2, 1), app(3, 2), app(4, 3)];
    const before = rankApplications(apps, { by: 'receipt', cap: 2 });
    const after = rankApplications(apps.map((a) => (a.submissionId === 1 ? { ...a, excluded: true } : a)), { by: 'receipt', cap: 2 });
    expect(view(after)).toEqual(['2:admitted:1', '3:admitted:2', '4:reserve:1', '1:excluded:-']);
    expect(movedUp(before, after).map((a) => a.submissionId)).toEqual([3]);
  });

  it('excluding a reserve moves nobody into the admitted list', () => {
    const apps = [app(1, 0), app(2, 1), app(3, 2)];
    const before = rankApplications(apps, { by: 'receipt', cap: 1 });
    const after = rankApplications(apps.map((a) => (a.submissionId === 3 ? { ...a, excluded: true } : a)), { by: 'receipt', cap: 1 });
    expect(movedUp(before, after)).toEqual([]);
  });
});
