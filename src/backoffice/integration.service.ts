// What the back office gives the API for back-office systems (src/api): the cases a system sees,
// a page at a time by their last change; one case with its current answers (the office's
// corrections applied), files and messages; and the case log read in time order for the
// webhooks. The system acts as a staff actor (StaffActor) limited to its offices and
// procedures, so the same scope rules (staff-access.ts) and the same audit apply as for a clerk.
import { currentAnswers, filingAttachments, filingOf } from '../submissions/submissions.service.ts';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { audit, staffCase, type BackofficeContext, type StaffActor } from './case-context.ts';
import { listFiles, listMessages } from './case-records.repository.ts';
import { casesChangedAfter, scopedEventsSince, type IntegrationCaseRow, type ScopedEventRow } from './case.repository.ts';
import { inScope } from './queue.repository.ts';
import { limitsOf } from './staff-access.ts';
import type { State } from './workflow.ts';

export type { IntegrationCaseRow, ScopedEventRow };

export interface IntegrationCaseQuery {
  office?: string | undefined;
  procedureId?: number | undefined;
  status?: State | undefined;
  updatedSince?: Date | undefined;
  after?: { updatedAt: string; id: number } | undefined;
  limit: number;
}

export function createIntegration(ctx: BackofficeContext) {
  const { db } = ctx;
  return {
    /** The actor's cases by last change (oldest first), one more than `limit` when there is a next page; audited. */
    async integrationCases(actor: StaffActor, query: IntegrationCaseQuery): Promise<IntegrationCaseRow[]> {
      const offices = query.office ? actor.offices.filter((o) => o === query.office) : [...actor.offices];
      const scope = inScope(sql.ref('c.office_code'), sql.ref('c.procedure_id'), offices, limitsOf(actor, offices));
      const rows = await casesChangedAfter(db, { scope, procedureId: query.procedureId, status: query.status, updatedSince: query.updatedSince, after: query.after, limit: query.limit + 1 });
      await audit(ctx, actor, 'api.cases.list', { officeCode: offices.length === 1 ? offices[0]! : null }, { rows: Math.min(rows.length, query.limit) });
      return rows;
    },

    /** One case the actor sees (404 otherwise): the current answers, corrections, files and messages; audited. */
    async integrationCase(actor: StaffActor, publicId: string) {
      const c = await staffCase(ctx, actor, publicId);
      const id = c.submission_id;
      const filing = await filingOf(db, id);
      const [current, attachments, files, messages] = await Promise.all([currentAnswers(db, filing), filingAttachments(db, id), listFiles(db, id), listMessages(db, id)]);
      await audit(ctx, actor, 'api.case.view', { submissionId: id, officeCode: c.office_code });
      return { case: c, filing, answers: current.answers, corrections: current.corrections, attachments, files, messages };
    },

    /** The state of a case the actor sees (404 otherwise), as the API answers after a transition: one read, not a view of the case. */
    async integrationCaseState(actor: StaffActor, publicId: string): Promise<string> {
      return (await staffCase(ctx, actor, publicId)).status;
    },

    /**
     * Events of every case from `since`, after the cursor, with each case's office and
     * procedure (the webhooks' job), read in the caller's transaction (its cursor's lock).
     */
    eventsForWebhooks: (trx: DB, since: Date, after: { at: string; submissionId: number; seq: number } | null, limit: number): Promise<ScopedEventRow[]> => scopedEventsSince(trx, since, after, limit),
  };
}
