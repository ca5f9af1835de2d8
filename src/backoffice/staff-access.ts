// What a member of staff may see and do on a case, from their role in its office (clerk, head,
// auditor) and the procedures they are limited to there: one pure rule that every read (queue,
// statistics, exports, the case page) and every action (lockFor) of the back office asks.
// Denied by default: an office they do not belong to, a procedure outside their limit.
import type { StaffActor } from './case-context.ts';

/** What of a case decides who sees it. */
export interface CaseScope {
  office_code: string;
  procedure_id: number;
}

/** The only procedures the actor sees in an office, or null for all of them. */
export function procedureLimit(actor: Pick<StaffActor, 'procedureLimits'>, office: string): readonly number[] | null {
  const limit = actor.procedureLimits?.[office];
  return limit && limit.length > 0 ? limit : null;
}

/** Whether the actor may see the case at all: one of their offices, and a procedure they are not kept from there. */
export function maySeeCase(actor: Pick<StaffActor, 'offices' | 'procedureLimits'>, c: CaseScope): boolean {
  if (!actor.offices.includes(c.office_code)) return false;
  const limit = procedureLimit(actor, c.office_code);
  return limit === null || limit.includes(Number(c.procedure_id));
}

/** Whether the actor only reads in the office (its auditor). */
export function readsOnlyIn(actor: Pick<StaffActor, 'readOnlyOffices'>, office: string): boolean {
  return actor.readOnlyOffices?.includes(office) ?? false;
}

/** Whether the actor may act on a case they see (any action, message, note, payment request). */
export function mayActOnCase(actor: Pick<StaffActor, 'offices' | 'procedureLimits' | 'readOnlyOffices'>, c: CaseScope): boolean {
  return maySeeCase(actor, c) && !readsOnlyIn(actor, c.office_code);
}

/** Whether the actor may act somewhere: false for someone who only audits. */
export function actsAnywhere(actor: Pick<StaffActor, 'offices' | 'readOnlyOffices'>): boolean {
  return actor.offices.some((o) => !readsOnlyIn(actor, o));
}

/** The limits of the offices listed, for a repository's filter (offices without a limit left out). */
export function limitsOf(actor: Pick<StaffActor, 'procedureLimits'>, offices: readonly string[]): Record<string, readonly number[]> {
  const out: Record<string, readonly number[]> = {};
  for (const office of offices) {
    const limit = procedureLimit(actor, office);
    if (limit) out[office] = limit;
  }
  return out;
}
