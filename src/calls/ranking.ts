// The ranking of a call: who is admitted and who is on the reserve list, worked out from the
// applications and the call's rules, never stored. Order: by receipt (receipt time, then the
// filing's id, which follows receipt order), or by score (highest first; equal scores by
// receipt). Admitted: the first ones within the cap by number, or, with a budget, each one in
// order whose amount still fits in what is left (one that does not fit waits on the reserve
// list, a later smaller one may fit). The others are the reserve list, in the same order.
// An excluded application (withdrawn, rejected, inadmissible) leaves both lists, so the first
// on the reserve list moves up.

export type Standing = 'admitted' | 'reserve' | 'excluded';

export interface RankedInput {
  submissionId: number;
  receivedAt: Date;
  score: number | null;
  amountCents: number | null;
  excluded: boolean;
}

export interface RankingRule {
  by: 'receipt' | 'score';
  /** cap by number */
  cap?: number | undefined;
  /** cap by budget, in euro cents */
  budgetCents?: number | undefined;
}

export interface Ranked<T extends RankedInput> {
  application: T;
  standing: Standing;
  /** 1-based within its list (admitted or reserve); null when excluded */
  position: number | null;
  /** 1-based in the whole ranking (admitted then reserve), null when excluded */
  rank: number | null;
}

export function compareApplications(by: RankingRule['by']) {
  return (a: RankedInput, b: RankedInput): number => {
    if (by === 'score') {
      const sa = a.score ?? Number.NEGATIVE_INFINITY;
      const sb = b.score ?? Number.NEGATIVE_INFINITY;
      if (sa !== sb) return sb - sa;
    }
    const time = a.receivedAt.getTime() - b.receivedAt.getTime();
    return time !== 0 ? time : a.submissionId - b.submissionId;
  };
}

export function rankApplications<T extends RankedInput>(applications: readonly T[], rule: RankingRule): Array<Ranked<T>> {
  const ordered = applications.filter((a) => !a.excluded).sort(compareApplications(rule.by));
  const admitted: T[] = [];
  const reserve: T[] = [];
  let left = rule.budgetCents ?? 0;
  for (const application of ordered) {
    if (rule.budgetCents !== undefined) {
      const amount = application.amountCents ?? 0;
      if (amount <= left) {
        left -= amount;
        admitted.push(application);
      } else reserve.push(application);
    } else if (rule.cap === undefined || admitted.length < rule.cap) admitted.push(application);
    else reserve.push(application);
  }
  const excluded = applications.filter((a) => a.excluded).sort(compareApplications('receipt'));
  return [
    ...admitted.map((application, i) => ({ application, standing: 'admitted' as const, position: i + 1, rank: i + 1 })),
    ...reserve.map((application, i) => ({ application, standing: 'reserve' as const, position: i + 1, rank: admitted.length + i + 1 })),
    ...excluded.map((application) => ({ application, standing: 'excluded' as const, position: null, rank: null })),
  ];
}

/** Who moved from the reserve list into the admitted list between two rankings. */
export function movedUp<T extends RankedInput>(before: ReadonlyArray<Ranked<T>>, after: ReadonlyArray<Ranked<T>>): T[] {
  const wasAdmitted = new Set(before.filter((r) => r.standing === 'admitted').map((r) => r.application.submissionId));
  return after.filter((r) => r.standing === 'admitted' && !wasAdmitted.has(r.application.submissionId)).map((r) => r.application);
}
