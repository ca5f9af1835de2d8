// Conditions: the one language that says when something applies, over the answers already
// given and, where a caller plugs them in, over facts about the filing (the routing rules use
// the applicant type). Steps and fields (showIf), fee items (when) and routing rules (when) all
// use it, and the builder's condition editor writes it. This module holds its shape (a zod
// schema), the evaluator, the walk over its leaves and the sentence that tells a person when
// to answer; condition-checks.ts checks a condition against the fields it names.
//
// Equality, one rule everywhere: two strings are equal when they are equal once trimmed and
// lowercased; any other pair compares strictly (a number with a number, a boolean with a
// boolean, never across types). Why: routing compares answers people type (a CAP, a province
// code, a city name: "Piacenza " and "piacenza" are the same place), while option values are
// lowercase machine codes and yes/no answers are booleans, so a form loses nothing by the same
// rule; and a condition copied from a form into a fee or a routing rule keeps its meaning.
import { z } from 'zod';
import { isFilled } from './answers.ts';
import type { FieldDefinition } from './definition.ts';
import { localize, t, type Locale } from './messages.ts';

export type ConditionValue = string | number | boolean;

/** A test of one answer (or of one part of a composite answer: `indirizzo.cap`). */
export type FieldCondition =
  | { field: string; equals: ConditionValue }
  | { field: string; notEquals: ConditionValue }
  | { field: string; in: ConditionValue[] }
  | { field: string; includes: string }
  | { field: string; filled: boolean }
  | { field: string; atLeast: number }
  | { field: string; below: number };

/**
 * A condition: tests of answers (and of the facts `Fact` a caller plugs in), combined with
 * all / any / not. A missing answer equals nothing, is in no list, includes nothing and
 * compares with no number: so `notEquals` and `not` hold for it. Numbers compare as stored:
 * money in euro cents.
 */
export type Condition<Fact = never> = FieldCondition | Fact | { all: Array<Condition<Fact>> } | { any: Array<Condition<Fact>> } | { not: Condition<Fact> };

/** The operators of a test of an answer, as the builder names them. */
export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'filled', 'atLeast', 'below'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Names are stable keys of the stored answers: lowerCamelCase, ASCII. */
export const fieldNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'use lowerCamelCase letters and digits, starting with a letter');

/** A field, or a part of a composite one: `importo`, `indirizzo.cap`. */
export const fieldPathSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,62}(\.[a-z][a-zA-Z0-9]{0,62})?$/, 'a field name, or field.part for a part of an address or cadastral field');

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * The schema of conditions whose tests name answers by `subject` (field names, or field paths
 * with parts) and which may also test the given facts (each a strict object schema).
 */
export function conditionSchemaOf<Fact>(subject: z.ZodString, facts: Array<z.ZodType<Fact>> = []): z.ZodType<Condition<Fact>> {
  const schema: z.ZodType<Condition<Fact>> = z.lazy(() =>
    z.union([
      ...facts,
      z.object({ field: subject, equals: scalar }).strict(),
      z.object({ field: subject, notEquals: scalar }).strict(),
      z.object({ field: subject, in: z.array(scalar).min(1) }).strict(),
      z.object({ field: subject, includes: z.string() }).strict(),
      z.object({ field: subject, filled: z.boolean() }).strict(),
      z.object({ field: subject, atLeast: z.number() }).strict(),
      z.object({ field: subject, below: z.number() }).strict(),
      z.object({ all: z.array(schema).min(1) }).strict(),
      z.object({ any: z.array(schema).min(1) }).strict(),
      z.object({ not: schema }).strict(),
    ] as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]]),
  );
  return schema;
}

/** The conditions of a form and its fees: over the answers, by field (or field.part). */
export const conditionSchema: z.ZodType<Condition> = conditionSchemaOf(fieldPathSchema);

/** Decides a fact a caller plugged in (e.g. "the applicant is a business"). */
export type FactTest<Fact> = (fact: Fact) => boolean;

const isFieldCondition = (condition: object): condition is FieldCondition => 'field' in condition;

/** Two values are the same by the module's one rule of equality (see the top). */
export function sameValue(answer: unknown, expected: ConditionValue): boolean {
  if (typeof answer === 'string' && typeof expected === 'string') return answer.trim().toLowerCase() === expected.trim().toLowerCase();
  return answer === expected;
}

/** The answer at a path: a field's answer, or a part of a composite one. */
export function answerAt(answers: Readonly<Record<string, unknown>>, path: string): unknown {
  const [name, part] = path.split('.') as [string, string | undefined];
  const value = answers[name];
  if (part === undefined) return value;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
}

function testAnswer(condition: FieldCondition, answers: Readonly<Record<string, unknown>>): boolean {
  const answer = answerAt(answers, condition.field);
  if ('equals' in condition) return sameValue(answer, condition.equals);
  if ('notEquals' in condition) return !sameValue(answer, condition.notEquals);
  if ('in' in condition) return condition.in.some((value) => sameValue(answer, value));
  if ('includes' in condition) return Array.isArray(answer) && answer.some((item) => sameValue(item, condition.includes));
  if ('atLeast' in condition) return typeof answer === 'number' && answer >= condition.atLeast;
  if ('below' in condition) return typeof answer === 'number' && answer < condition.below;
  return isFilled(answer) === condition.filled;
}

/** True when the condition holds over these answers; facts are decided by `facts` (none: false). */
export function evaluateCondition<Fact = never>(condition: Condition<Fact>, answers: Readonly<Record<string, unknown>>, facts?: FactTest<Fact>): boolean {
  const node = condition as object;
  if ('all' in node) return (node.all as Array<Condition<Fact>>).every((c) => evaluateCondition(c, answers, facts));
  if ('any' in node) return (node.any as Array<Condition<Fact>>).some((c) => evaluateCondition(c, answers, facts));
  if ('not' in node) return !evaluateCondition(node.not as Condition<Fact>, answers, facts);
  if (isFieldCondition(node)) return testAnswer(node, answers);
  return facts ? facts(condition as Fact) : false;
}

/** The tests of answers in a condition, in the order written (facts left out), each with its path inside the condition. */
export function conditionLeavesAt<Fact>(condition: Condition<Fact>, path: Array<string | number> = []): Array<{ leaf: FieldCondition; path: Array<string | number> }> {
  const node = condition as object;
  if ('all' in node) return (node.all as Array<Condition<Fact>>).flatMap((c, i) => conditionLeavesAt(c, [...path, 'all', i]));
  if ('any' in node) return (node.any as Array<Condition<Fact>>).flatMap((c, i) => conditionLeavesAt(c, [...path, 'any', i]));
  if ('not' in node) return conditionLeavesAt(node.not as Condition<Fact>, [...path, 'not']);
  return isFieldCondition(node) ? [{ leaf: node, path }] : [];
}

/** The tests of answers in a condition, in the order written (facts left out). */
export function conditionLeaves<Fact>(condition: Condition<Fact>): FieldCondition[] {
  return conditionLeavesAt(condition).map((entry) => entry.leaf);
}

/** The field names a condition refers to, in the order written (a part names its field). */
export function conditionFields<Fact>(condition: Condition<Fact>): string[] {
  return conditionLeaves(condition).map((leaf) => leaf.field.split('.')[0]!);
}

/** The same condition with the field `from` (and its parts) renamed `to`. */
export function renameConditionField<Fact>(condition: Condition<Fact>, from: string, to: string): Condition<Fact> {
  const node = condition as object;
  if ('all' in node) return { all: (node.all as Array<Condition<Fact>>).map((c) => renameConditionField(c, from, to)) };
  if ('any' in node) return { any: (node.any as Array<Condition<Fact>>).map((c) => renameConditionField(c, from, to)) };
  if ('not' in node) return { not: renameConditionField(node.not as Condition<Fact>, from, to) };
  if (!isFieldCondition(node)) return condition;
  const [name, part] = node.field.split('.') as [string, string | undefined];
  return name === from ? { ...node, field: part === undefined ? to : `${to}.${part}` } : condition;
}

/** The operator and the values a test of an answer compares with. */
export function leafOperator(leaf: FieldCondition): { operator: ConditionOperator; values: ConditionValue[] } {
  if ('equals' in leaf) return { operator: 'equals', values: [leaf.equals] };
  if ('notEquals' in leaf) return { operator: 'notEquals', values: [leaf.notEquals] };
  if ('in' in leaf) return { operator: 'in', values: leaf.in };
  if ('includes' in leaf) return { operator: 'includes', values: [leaf.includes] };
  if ('atLeast' in leaf) return { operator: 'atLeast', values: [leaf.atLeast] };
  if ('below' in leaf) return { operator: 'below', values: [leaf.below] };
  return { operator: 'filled', values: [] };
}

function answerText(field: FieldDefinition | undefined, value: ConditionValue, locale: Locale): string {
  if (typeof value === 'boolean') return t(locale, value ? 'yes' : 'no');
  const option = field?.options?.find((o) => o.value === value);
  return option ? localize(option.label, locale) : String(value);
}

/** "Rispondi solo se a «Per chi...?» hai risposto «Per un'altra persona»." and the like. */
export function describeCondition<Fact>(condition: Condition<Fact>, findField: (name: string) => FieldDefinition | undefined, locale: Locale): string {
  if (isFieldCondition(condition as object)) {
    const leaf = condition as FieldCondition;
    const field = findField(leaf.field);
    const question = field ? localize(field.label, locale) : leaf.field;
    if ('equals' in leaf) return t(locale, 'onlyIfAnswer', { question, answer: answerText(field, leaf.equals, locale) });
    if ('includes' in leaf) return t(locale, 'onlyIfAnswer', { question, answer: answerText(field, leaf.includes, locale) });
    if ('in' in leaf) {
      const answers = leaf.in.map((v) => (locale === 'it' ? `«${answerText(field, v, locale)}»` : `"${answerText(field, v, locale)}"`));
      return t(locale, 'onlyIfAnswerOneOf', { question, answers: answers.join(', ') });
    }
    if ('filled' in leaf && leaf.filled) return t(locale, 'onlyIfFilled', { question });
  }
  return t(locale, 'onlyIfApplies');
}
