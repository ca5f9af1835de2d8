// Satisfaction: the votes on the portal's pages ("how clear is this page?") and on the service a
// person received once their filing was decided, kept only as daily counts (no person, no
// filing, no free text: docs/satisfaction.md says why), and the sums the back office's
// statistics and the public figures read. A filing's service is rated once, by whoever has the
// full right on it, and only after the office decided it.
import type { ApplicantActor, BackofficeService } from '../backoffice/backoffice.service.ts';
import type { DB } from '../db/database.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import * as repo from './feedback.repository.ts';
import { reasonsFor, SMALL_COUNT, type Reason } from './rating.ts';
import { createFigures } from './figures.ts';

export interface Vote {
  stars: number;
  /** a code of reasonsFor(stars), or null when the person skipped the question */
  reason: Reason | null;
}

/** A vote whose reason is not one of those its stars offer (the routes' parsing says which). */
export class ReasonMismatchError extends ConflictError {
  override readonly pageKey = 'feedback.error.reason';
}

function checked(vote: Vote): string {
  if (vote.reason !== null && !reasonsFor(vote.stars).includes(vote.reason)) throw new ReasonMismatchError('reason not offered for these stars');
  return vote.reason ?? '';
}

/**
 * The after-outcome rating per procedure and office over the days in [from, to), for the back
 * office's statistics: the mean stars and the number of votes; the mean is withheld under five
 * votes, where it would tell a clerk what one person answered.
 */
export async function serviceRatingsOf(db: DB, from: string, to: string) {
  const sums = await repo.serviceRatingSums(db, from, to);
  const byKey = new Map(sums.map((s) => [`${s.procedure_id}|${s.office_code}`, s]));
  return (procedureId: number, officeCode: string): { rating: number | null; ratings: number } => {
    const found = byKey.get(`${procedureId}|${officeCode}`);
    if (!found) return { rating: null, ratings: 0 };
    return { rating: found.votes < SMALL_COUNT ? null : Math.round((found.stars / found.votes) * 10) / 10, ratings: found.votes };
  };
}

export function createFeedbackService(db: DB, options: { clock: Clock; backoffice: Pick<BackofficeService, 'applicantCase' | 'figuresByArea'> }) {
  const { clock, backoffice } = options;
  const today = () => romeDate(clock());

  return {
    /** One vote on a page kind (the routes check that the kind is one of the portal's pages). */
    async votePage(page: string, vote: Vote): Promise<void> {
      const reason = checked(vote);
      await repo.addPageVote(db, { day: today(), page, stars: vote.stars, reason });
    },

    /**
     * Whether the person's request page offers the after-outcome rating: 'offer' once decided and
     * not yet rated, 'done' once rated, null before the decision.
     */
    async serviceRatingState(submissionId: number, decided: boolean): Promise<'offer' | 'done' | null> {
      if (!decided) return null;
      return (await repo.serviceRated(db, submissionId)) ? 'done' : 'offer';
    },

    /** The decided filing this person may rate (404 for anyone else's, 409 before the decision or once rated). */
    async ratableFiling(applicant: ApplicantActor, publicId: string) {
      const found = await backoffice.applicantCase(applicant, publicId);
      if (!found.view.case.decided_at) throw new NotFoundError('not decided');
      return { ...found, rated: await repo.serviceRated(db, found.submissionId) };
    },

    /** The after-outcome vote on the person's decided filing, once: the mark and the count in one transaction. */
    async rateService(applicant: ApplicantActor, publicId: string, vote: Vote): Promise<'rated' | 'already'> {
      const reason = checked(vote);
      const found = await backoffice.applicantCase(applicant, publicId);
      const c = found.view.case;
      if (!c.decided_at) throw new NotFoundError('not decided');
      return db.transaction().execute(async (trx) => {
        if (!(await repo.markServiceRated(trx, found.submissionId))) return 'already';
        await repo.addServiceVote(trx, { day: today(), procedure_id: c.procedure_id, office_code: c.office_code, stars: vote.stars, reason });
        return 'rated';
      });
    },

    /** The comune's service figures (the public page), at most a minute old. */
    ...createFigures(db, { clock, backoffice }),
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
