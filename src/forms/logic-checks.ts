// Definition-time checks of a form's logic that a plain schema cannot see: computed values
// (names unique and apart from field names, every field they read exists and is of a kind the
// expression can use, as its type declares in the field registry; every computed value they
// read exists; no cycle) and exit pages (ids unique, conditions that fit the fields and
// computed values they name).
import { conditionProblems } from './condition-checks.ts';
import { expressionRefs, type ComputedDefinition } from './computed.ts';
import type { FieldDefinition } from './definition.ts';
import type { ExitDefinition } from './exits.ts';
import { fieldCapabilities, type ValueKind } from './fields/index.ts';

type Issue = { path: (string | number)[]; message: string };
interface LogicForm {
  steps: Array<{ fields: FieldDefinition[] }>;
  computed?: ComputedDefinition[] | undefined;
  exits?: ExitDefinition[] | undefined;
}

/** The kinds of answer each use of a field in an expression needs. */
const KINDS_FOR: Record<'number' | 'count' | 'age', readonly ValueKind[]> = {
  number: ['number', 'money'],
  count: ['items', 'options'],
  age: ['date'],
};

function fieldsByName(form: LogicForm): Map<string, FieldDefinition> {
  const byName = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) if (!byName.has(field.name)) byName.set(field.name, field);
  return byName;
}

/** A cycle among computed values (a reads b reads a), as the list of names, or null. */
function findCycle(computed: readonly ComputedDefinition[]): string[] | null {
  const reads = new Map(computed.map((c) => [c.name, expressionRefs(c.expression).computed]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | null => {
    if (state.get(name) === 'done' || !reads.has(name)) return null;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const next of reads.get(name)!) {
      const cycle = visit(next, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return null;
  };
  for (const c of computed) {
    const cycle = visit(c.name, []);
    if (cycle) return cycle;
  }
  return null;
}

export function checkComputed(form: LogicForm): Issue[] {
  const computed = form.computed ?? [];
  const issues: Issue[] = [];
  const fields = fieldsByName(form);
  const names = new Set(computed.map((c) => c.name));
  const seen = new Set<string>();
  computed.forEach((c, i) => {
    if (seen.has(c.name)) issues.push({ path: ['computed', i, 'name'], message: `duplicate computed value "${c.name}"` });
    if (fields.has(c.name)) issues.push({ path: ['computed', i, 'name'], message: `"${c.name}" is already the name of a field` });
    seen.add(c.name);
    const refs = expressionRefs(c.expression);
    for (const ref of refs.fields) {
      const [name, part] = ref.name.split('.') as [string, string | undefined];
      const field = fields.get(name);
      if (!field) {
        issues.push({ path: ['computed', i, 'expression'], message: `no field named "${name}" in the form` });
        continue;
      }
      const kind = part === undefined ? fieldCapabilities(field.type).value : 'text';
      if (!KINDS_FOR[ref.use].includes(kind)) {
        const needed = ref.use === 'number' ? 'a number or an amount' : ref.use === 'age' ? 'a date' : 'a repeatable group or a list of options';
        issues.push({ path: ['computed', i, 'expression'], message: `"${ref.name}" is a ${field.type} field: ${ref.use} needs ${needed}` });
      }
    }
    for (const name of refs.computed) {
      if (!names.has(name)) issues.push({ path: ['computed', i, 'expression'], message: `no computed value named "${name}"` });
    }
    for (const condition of refs.conditions) {
      for (const message of conditionProblems(condition, fields, (n) => `no field named "${n}" in the form`, names)) issues.push({ path: ['computed', i, 'expression'], message });
    }
  });
  const cycle = findCycle(computed);
  if (cycle) issues.push({ path: ['computed'], message: `computed values read each other in a circle: ${cycle.join(' -> ')}` });
  return issues;
}

export function checkExits(form: LogicForm): Issue[] {
  const issues: Issue[] = [];
  const fields = fieldsByName(form);
  const computed = new Set((form.computed ?? []).map((c) => c.name));
  const ids = new Set<string>();
  (form.exits ?? []).forEach((exit, i) => {
    if (ids.has(exit.id)) issues.push({ path: ['exits', i, 'id'], message: `duplicate exit "${exit.id}"` });
    ids.add(exit.id);
    for (const message of conditionProblems(exit.when, fields, (n) => `the condition names "${n}", which is not a field of the form`, computed)) {
      issues.push({ path: ['exits', i, 'when'], message });
    }
  });
  return issues;
}
