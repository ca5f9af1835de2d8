// Bulk actions on the queue: the same action (take in charge, assign to a colleague) on many
// cases, each through the case actions of one case (its own transaction, its own event), so a
// refusal on one leaves the others done. A case outside the clerk's offices, or no case at all,
// is skipped as the 404 it would be alone: never acted on, and not named back.
import { NotFoundError } from '../platform/errors.ts';
import { createCaseActions } from './case-actions.service.ts';
import { CaseInputError, staffCase, WorkflowRefusedError, type BackofficeContext, type StaffActor } from './case-context.ts';
import { protocolLabel } from './case-notices.ts';
import { filingOf } from '../submissions/submissions.service.ts';
import type { Refusal } from './workflow.ts';

export type BulkAction = { kind: 'take' } | { kind: 'assign'; assignee: string };

export interface BulkOutcome {
  done: Array<{ publicId: string; protocol: string | null }>;
  /** refused: the case's protocol and the message key of the reason */
  refused: Array<{ publicId: string; protocol: string | null; reasonKey: string }>;
  /** ids that are no case of the clerk's offices */
  skipped: number;
}

// Taking and assigning have no guards in the workflow table: only the role or the state refuses them.
const BULK_REFUSALS: Partial<Record<Refusal, string>> = { role: 'worklists.refusal.role', state: 'worklists.refusal.state' };

/** At most this many cases in one bulk action (a page of the queue is 50). */
export const BULK_MAX = 200;

export function createBulk(ctx: BackofficeContext) {
  const actions = createCaseActions(ctx);
  return {
    async bulk(actor: StaffActor, action: BulkAction, publicIds: readonly string[]): Promise<BulkOutcome> {
      const outcome: BulkOutcome = { done: [], refused: [], skipped: 0 };
      for (const publicId of [...new Set(publicIds)].slice(0, BULK_MAX)) {
        let protocol: string | null;
        try {
          const c = await staffCase(ctx, actor, publicId);
          protocol = protocolLabel(await filingOf(ctx.db, c.submission_id));
        } catch (error) {
          if (error instanceof NotFoundError) {
            outcome.skipped++;
            continue;
          }
          throw error;
        }
        try {
          if (action.kind === 'take') await actions.take(actor, publicId);
          else await actions.assign(actor, publicId, action.assignee);
          outcome.done.push({ publicId, protocol });
        } catch (error) {
          if (error instanceof WorkflowRefusedError) outcome.refused.push({ publicId, protocol, reasonKey: BULK_REFUSALS[error.reason] ?? 'worklists.refusal.other' });
          else if (error instanceof CaseInputError) outcome.refused.push({ publicId, protocol, reasonKey: error.messageKey });
          else if (error instanceof NotFoundError) outcome.skipped++;
          else throw error;
        }
      }
      return outcome;
    },
  };
}
