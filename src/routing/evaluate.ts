// The routing decision, as a pure function: the procedure's rules in order over the answers
// and the applicant; the first that holds names the office, none holding leaves the default.
// The decision says which rule made it (or none), so that it can be recorded with the filing
// and explained to the clerk who receives it.
import { evaluateCondition, type ConditionEnv } from '../forms/conditions.ts';
import type { ApplicantFact, ApplicantType, Routing, RoutingCondition } from './rules.ts';

export interface RoutingInput {
  /** The procedure's default office (definition.office). */
  defaultOffice: string;
  routing?: Routing | undefined;
  /** The filing's answers, as the form engine stores them. */
  answers: Record<string, unknown>;
  /** Acting for a company: business; for themselves: citizen. */
  applicantType: ApplicantType;
  /** today and the form's computed values (forms/computed.ts formEnv), for rules that read them */
  env?: ConditionEnv | undefined;
}

export interface RoutingDecision {
  office: string;
  /** The rule that chose the office; null: the procedure's default office. */
  ruleId: string | null;
  /** The rules looked at, in order, with whether each held (the record of why). */
  evaluated: Array<{ ruleId: string; matched: boolean }>;
}

/** The rule's condition over the answers, with the applicant type as the one fact it may test. */
export function evaluateRoutingCondition(condition: RoutingCondition, answers: Record<string, unknown>, applicantType: ApplicantType, env: ConditionEnv = {}): boolean {
  return evaluateCondition(condition, answers, (fact: ApplicantFact) => fact.applicant === applicantType, env);
}

/** Picks the office: the first rule that holds, else the default. */
export function routeFiling(input: RoutingInput): RoutingDecision {
  const evaluated: RoutingDecision['evaluated'] = [];
  for (const rule of input.routing?.rules ?? []) {
    const matched = evaluateRoutingCondition(rule.when, input.answers, input.applicantType, input.env);
    evaluated.push({ ruleId: rule.id, matched });
    if (matched) return { office: rule.office, ruleId: rule.id, evaluated };
  }
  return { office: input.defaultOffice, ruleId: null, evaluated };
}
