// The routing decision, as a pure function: the procedure's rules in order over the answers
// and the applicant; the first that holds names the office, none holding leaves the default.
// The decision says which rule made it (or none), so that it can be recorded with the filing
// and explained to the clerk who receives it.
import { isFilled } from '../forms/answers.ts';
import type { ApplicantType, Routing, RoutingCondition } from './rules.ts';

export interface RoutingInput {
  /** The procedure's default office (definition.office). */
  defaultOffice: string;
  routing?: Routing | undefined;
  /** The filing's answers, as the form engine stores them. */
  answers: Record<string, unknown>;
  /** Acting for a company: business; for themselves: citizen. */
  applicantType: ApplicantType;
}

export interface RoutingDecision {
  office: string;
  /** The rule that chose the office; null: the procedure's default office. */
  ruleId: string | null;
  /** The rules looked at, in order, with whether each held (the record of why). */
  evaluated: Array<{ ruleId: string; matched: boolean }>;
}

function answerAt(answers: Record<string, unknown>, path: string): unknown {
  const [name, part] = path.split('.') as [string, string | undefined];
  const value = answers[name];
  if (part === undefined) return value;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
}

/** Strings compare case- and space-insensitively (a CAP, a province code, a city name). */
function same(answer: unknown, expected: string | number | boolean): boolean {
  if (typeof answer === 'string' && typeof expected === 'string') return answer.trim().toLowerCase() === expected.trim().toLowerCase();
  return answer === expected;
}

export function evaluateRoutingCondition(condition: RoutingCondition, answers: Record<string, unknown>, applicantType: ApplicantType): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateRoutingCondition(c, answers, applicantType));
  if ('any' in condition) return condition.any.some((c) => evaluateRoutingCondition(c, answers, applicantType));
  if ('not' in condition) return !evaluateRoutingCondition(condition.not, answers, applicantType);
  if ('applicant' in condition) return condition.applicant === applicantType;
  const answer = answerAt(answers, condition.field);
  if ('equals' in condition) return same(answer, condition.equals);
  if ('notEquals' in condition) return !same(answer, condition.notEquals);
  if ('in' in condition) return condition.in.some((value) => same(answer, value));
  if ('includes' in condition) return Array.isArray(answer) && answer.includes(condition.includes);
  if ('atLeast' in condition) return typeof answer === 'number' && answer >= condition.atLeast;
  if ('below' in condition) return typeof answer === 'number' && answer < condition.below;
  return isFilled(answer) === condition.filled;
}

/** Picks the office: the first rule that holds, else the default. */
export function routeFiling(input: RoutingInput): RoutingDecision {
  const evaluated: RoutingDecision['evaluated'] = [];
  for (const rule of input.routing?.rules ?? []) {
    const matched = evaluateRoutingCondition(rule.when, input.answers, input.applicantType);
    evaluated.push({ ruleId: rule.id, matched });
    if (matched) return { office: rule.office, ruleId: rule.id, evaluated };
  }
  return { office: input.defaultOffice, ruleId: null, evaluated };
}
