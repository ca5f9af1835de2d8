// A readable difference between two versions of a procedure: what an administrator (or an
// auditor) wants to know, not a line diff of files. Steps are matched by id and fields by
// name, so a field moved to another step reads as "moved", a renamed label as "changed", and
// reordering as "moved" rather than as everything changed. Service page texts, settings, fees
// and routing compare value by value.
import { stringify } from 'yaml';
import { canonicalOrder, type DraftDefinition, type DraftField, type DraftStep } from './draft.ts';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved';

export interface Change {
  kind: ChangeKind;
  /** where the change is: the service page, a section, a step, a field, a field of a group */
  where: Array<{ kind: 'page' | 'fees' | 'routing' | 'step' | 'field'; id: string; label: string }>;
  /** the property changed, as a definition path below `where` (e.g. "label.en"), or null */
  property: string | null;
  before: string | null;
  after: string | null;
}

type Loc = 'it' | 'en';

function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return stringify(canonicalOrder(value), { indent: 2, lineWidth: 0 }).trim();
}

/** JSON with keys sorted: the database keeps its own key order, which means nothing here. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** Value by value: objects are walked (a localized text gives .it and .en), lists compare whole. */
function compareValues(before: unknown, after: unknown, property: string, where: Change['where'], out: Change[]): void {
  if (same(before, after)) return;
  const walkable = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (walkable(before) && walkable(after)) {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      compareValues(a[key], b[key], property ? `${property}.${key}` : key, where, out);
    }
    return;
  }
  const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  out.push({ kind, where, property: property || null, before: show(before), after: show(after) });
}

const textOf = (value: { it: string; en: string } | undefined, locale: Loc) => (value ? value[locale] || value.it || '' : '');

function fieldWhere(step: DraftStep, field: DraftField, locale: Loc, group?: DraftField): Change['where'] {
  return [
    { kind: 'step', id: step.id, label: textOf(step.title, locale) },
    ...(group ? [{ kind: 'field' as const, id: group.name, label: textOf(group.label, locale) }] : []),
    { kind: 'field', id: field.name, label: textOf(field.label, locale) },
  ];
}

/** Fields of one list (a step's fields across the form, or a group's), matched by name. */
function compareFields(
  before: Array<{ step: DraftStep; field: DraftField }>,
  after: Array<{ step: DraftStep; field: DraftField }>,
  locale: Loc,
  out: Change[],
  group?: { before: DraftField; after: DraftField },
): void {
  const a = new Map(before.map((x) => [x.field.name, x]));
  const b = new Map(after.map((x) => [x.field.name, x]));
  const order = (list: typeof before, stepId: string) => list.filter((x) => x.step.id === stepId && a.has(x.field.name) && b.has(x.field.name)).map((x) => x.field.name);
  for (const [name, x] of b) {
    const old = a.get(name);
    const where = fieldWhere(x.step, x.field, locale, group?.after);
    if (!old) {
      out.push({ kind: 'added', where, property: null, before: null, after: show({ type: x.field.type, label: x.field.label }) });
      continue;
    }
    if (old.step.id !== x.step.id) {
      out.push({ kind: 'moved', where, property: null, before: textOf(old.step.title, locale) || old.step.id, after: textOf(x.step.title, locale) || x.step.id });
    } else {
      const from = order(before, old.step.id).indexOf(name);
      const to = order(after, x.step.id).indexOf(name);
      if (from !== to) out.push({ kind: 'moved', where, property: null, before: String(from + 1), after: String(to + 1) });
    }
    const { fields: oldSubs, ...oldRest } = old.field;
    const { fields: newSubs, ...newRest } = x.field;
    compareValues(oldRest, newRest, '', where, out);
    if (oldSubs || newSubs) {
      compareFields(
        (oldSubs ?? []).map((field) => ({ step: old.step, field })),
        (newSubs ?? []).map((field) => ({ step: x.step, field })),
        locale,
        out,
        { before: old.field, after: x.field },
      );
    }
  }
  for (const [name, x] of a) {
    if (!b.has(name)) out.push({ kind: 'removed', where: fieldWhere(x.step, x.field, locale, group?.before), property: null, before: show({ type: x.field.type, label: x.field.label }), after: null });
  }
}

/** What changed from `before` to `after`, in the order of the definition. */
export function diffDefinitions(before: DraftDefinition, after: DraftDefinition, locale: Loc = 'it'): Change[] {
  const out: Change[] = [];
  const page: Change['where'] = [{ kind: 'page', id: 'page', label: '' }];
  const skip = new Set(['schemaVersion', 'slug', 'form', 'fees', 'routing']);
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!skip.has(key)) compareValues(a[key], b[key], key, page, out);
  }

  const stepsA = before.form.steps;
  const stepsB = after.form.steps;
  const idsA = new Map(stepsA.map((s) => [s.id, s]));
  const idsB = new Map(stepsB.map((s) => [s.id, s]));
  const common = (steps: DraftStep[]) => steps.filter((s) => idsA.has(s.id) && idsB.has(s.id)).map((s) => s.id);
  stepsB.forEach((step) => {
    const where: Change['where'] = [{ kind: 'step', id: step.id, label: textOf(step.title, locale) }];
    const old = idsA.get(step.id);
    if (!old) {
      out.push({ kind: 'added', where, property: null, before: null, after: textOf(step.title, locale) });
      return;
    }
    const from = common(stepsA).indexOf(step.id);
    const to = common(stepsB).indexOf(step.id);
    if (from !== to) out.push({ kind: 'moved', where, property: null, before: String(from + 1), after: String(to + 1) });
    const { fields: _a, ...oldRest } = old;
    const { fields: _b, ...newRest } = step;
    compareValues(oldRest, newRest, '', where, out);
  });
  stepsA.forEach((step) => {
    if (!idsB.has(step.id)) out.push({ kind: 'removed', where: [{ kind: 'step', id: step.id, label: textOf(step.title, locale) }], property: null, before: textOf(step.title, locale), after: null });
  });

  const flat = (steps: DraftStep[]) => steps.flatMap((step) => step.fields.map((field) => ({ step, field })));
  compareFields(flat(stepsA), flat(stepsB), locale, out);

  for (const section of ['fees', 'routing'] as const) {
    if (!same(before[section], after[section])) {
      const kind: ChangeKind = before[section] === undefined ? 'added' : after[section] === undefined ? 'removed' : 'changed';
      out.push({ kind, where: [{ kind: section, id: section, label: '' }], property: null, before: show(before[section]), after: show(after[section]) });
    }
  }
  return out;
}
