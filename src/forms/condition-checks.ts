// Checks of a condition against the fields it names, from what each field type declares in the
// registry (fields/index.ts): the operators its answer allows, the values it can take (an
// option, true or false, a number), the parts of a composite answer. Forms (showIf), fees
// (when) and routing rules (when) check their conditions here, so that the three agree on
// what a condition may say about a field.
import { conditionLeaves, leafOperator, type Condition, type ConditionOperator, type FieldCondition } from './conditions.ts';
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
  if (operator === 'atLeast' || operator === 'below') return `"${path}" is not a number, amount or integer: it cannot be compared with atLeast/below`;
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
  return part === undefined ? valueProblem(values, field) : null;
}

/**
 * The problems of a condition over the fields it may name (`scope`, by name): a name missing
 * from the scope is reported by `missing` (each caller words it), a test the field's type does
 * not allow by leafProblem.
 */
export function conditionProblems<Fact>(condition: Condition<Fact>, scope: ReadonlyMap<string, FieldDefinition>, missing: (name: string) => string | null): string[] {
  const problems: string[] = [];
  for (const leaf of conditionLeaves(condition)) {
    const name = leaf.field.split('.')[0]!;
    const field = scope.get(name);
    const problem = field ? leafProblem(leaf, field) : missing(name);
    if (problem) problems.push(problem);
  }
  return problems;
}
