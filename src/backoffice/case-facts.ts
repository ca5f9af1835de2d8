// Facts other domains record on a case's log, by the system: what happened to a notice with
// legal value after it left (sent by PEC, the provider's receipts, no digital domicile). They
// join the hash-chained log like any event, so the Storico tab and the applicant's timeline show
// them and the chain covers them.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendEvent, lockCase } from './case.repository.ts';

/** Appends a system event to the filing's case, in the caller's transaction; false when the filing has no case. */
export async function appendCaseFact(trx: Transaction<Database>, submissionId: number, fact: { kind: string; at: Date; data: Record<string, unknown> }): Promise<boolean> {
  const c = await lockCase(trx, submissionId);
  if (!c) return false;
  await appendEvent(trx, c, { at: fact.at, actorKind: 'system', actorFiscalCode: null, actorName: null, kind: fact.kind, fromState: c.status, toState: c.status, reason: null, data: fact.data });
  return true;
}
