// Computed values: numbers a form works out from the answers (a sum of amounts, a count of
// household members, an age, a contribution), declared by name in the definition
// (`computed`), shown to the person and usable in conditions (`{ computed: 'x', ... }`), fee
// items and routing rules. An expression is data, never code: a small tree of numbers, field
// answers, other computed values, arithmetic and a conditional (docs/forms-logic.md). Missing
// answers make a value unknown (null) unless the reference says what to count instead
// (`ifEmpty`); so does a division by zero. Today comes from the caller: ages are "at today".
import { z } from 'zod';
import type { Answers } from './answers.ts';
import { answerAt, computedNameSchema, conditionSchema, evaluateCondition, fieldPathSchema, type Condition, type ConditionEnv } from './conditions.ts';
import { yearsBetween } from './dates.ts';
import { localizedText, type LocalizedText } from './localized-text.ts';
import type { Locale } from './messages.ts';
import { formatMoney } from './numbers.ts';

export type Expression =
  | number
  | { field: string; ifEmpty?: number | undefined }
  | { computed: string }
  | { sum: Expression[] }
  | { difference: [Expression, Expression] }
  | { product: Expression[] }
  | { quotient: [Expression, Expression] }
  | { min: Expression[] }
  | { max: Expression[] }
  | { round: Expression }
  | { percent: number; of: Expression }
  | { count: string }
  | { age: string }
  | { if: Condition; then: Expression; else: Expression };

export const COMPUTED_FORMATS = ['money', 'number', 'integer'] as const;
export type ComputedFormat = (typeof COMPUTED_FORMATS)[number];

export interface ComputedDefinition {
  name: string;
  label: LocalizedText;
  expression: Expression;
  /** money: euro cents (rounded to the cent); integer: rounded; number: as worked out */
  format: ComputedFormat;
}

const list = (schema: z.ZodType<Expression>) => z.array(schema).min(1).max(50);

export const expressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.union([
    z.number().finite(),
    z.object({ field: fieldPathSchema, ifEmpty: z.number().finite().optional() }).strict(),
    z.object({ computed: computedNameSchema }).strict(),
    z.object({ sum: list(expressionSchema) }).strict(),
    z.object({ difference: z.tuple([expressionSchema, expressionSchema]) }).strict(),
    z.object({ product: list(expressionSchema) }).strict(),
    z.object({ quotient: z.tuple([expressionSchema, expressionSchema]) }).strict(),
    z.object({ min: list(expressionSchema) }).strict(),
    z.object({ max: list(expressionSchema) }).strict(),
    z.object({ round: expressionSchema }).strict(),
    z.object({ percent: z.number().finite(), of: expressionSchema }).strict(),
    z.object({ count: fieldPathSchema }).strict(),
    z.object({ age: fieldPathSchema }).strict(),
    z.object({ if: conditionSchema, then: expressionSchema, else: expressionSchema }).strict(),
  ]),
) as z.ZodType<Expression>;

export const computedSchema = z
  .object({ name: computedNameSchema, label: localizedText, expression: expressionSchema, format: z.enum(COMPUTED_FORMATS).default('number') })
  .strict();

/** What an expression reads: the fields (how) and the computed values. */
export interface ExpressionRefs {
  fields: Array<{ name: string; use: 'number' | 'count' | 'age' }>;
  computed: string[];
  conditions: Condition[];
}

export function expressionRefs(expression: Expression, refs: ExpressionRefs = { fields: [], computed: [], conditions: [] }): ExpressionRefs {
  if (typeof expression === 'number') return refs;
  if ('field' in expression) refs.fields.push({ name: expression.field, use: 'number' });
  else if ('computed' in expression) refs.computed.push(expression.computed);
  else if ('count' in expression) refs.fields.push({ name: expression.count, use: 'count' });
  else if ('age' in expression) refs.fields.push({ name: expression.age, use: 'age' });
  else if ('if' in expression) {
    refs.conditions.push(expression.if);
    expressionRefs(expression.then, refs);
    expressionRefs(expression.else, refs);
  } else if ('round' in expression) expressionRefs(expression.round, refs);
  else if ('percent' in expression) expressionRefs(expression.of, refs);
  else for (const child of Object.values(expression)[0] as Expression[]) expressionRefs(child, refs);
  return refs;
}

const fold = (values: Array<number | null>, f: (a: number, b: number) => number): number | null =>
  values.some((v) => v === null) ? null : (values as number[]).reduce(f);

function evaluate(expression: Expression, answers: Answers, env: ConditionEnv): number | null {
  const sub = (e: Expression) => evaluate(e, answers, env);
  if (typeof expression === 'number') return expression;
  if ('field' in expression) {
    const value = answerAt(answers, expression.field);
    return typeof value === 'number' ? value : (expression.ifEmpty ?? null);
  }
  if ('computed' in expression) return env.computed ? env.computed(expression.computed, answers) : null;
  if ('sum' in expression) return fold(expression.sum.map(sub), (a, b) => a + b);
  if ('difference' in expression) return fold(expression.difference.map(sub), (a, b) => a - b);
  if ('product' in expression) return fold(expression.product.map(sub), (a, b) => a * b);
  if ('quotient' in expression) {
    const [a, b] = expression.quotient.map(sub);
    return a === null || b === null || b === undefined || b === 0 ? null : a! / b;
  }
  if ('min' in expression) return fold(expression.min.map(sub), (a, b) => Math.min(a, b));
  if ('max' in expression) return fold(expression.max.map(sub), (a, b) => Math.max(a, b));
  if ('round' in expression) {
    const value = sub(expression.round);
    return value === null ? null : Math.round(value);
  }
  if ('percent' in expression) {
    const value = sub(expression.of);
    return value === null ? null : (value * expression.percent) / 100;
  }
  if ('count' in expression) {
    const value = answerAt(answers, expression.count);
    return Array.isArray(value) ? value.length : 0;
  }
  if ('age' in expression) {
    const value = answerAt(answers, expression.age);
    return typeof value === 'string' && env.today && /^\d{4}-\d{2}-\d{2}$/.test(value) ? yearsBetween(value, env.today) : null;
  }
  return evaluateCondition(expression.if, answers, undefined, env) ? sub(expression.then) : sub(expression.else);
}

/** A value rounded as its format says: cents and integers are whole. */
function rounded(value: number | null, format: ComputedFormat): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return format === 'number' ? Math.round(value * 1e6) / 1e6 : Math.round(value);
}

/**
 * The environment conditions, fees and routing evaluate in: today, and the form's computed
 * values worked out on demand over the answers given (the definition checks there is no cycle;
 * a depth guard keeps an unchecked definition from looping).
 */
export function formEnv(computed: readonly ComputedDefinition[] | undefined, today: string | undefined): ConditionEnv {
  const byName = new Map((computed ?? []).map((c) => [c.name, c]));
  let depth = 0;
  const env: ConditionEnv = {
    today,
    computed: (name, answers) => {
      const definition = byName.get(name);
      if (!definition || depth > 50) return null;
      depth++;
      try {
        return rounded(evaluate(definition.expression, answers, env), definition.format);
      } finally {
        depth--;
      }
    },
  };
  return env;
}

/** The value of one expression (tests and previews), in an environment. */
export function evaluateExpression(expression: Expression, answers: Answers, env: ConditionEnv = {}): number | null {
  return evaluate(expression, answers, env);
}

/** A computed value in words: "€ 1.234,50", "3", "12,5". */
export function formatComputed(value: number, format: ComputedFormat, locale: Locale): string {
  if (format === 'money') return formatMoney(value, locale);
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: format === 'integer' ? 0 : 2 }).format(value);
}

/** The computed values known from these answers, in the order declared, in words. */
export function computedView(computed: readonly ComputedDefinition[] | undefined, answers: Answers, env: ConditionEnv, locale: Locale): Array<{ name: string; label: string; text: string }> {
  const rows: Array<{ name: string; label: string; text: string }> = [];
  for (const c of computed ?? []) {
    const value = env.computed?.(c.name, answers) ?? null;
    if (value !== null) rows.push({ name: c.name, label: c.label[locale], text: formatComputed(value, c.format, locale) });
  }
  return rows;
}
