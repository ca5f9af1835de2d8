// How the builder reads a condition (of a step, a field, a fee or a routing rule) from its
// condition editor: the advanced box (YAML or JSON, checked by the schema of the conditions
// module), or the simple form's subject, operator and value, the value read as the named field
// answers (an option of the field, yes/no, a number, euro in cents, or a text). Errors name the
// editor's inputs (condAdvanced, condOp, condValue).
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { COMPARISONS, DATE_COMPARISONS, fieldCapabilities, operatorsFor, parseDate, parseMoney, type Comparison, type ConditionOperator, type FieldCondition, type Operand } from '../forms/index.ts';
import { nulPath } from '../platform/input.ts';
import { BuilderError, type DraftField } from './draft.ts';

/** A condition written in the advanced box, as YAML or JSON, checked by `schema`. */
export function parseConditionText<C>(text: string, schema: z.ZodType<C>): C {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    throw new BuilderError('condAdvanced', 'admin.error.yaml');
  }
  // "\0" in a quoted string is a NUL, which the draft's jsonb cannot store
  if (nulPath(parsed)) throw new BuilderError('condAdvanced', 'admin.error.yaml');
  const result = schema.safeParse(parsed);
  if (!result.success) throw new BuilderError('condAdvanced', 'admin.error.condition', { detail: result.error.issues[0]?.message ?? '' });
  return result.data;
}

/** What the simple form tests: a field, or one part of a composite field (compared as text). */
export interface ConditionSubject {
  /** `importo`, `indirizzo.cap` */
  path: string;
  field: DraftField;
  part: string | null;
}

/** The operators of the simple form: those of the conditions, with `empty` for "filled: false". */
export type EditorOperator = ConditionOperator | 'empty';

/** One value as the subject answers: a part as a text, a field as it answers. */
function subjectValue(text: string, subject: ConditionSubject): string | number | boolean {
  if (!subject.part) return conditionValue(text, subject.field);
  const trimmed = text.trim();
  if (!trimmed) throw new BuilderError('condValue', 'admin.error.required');
  return trimmed;
}

/** The test the simple form describes: the subject, the operator and the value typed. */
export function buildFieldCondition(subject: ConditionSubject, operator: EditorOperator, text: string): FieldCondition {
  const field = subject.path;
  const money = !subject.part && fieldCapabilities(subject.field.type).value === 'money';
  if ((COMPARISONS as readonly string[]).includes(operator)) {
    const op = operator as Comparison;
    if (subject.part || !operatorsFor(subject.field).includes(op)) throw new BuilderError('condOp', 'admin.logic.error.comparison');
    return { field, [op]: comparisonOperand(text, op, money) } as FieldCondition;
  }
  switch (operator) {
    case 'filled':
      return { field, filled: true };
    case 'empty':
      return { field, filled: false };
    case 'in': {
      const values = text.split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) throw new BuilderError('condValue', 'admin.error.required');
      return { field, in: values.map((v) => subjectValue(v, subject)) };
    }
    case 'includes':
      if (!operatorsFor(subject.field, subject.part ?? undefined).includes('includes')) throw new BuilderError('condOp', 'admin.error.includesNeedsCheckboxes');
      return { field, includes: String(subjectValue(text, subject)) };
    case 'notEquals':
      return { field, notEquals: subjectValue(text, subject) };
    default:
      return { field, equals: subjectValue(text, subject) };
  }
}

/**
 * The other side of a comparison as typed in the simple form: for numbers, a number (euro for
 * amounts); for dates, a date (13/12/2026) or today, shifted by years (a/y), months (m) or
 * days (g/d): "oggi", "oggi-18a", "today+10d", "oggi + 1m".
 */
export function comparisonOperand(text: string, op: Comparison, money: boolean): Operand {
  if (!(DATE_COMPARISONS as readonly string[]).includes(op)) return conditionNumber(text, money);
  const value = text.trim().toLowerCase().replace(/\s+/g, '');
  const relative = /^(oggi|today)(?:([+-])(\d{1,4})([aymgd]))?$/.exec(value);
  if (relative) {
    if (!relative[2]) return { today: {} };
    const n = Number(relative[3]) * (relative[2] === '-' ? -1 : 1);
    const unit = ({ a: 'years', y: 'years', m: 'months', g: 'days', d: 'days' } as const)[relative[4] as 'a' | 'y' | 'm' | 'g' | 'd'];
    return { today: { [unit]: n } };
  }
  const date = parseDate(text);
  if (!date) throw new BuilderError('condValue', 'admin.logic.error.date');
  return date;
}

/** A number typed with a dot or a comma, or an amount in euro as cents. */
export function conditionNumber(text: string, money: boolean): number {
  if (money) {
    const parsed = parseMoney(text);
    if (!parsed.ok) throw new BuilderError('condValue', 'admin.error.amount');
    return parsed.cents;
  }
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value)) throw new BuilderError('condValue', 'admin.error.number');
  return value;
}

/**
 * One value as the target field answers (its value kind, fields/index.ts): an option,
 * true/false, a number, euro in cents, a text.
 */
export function conditionValue(text: string, target: DraftField): string | number | boolean {
  const value = text.trim();
  const kind = fieldCapabilities(target.type).value;
  if (kind === 'option' || kind === 'options') {
    const known = (target.options ?? []).map((o) => o.value);
    if (!known.includes(value)) throw new BuilderError('condValue', 'admin.error.conditionOption', { options: known.join(', ') });
    return value;
  }
  if (kind === 'boolean') {
    const lower = value.toLowerCase();
    if (['true', 'yes', 'sì', 'si'].includes(lower)) return true;
    if (['false', 'no'].includes(lower)) return false;
    throw new BuilderError('condValue', 'admin.error.conditionBoolean');
  }
  if (kind === 'number' || kind === 'money') return conditionNumber(value, kind === 'money');
  if (value === '') throw new BuilderError('condValue', 'admin.error.required');
  return value;
}
