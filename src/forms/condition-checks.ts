// Checks of a condition against the fields it names, from what each field type declares in the
// registry (fields/index.ts): the operators its answer allows, the values it can take (an
// option, true or false, a number), the parts of a composite answer. Forms (showIf), fees
// (when) and routing rules (when) check their conditions here, so that the three agree on
// what a condition may say about a field. A comparison's other side must be of the same kind as
// its subject (a number or amount with a number, a date with a date or today): the kind is the
// value kind the field type declares, or a computed value's (always a number).
import {
  comparisonOf,
  computedLeaves,
  conditionLeaves,
  DATE_COMPARISONS,
  leafOperator,
  type Comparison,
  type Condition,
  type ConditionOperator,
  type FieldCondition,
  type Operand,
} from './conditions.ts';
import type { FieldDefinition } from './definition.ts';
import { fieldCapabilities, fieldTypesWhere } from './fields/index.ts';
import { SCALAR_OPERATORS } from './fields/factories.ts';

/** The operators a condition may use on the answer at `part` of the field (or the whole answer). */
export function operatorsFor(field: Pick<FieldDefinition, 'type'>, part?: string): readonly ConditionOperator[] {
  return part === undefined ? fieldCapabilities(field.type).operators : SCALAR_OPERATORS;
}

function operatorProblem(operator: ConditionOperator, path: string, field: FieldDefinition): string {
  if (operator === 'includes') {
    const lists = fieldTypesWhere((c) => c.operators.includes('includes'));
    return `"${path}" is not a ${lists.join(' or ')} field: use equals or in`;
  }
  if ((DATE_COMPARISONS as readonly string[]).includes(operator)) return `"${path}" is not a date: it cannot be compared with ${operator}`;
  if (operator !== 'equals' && operator !== 'notEquals' && operator !== 'in' && operator !== 'filled') {
    return `"${path}" is not a number, amount or integer: it cannot be compared with ${operator}`;
  }
  if (fieldCapabilities(field.type).operators.includes('includes')) return `"${path}" is a ${field.type} field: use includes`;
  return `"${path}" is a ${field.type} field: a condition can only ask whether it is filled`;
}

function valueProblem(values: unknown[], field: FieldDefinition): string | null {
  const { value: kind } = fieldCapabilities(field.type);
  if (kind === 'option' || kind === 'options') {
    const known = (field.options ?? []).map((o) => o.value);
    const unknown = values.find((v) => typeof v !== 'string' || !known.includes(v));
    return unknown === undefined ? null : `"${String(unknown)}" is not an option of "${field.name}" (options: ${known.join(', ')})`;
  }
  if (kind === 'boolean' && values.some((v) => typeof v !== 'boolean')) return `the answer of "${field.name}" is true or false: compare it with true or false`;
  if ((kind === 'number' || kind === 'money') && values.some((v) => typeof v !== 'number')) {
    return `the answer of "${field.name}" is a number${kind === 'money' ? ' (in cents)' : ''}: compare it with a number`;
  }
  return null;
}

/** What is wrong with testing the answer of `field` (or of a part of it) as `leaf` does, or null. */
export function leafProblem(leaf: FieldCondition, field: FieldDefinition): string | null {
  const [name, part] = leaf.field.split('.') as [string, string | undefined];
  const parts = fieldCapabilities(field.type).parts;
  const { operator, values } = leafOperator(leaf);
  if (part !== undefined && !parts) return `"${name}" is a ${field.type} field and has no parts`;
  if (part !== undefined && !parts?.includes(part)) return `"${name}" has no part "${part}"; use one of ${parts!.join(', ')}`;
  if (part === undefined && parts && operator !== 'filled') {
    return `"${name}" is a ${field.type} field: compare one of its parts (${parts.map((p) => `${name}.${p}`).join(', ')})`;
  }
  if (!operatorsFor(field, part).includes(operator)) return operatorProblem(operator, leaf.field, field);
  if (comparisonOf(leaf)) return null; // the operand is checked with the scope (operandProblem)
  return part === undefined ? valueProblem(values, field) : null;
}

/** What the form can compare: the fields by name and the computed values (always numbers) by name. */
export interface ComparisonScope {
  fields: ReadonlyMap<string, FieldDefinition>;
  computed: ReadonlySet<string>;
}

const isDateComparison = (op: Comparison): boolean => (DATE_COMPARISONS as readonly string[]).includes(op);

/** What is wrong with the other side of a comparison (of a field's answer or a computed value), or null. */
export function comparisonProblem(leaf: object, scope: ComparisonScope): string | null {
  const comparison = comparisonOf(leaf);
  return comparison ? operandProblem(comparison.op, comparison.operand, scope) : null;
}

/** The kind of value an operand gives: a number, a date, or a problem. */
function operandProblem(op: Comparison, operand: Operand, scope: ComparisonScope): string | null {
  const wantDate = isDateComparison(op);
  if (typeof operand === 'number') return wantDate ? `${op} compares dates: give a date (yyyy-mm-dd) or today` : null;
  if (typeof operand === 'string') {
    if (!wantDate) return `${op} compares numbers: give a number`;
    return /^\d{4}-\d{2}-\d{2}$/.test(operand) && !Number.isNaN(Date.parse(operand)) ? null : `"${operand}" is not a date (yyyy-mm-dd)`;
  }
  if ('today' in operand) return wantDate ? null : `${op} compares numbers: today is a date`;
  if ('computed' in operand) {
    if (!scope.computed.has(operand.computed)) return `no computed value named "${operand.computed}"`;
    return wantDate ? `${op} compares dates: "${operand.computed}" is a number` : null;
  }
  const other = scope.fields.get(operand.field.split('.')[0]!);
  if (!other) return `no field named "${operand.field}"`;
  const kind = fieldCapabilities(other.type).value;
  if (wantDate ? kind !== 'date' : kind !== 'number' && kind !== 'money') {
    return `"${operand.field}" is a ${other.type} field: ${op} compares ${wantDate ? 'dates' : 'numbers'}`;
  }
  return null;
}

/**
 * The problems of a condition over the fields it may name (`scope`, by name): a name missing
 * from the scope is reported by `missing` (each caller words it), a test the field's type does
 * not allow by leafProblem.
 */
export function conditionProblems<Fact>(
  condition: Condition<Fact>,
  scope: ReadonlyMap<string, FieldDefinition>,
  missing: (name: string) => string | null,
  computed: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  const comparisons: ComparisonScope = { fields: scope, computed };
  for (const leaf of conditionLeaves(condition)) {
    const name = leaf.field.split('.')[0]!;
    const field = scope.get(name);
    const problem = field ? leafProblem(leaf, field) : missing(name);
    if (problem) problems.push(problem);
    const comparison = comparisonOf(leaf);
    const other = field && !problem && comparison ? operandProblem(comparison.op, comparison.operand, comparisons) : null;
    if (other) problems.push(other);
  }
  problems.push(...computedProblems(condition, comparisons));
  return problems;
}

/** Tests of computed values: the value exists; a comparison is of numbers, with a number. */
export function computedProblems<Fact>(condition: Condition<Fact>, scope: ComparisonScope): string[] {
  const problems: string[] = [];
  for (const leaf of computedLeaves(condition)) {
    if (!scope.computed.has(leaf.computed)) {
      problems.push(`no computed value named "${leaf.computed}"`);
      continue;
    }
    const comparison = comparisonOf(leaf);
    if (!comparison) continue;
    if (isDateComparison(comparison.op)) problems.push(`"${leaf.computed}" is a number: compare it with atLeast, atMost, above or below`);
    else {
      const problem = operandProblem(comparison.op, comparison.operand, scope);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}
