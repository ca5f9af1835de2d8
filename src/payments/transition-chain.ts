// The payment status changes as one hash chain: every change of a position's status is
// appended with its hash and the chain's head in the settling transaction
// (payments.repository.ts insertTransition), and read back here by npm run audit:verify.
import type { DB } from '../db/database.ts';
import { transitionLinksAfter as linksAfter } from './payments.repository.ts';

export function transitionLinksAfter(db: DB, afterId: number, limit: number) {
  return linksAfter(db, afterId, limit);
}
