// Conditions: the one language that says when something applies, over the answers already
// given and, where a caller plugs them in, over facts about the filing (the routing rules use
// the applicant type). Steps and fields (showIf), fee items (when) and routing rules (when) all
// use it, and the builder's condition editor writes it. This module holds its shape (a zod
// schema), the evaluator, the walk over its leaves, the sentence that tells a person when
// to answer and the rule a browser decides to reveal a question (clientRule);
// condition-checks.ts checks a condition against the fields it names.
//
// Equality, one rule everywhere: two strings are equal when they are equal once trimmed and
// lowercased; any other pair compares strictly (a number with a number, a boolean with a
// boolean, never across types).
//
// Comparisons (docs/forms-logic.md): numbers and amounts with atLeast / atMost / above / below,
// dates with before / after / onOrBefore / onOrAfter. The other side (an operand) is a number,
// a date (yyyy-mm-dd), today shifted by an offset (`{ today: { years: -18 } }`), another
// field (`{ field: 'x' }`) or a computed value (`{ computed: 'x' }`). A test may also name a
// computed value as its subject (`{ computed: 'importo', atLeast: 100 }`). "Today" and the
// computed values come from the caller (ConditionEnv): the engine never reads the clock. A
// side that is unknown (no answer, no today given) makes a comparison false. Why: routing compares answers people type (a CAP, a province
// code, a city name: "Piacenza " and "piacenza" are the same place), while option values are
// lowercase machine codes and yes/no answers are booleans, so a form loses nothing by the same
// rule; and a condition copied from a form into a fee or a routing rule keeps its meaning.
import { z } from 'zod';
import { isFilled, type Answers } from './answers.ts';
import { formatDate, shiftDate, type DateOffset } from './dates.ts';
import type { FieldDefinition } from './definition.ts';
import { lt } from './logic.messages.ts';
import { localize, t, type Locale } from './messages.ts';
import { formatMoney } from './numbers.ts';

export type ConditionValue = string | number | boolean;

/** Comparisons of numbers and amounts (money in cents). */
export const NUMBER_COMPARISONS = ['atLeast', 'atMost', 'above', 'below'] as const;
/** Comparisons of dates. */
export const DATE_COMPARISONS = ['before', 'after', 'onOrBefore', 'onOrAfter'] as const;
export const COMPARISONS = [...NUMBER_COMPARISONS, ...DATE_COMPARISONS] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** The other side of a comparison: a number, a date, today shifted, another field, a computed value. */
export type Operand = number | string | { today: DateOffset } | { field: string } | { computed: string };

type Compare = { [K in Comparison]: { [P in K]: Operand } }[Comparison];

/** A test of one answer (or of one part of a composite answer: `indirizzo.cap`). */
export type FieldCondition =
  | { field: string; equals: ConditionValue }
  | { field: string; notEquals: ConditionValue }
  | { field: string; in: ConditionValue[] }
  | { field: string; includes: string }
  | { field: string; filled: boolean }
  | ({ field: string } & Compare);

/** A test of a computed value (a number: money in cents). */
export type ComputedCondition = { computed: string } & ({ equals: number } | { notEquals: number } | { filled: boolean } | Compare);

/** What a caller knows beyond the answers: today (yyyy-mm-dd) and the form's computed values. */
export interface ConditionEnv {
  today?: string | undefined;
  /** The value of a computed value over these answers; null while unknown. */
  computed?: ((name: string, answers: Answers) => number | null) | undefined;
}

/**
 * A condition: tests of answers (and of the facts `Fact` a caller plugs in), combined with
 * all / any / not. A missing answer equals nothing, is in no list, includes nothing and
 * compares with no number: so `notEquals` and `not` hold for it. Numbers compare as stored:
 * money in euro cents.
 */
export type Condition<Fact = never> = FieldCondition | ComputedCondition | Fact | { all: Array<Condition<Fact>> } | { any: Array<Condition<Fact>> } | { not: Condition<Fact> };

/** The operators of a test of an answer, as the builder names them. */
export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'filled', ...COMPARISONS] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Names are stable keys of the stored answers: lowerCamelCase, ASCII. */
export const fieldNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'use lowerCamelCase letters and digits, starting with a letter');

/** A field, or a part of a composite one: `importo`, `indirizzo.cap`. */
export const fieldPathSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,62}(\.[a-z][a-zA-Z0-9]{0,62})?$/, 'a field name, or field.part for a part of an address or cadastral field');

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Names of computed values: like field names. */
export const computedNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'use lowerCamelCase letters and digits, starting with a letter');

const offsetPart = z.number().int().min(-200 * 366).max(200 * 366).optional();
export const dateOffsetSchema = z.object({ years: offsetPart, months: offsetPart, days: offsetPart }).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-mm-dd');

function operandSchema(subject: z.ZodString): z.ZodType<Operand> {
  return z.union([
    z.number(),
    isoDate,
    z.object({ today: dateOffsetSchema }).strict(),
    z.object({ field: subject }).strict(),
    z.object({ computed: computedNameSchema }).strict(),
  ]) as z.ZodType<Operand>;
}

/**
 * The schema of conditions whose tests name answers by `subject` (field names, or field paths
 * with parts) and which may also test the given facts (each a strict object schema).
 */
export function conditionSchemaOf<Fact>(subject: z.ZodString, facts: Array<z.ZodType<Fact>> = []): z.ZodType<Condition<Fact>> {
  const operand = operandSchema(subject);
  const schema: z.ZodType<Condition<Fact>> = z.lazy(() =>
    z.union([
      ...facts,
      z.object({ field: subject, equals: scalar }).strict(),
      z.object({ field: subject, notEquals: scalar }).strict(),
      z.object({ field: subject, in: z.array(scalar).min(1) }).strict(),
      z.object({ field: subject, includes: z.string() }).strict(),
      z.object({ field: subject, filled: z.boolean() }).strict(),
      ...COMPARISONS.map((op) => z.object({ field: subject, [op]: operand }).strict()),
      z.object({ computed: computedNameSchema, equals: z.number() }).strict(),
      z.object({ computed: computedNameSchema, notEquals: z.number() }).strict(),
      z.object({ computed: computedNameSchema, filled: z.boolean() }).strict(),
      ...NUMBER_COMPARISONS.map((op) => z.object({ computed: computedNameSchema, [op]: operand }).strict()),
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
const isComputedCondition = (condition: object): condition is ComputedCondition => 'computed' in condition;

/** The comparison a test makes, if it is one. */
export function comparisonOf(leaf: object): { op: Comparison; operand: Operand } | null {
  for (const op of COMPARISONS) if (op in leaf) return { op, operand: (leaf as Record<string, Operand>)[op]! };
  return null;
}

/** The value of an operand over these answers: a number, a date, or null when unknown. */
export function operandValue(operand: Operand, answers: Answers, env: ConditionEnv = {}): number | string | null {
  if (typeof operand === 'number' || typeof operand === 'string') return operand;
  if ('today' in operand) return env.today ? shiftDate(env.today, operand.today) : null;
  if ('field' in operand) {
    const value = answerAt(answers, operand.field);
    return typeof value === 'number' || typeof value === 'string' ? value : null;
  }
  return env.computed ? env.computed(operand.computed, answers) : null;
}

/** Whether `value` stands as `op` says to `other`: numbers with numbers, dates (yyyy-mm-dd) with dates. */
export function compareValues(op: Comparison, value: unknown, other: number | string | null): boolean {
  if ((NUMBER_COMPARISONS as readonly string[]).includes(op)) {
    if (typeof value !== 'number' || typeof other !== 'number') return false;
  } else if (typeof value !== 'string' || typeof other !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  switch (op) {
    case 'atLeast':
    case 'onOrAfter':
      return value >= other;
    case 'atMost':
    case 'onOrBefore':
      return value <= other;
    case 'above':
    case 'after':
      return value > other;
    default:
      return value < other;
  }
}

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

function testValue(condition: FieldCondition | ComputedCondition, answer: unknown, answers: Answers, env: ConditionEnv): boolean {
  if ('equals' in condition) return sameValue(answer, condition.equals);
  if ('notEquals' in condition) return !sameValue(answer, condition.notEquals);
  if ('in' in condition) return condition.in.some((value) => sameValue(answer, value));
  if ('includes' in condition) return Array.isArray(answer) && answer.some((item) => sameValue(item, condition.includes));
  if ('filled' in condition) return isFilled(answer ?? undefined) === condition.filled;
  const comparison = comparisonOf(condition)!;
  return compareValues(comparison.op, answer, operandValue(comparison.operand, answers, env));
}

/**
 * True when the condition holds over these answers; facts are decided by `facts` (none:
 * false); today and computed values come from `env` (none: comparisons with them are false).
 */
export function evaluateCondition<Fact = never>(
  condition: Condition<Fact>,
  answers: Readonly<Record<string, unknown>>,
  facts?: FactTest<Fact>,
  env: ConditionEnv = {},
): boolean {
  const node = condition as object;
  const scope = answers as Answers;
  if ('all' in node) return (node.all as Array<Condition<Fact>>).every((c) => evaluateCondition(c, answers, facts, env));
  if ('any' in node) return (node.any as Array<Condition<Fact>>).some((c) => evaluateCondition(c, answers, facts, env));
  if ('not' in node) return !evaluateCondition(node.not as Condition<Fact>, answers, facts, env);
  if (isFieldCondition(node)) return testValue(node, answerAt(answers, node.field), scope, env);
  if (isComputedCondition(node)) return testValue(node, env.computed ? env.computed(node.computed, scope) : null, scope, env);
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

/** The tests of computed values in a condition, in the order written. */
export function computedLeaves<Fact>(condition: Condition<Fact>): ComputedCondition[] {
  const node = condition as object;
  if ('all' in node) return (node.all as Array<Condition<Fact>>).flatMap((c) => computedLeaves(c));
  if ('any' in node) return (node.any as Array<Condition<Fact>>).flatMap((c) => computedLeaves(c));
  if ('not' in node) return computedLeaves(node.not as Condition<Fact>);
  return isComputedCondition(node) ? [node] : [];
}

/** The operands of the comparisons in a condition (of answers and of computed values). */
function conditionOperands<Fact>(condition: Condition<Fact>): Operand[] {
  return [...conditionLeaves(condition), ...computedLeaves(condition)].flatMap((leaf) => {
    const comparison = comparisonOf(leaf);
    return comparison ? [comparison.operand] : [];
  });
}

/** The field names a condition refers to, in the order written (a part names its field; operands count). */
export function conditionFields<Fact>(condition: Condition<Fact>): string[] {
  const operandFields = conditionOperands(condition).flatMap((o) => (typeof o === 'object' && 'field' in o ? [o.field.split('.')[0]!] : []));
  return [...conditionLeaves(condition).map((leaf) => leaf.field.split('.')[0]!), ...operandFields];
}

/** The computed values a condition refers to (as subject or as operand). */
export function conditionComputed<Fact>(condition: Condition<Fact>): string[] {
  const operands = conditionOperands(condition).flatMap((o) => (typeof o === 'object' && 'computed' in o ? [o.computed] : []));
  return [...computedLeaves(condition).map((leaf) => leaf.computed), ...operands];
}

/** The same condition with the field `from` (and its parts) renamed `to`. */
export function renameConditionField<Fact>(condition: Condition<Fact>, from: string, to: string): Condition<Fact> {
  const node = condition as object;
  if ('all' in node) return { all: (node.all as Array<Condition<Fact>>).map((c) => renameConditionField(c, from, to)) };
  if ('any' in node) return { any: (node.any as Array<Condition<Fact>>).map((c) => renameConditionField(c, from, to)) };
  if ('not' in node) return { not: renameConditionField(node.not as Condition<Fact>, from, to) };
  if (!isFieldCondition(node) && !isComputedCondition(node)) return condition;
  const rename = (path: string) => {
    const [name, part] = path.split('.') as [string, string | undefined];
    return name === from ? (part === undefined ? to : `${to}.${part}`) : path;
  };
  let renamed: Record<string, unknown> = isFieldCondition(node) ? { ...node, field: rename(node.field) } : { ...node };
  const comparison = comparisonOf(node);
  if (comparison && typeof comparison.operand === 'object' && 'field' in comparison.operand) {
    renamed = { ...renamed, [comparison.op]: { field: rename(comparison.operand.field) } };
  }
  return renamed as Condition<Fact>;
}

/** The operator and the values a test of an answer compares with (a comparison: its literal operand, if any). */
export function leafOperator(leaf: FieldCondition | ComputedCondition): { operator: ConditionOperator; values: ConditionValue[] } {
  if ('equals' in leaf) return { operator: 'equals', values: [leaf.equals] };
  if ('notEquals' in leaf) return { operator: 'notEquals', values: [leaf.notEquals] };
  if ('in' in leaf) return { operator: 'in', values: leaf.in };
  if ('includes' in leaf) return { operator: 'includes', values: [leaf.includes] };
  const comparison = comparisonOf(leaf);
  if (comparison) return { operator: comparison.op, values: typeof comparison.operand === 'object' ? [] : [comparison.operand] };
  return { operator: 'filled', values: [] };
}

/** "oggi", "la data di oggi meno 18 anni". */
function todayText(offset: DateOffset, locale: Locale): string {
  const parts = (['years', 'months', 'days'] as const)
    .filter((unit) => offset[unit])
    .map((unit) => `${lt(locale, offset[unit]! < 0 ? 'minus' : 'plus')} ${lt(locale, unit, { n: Math.abs(offset[unit]!) })}`);
  return parts.length === 0 ? lt(locale, 'today') : lt(locale, 'todayShifted', { shift: parts.join(' ') });
}

/** An operand in words: an amount in euro, a date dd/mm/yyyy, today shifted, a field's question, a computed value's label. */
export function operandText(operand: Operand, money: boolean, locale: Locale, names: { field: (name: string) => string; computed: (name: string) => string }): string {
  if (typeof operand === 'number') return money ? formatMoney(operand, locale) : String(operand).replace('.', locale === 'it' ? ',' : '.');
  if (typeof operand === 'string') return formatDate(operand);
  if ('today' in operand) return todayText(operand.today, locale);
  const name = 'field' in operand ? names.field(operand.field) : names.computed(operand.computed);
  return locale === 'it' ? `«${name}»` : `"${name}"`;
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
    const comparison = comparisonOf(leaf);
    if (comparison) {
      const money = field?.type === 'money';
      const names = { field: (n: string) => (findField(n) ? localize(findField(n)!.label, locale) : n), computed: (n: string) => n };
      return lt(locale, 'onlyIfCompared', { subject: question, relation: lt(locale, comparison.op), value: operandText(comparison.operand, money, locale, names) });
    }
  }
  return t(locale, 'onlyIfApplies');
}

/**
 * A condition as a browser can decide it over the inputs of one page (the reveal of
 * public/js/form-reveal.js; docs/forms.md). Why this format: the browser sees what is typed,
 * not stored answers, so the rule names input names and carries the expected values already
 * written as the inputs send them; it has only the tests whose outcome on the inputs is the
 * server's on the answers (one of these values, under the module's equality; filled), so the
 * script stays a few lines that know nothing of field types or operators. Tests of answers
 * from earlier steps are decided here and become constants: `{ all: [] }` holds,
 * `{ any: [] }` does not.
 */
export type ClientRule =
  | { input: string; oneOf: string[] }
  | { input: string; filled: boolean }
  | { all: ClientRule[] }
  | { any: ClientRule[] }
  | { not: ClientRule };

/** How the browser reads the answer at a path on this page. */
export interface ClientInput {
  name: string;
  /** what the input's value tells: the answer as the conditions compare it (an option, yes/no, a text), only whether it is filled, or nothing (files, items) */
  reads: 'value' | 'filled' | 'nothing';
  /** an expected value as the input sends it; null when it cannot send it */
  valueOf(expected: ConditionValue): string | null;
}

const ALWAYS: ClientRule = { all: [] };
const NEVER: ClientRule = { any: [] };
/** true or false for a rule that no longer depends on the page, else null. */
function constantOf(rule: ClientRule): boolean | null {
  if ('all' in rule && rule.all.length === 0) return true;
  if ('any' in rule && rule.any.length === 0) return false;
  return null;
}

/**
 * The rule of `condition` for the browser, or null when some test cannot be decided there (a
 * comparison, a computed value, a fact, an input that cannot show the value): then the field
 * stays shown with its sentence. `onPage` gives the inputs of the answers on the page (null:
 * an answer known before it, decided over `answers`).
 */
export function clientRule<Fact>(condition: Condition<Fact>, onPage: (path: string) => ClientInput | null, answers: Answers, env: ConditionEnv = {}): ClientRule | null {
  const node = condition as object;
  if ('all' in node || 'any' in node) {
    const key = 'all' in node ? 'all' : 'any';
    const parts: ClientRule[] = [];
    for (const child of (node as Record<string, Array<Condition<Fact>>>)[key]!) {
      const rule = clientRule(child, onPage, answers, env);
      if (!rule) return null;
      const constant = constantOf(rule);
      if (constant === (key === 'any')) return rule; // a false test decides all, a true one any
      if (constant === null) parts.push(rule);
    }
    return parts.length === 1 ? parts[0]! : key === 'all' ? { all: parts } : { any: parts };
  }
  if ('not' in node) {
    const inner = clientRule(node.not as Condition<Fact>, onPage, answers, env);
    if (!inner) return null;
    const constant = constantOf(inner);
    return constant === null ? { not: inner } : constant ? NEVER : ALWAYS;
  }
  if (!isFieldCondition(node)) return null;
  const leaf = node;
  const comparison = comparisonOf(leaf);
  const input = onPage(leaf.field);
  const operandOnPage = comparison && typeof comparison.operand === 'object' && 'field' in comparison.operand && onPage(comparison.operand.field);
  // a computed value may add up answers on this page
  const computedOperand = comparison && typeof comparison.operand === 'object' && 'computed' in comparison.operand;
  if (!input && !operandOnPage && !computedOperand) return evaluateCondition(leaf, answers, undefined, env) ? ALWAYS : NEVER;
  if (!input || comparison || input.reads === 'nothing') return null;
  if ('filled' in leaf) return { input: input.name, filled: leaf.filled };
  if (input.reads !== 'value') return null;
  const expected = 'equals' in leaf ? [leaf.equals] : 'notEquals' in leaf ? [leaf.notEquals] : 'in' in leaf ? leaf.in : 'includes' in leaf ? [leaf.includes] : [];
  const oneOf = expected.map((value) => input.valueOf(value));
  if (oneOf.some((value) => value === null)) return null;
  const rule: ClientRule = { input: input.name, oneOf: oneOf as string[] };
  return 'notEquals' in leaf ? { not: rule } : rule;
}
