// Staff alerts, the pure rules: which event of a case's log makes which alert (one table keyed
// by the event's kind and its action or direction, to extend when the workflow logs new
// things), who receives it (a named colleague, the case's assignee, or every clerk of the
// office; never the person who caused the event), when a due date is worth an alert, and how
// each person wants to hear of each kind. No SQL, no clock.
import { addDays } from '../platform/time.ts';
import type { AlertDelivery, AlertKind } from './staff-alerts.table.ts';

/** The part of a logged event the rules read (a row of case_events). */
export interface LoggedEvent {
  kind: string;
  actor_fiscal_code: string | null;
  data: Record<string, unknown>;
}

/**
 * Who an alert is for: `office` every clerk of an office (the one `office` names, else the
 * case's), `assignee-or-office` the case's assignee if they still work in its office, else every
 * clerk of it, `person` the colleague `person` names.
 */
export type Audience = 'office' | 'assignee-or-office' | 'person';

export interface EventRule {
  alert: AlertKind;
  audience: Audience;
  office?: (data: Record<string, unknown>) => unknown;
  person?: (data: Record<string, unknown>) => unknown;
}

/**
 * The events that make an alert, by `kind`, or `kind:action` for transitions and
 * `kind:direction` for messages (the specific key wins). Anything else makes none. The
 * applicant's answer to an integration request or a notice of refusal is logged twice (the
 * transition `answer_*` and the message that carries it): the message alerts, once.
 */
export const EVENT_ALERTS: Readonly<Record<string, EventRule>> = {
  // a new filing in the office: the case's first event, and a case forwarded to the office
  filed: { alert: 'new_filing', audience: 'office', office: (d) => d.office },
  forwarded: { alert: 'new_filing', audience: 'office', office: (d) => d.toOffice },
  // the applicant wrote: an answer to a request, or a message of their own
  'message:to-office': { alert: 'applicant_reply', audience: 'assignee-or-office' },
  // a colleague gave the case to someone (taking it oneself is not news to oneself)
  assigned: { alert: 'assigned', audience: 'person', person: (d) => d.assignee },
};

/** The rule for an event, or undefined: it makes no alert. */
export function ruleFor(event: LoggedEvent): EventRule | undefined {
  const qualifier = event.kind === 'transition' ? event.data.action : event.kind === 'message' ? event.data.direction : undefined;
  if (typeof qualifier === 'string') {
    const specific = EVENT_ALERTS[`${event.kind}:${qualifier}`];
    if (specific) return specific;
  }
  return Object.hasOwn(EVENT_ALERTS, event.kind) ? EVENT_ALERTS[event.kind] : undefined;
}

/** The office whose clerks the rule looks at: the one the event names, else the case's. */
export function officeFor(rule: EventRule, event: LoggedEvent, caseOffice: string): string {
  const named = rule.office?.(event.data);
  return typeof named === 'string' && named ? named : caseOffice;
}

/** The case's assignee if they are still a clerk of its office, else every clerk of it. */
export function responsibleOf(assignee: string | null, clerks: readonly string[]): string[] {
  return assignee && clerks.includes(assignee) ? [assignee] : [...clerks];
}

/**
 * Who receives the event's alert: `clerks` are the active clerks of officeFor(...), `assignee`
 * the case's now. The person who caused the event is left out.
 */
export function recipientsOf(rule: EventRule, event: LoggedEvent, context: { assignee: string | null; clerks: readonly string[] }): string[] {
  let to: string[];
  if (rule.audience === 'person') {
    const person = rule.person?.(event.data);
    to = typeof person === 'string' && person ? [person] : [];
  } else if (rule.audience === 'assignee-or-office') {
    to = responsibleOf(context.assignee, context.clerks);
  } else {
    to = [...context.clerks];
  }
  return [...new Set(to)].filter((fiscalCode) => fiscalCode !== event.actor_fiscal_code);
}

/** The alert a due date is worth on `today` for someone who wants `days` of notice, or null. */
export function deadlineAlert(dueDate: string, today: string, days: number): 'deadline_soon' | 'deadline_overdue' | null {
  if (dueDate < today) return 'deadline_overdue';
  if (dueDate <= addDays(today, days)) return 'deadline_soon';
  return null;
}

/** The most days of notice a person may ask for (the scan reads that far ahead). */
export const MAX_DEADLINE_DAYS = 60;
export const DEFAULT_DEADLINE_DAYS = 5;

/** What a person chooses about, per kind (both deadline alerts are one choice). */
export const PREFERENCE_KINDS = ['new_filing', 'applicant_reply', 'assigned', 'deadline'] as const;
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];
export const DELIVERIES: readonly AlertDelivery[] = ['immediate', 'digest', 'backoffice'];

export function preferenceKindOf(kind: AlertKind): PreferenceKind {
  return kind === 'deadline_soon' || kind === 'deadline_overdue' ? 'deadline' : kind;
}

/**
 * Until a person chooses: what concerns them alone (their assignment, the applicant's reply on
 * their case) comes at once, the office's news and the deadlines in the daily digest.
 */
export const DEFAULT_DELIVERY: Readonly<Record<PreferenceKind, AlertDelivery>> = {
  new_filing: 'digest',
  applicant_reply: 'immediate',
  assigned: 'immediate',
  deadline: 'digest',
};

/** A person's stored choices completed with the defaults (an unknown stored value counts as absent). */
export function deliveriesOf(stored: Partial<Record<string, unknown>> | undefined): Record<PreferenceKind, AlertDelivery> {
  const result = { ...DEFAULT_DELIVERY };
  for (const kind of PREFERENCE_KINDS) {
    const value = stored?.[kind];
    if (typeof value === 'string' && (DELIVERIES as readonly string[]).includes(value)) result[kind] = value as AlertDelivery;
  }
  return result;
}
