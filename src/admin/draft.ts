// The builder's draft of a procedure: a definition in the shape of the seeded files, which may
// be incomplete while an administrator works on it (texts still empty, a step without fields);
// the content checks (checks.ts) say what is missing, and publishing refuses it until nothing
// is. The edits are pure functions from a draft to a new draft: add, change, move and remove
// steps and fields (also the fields of a repeatable group), replace the service page texts, and
// set the fees and routing sections. An edit that cannot apply throws a BuilderError naming
// the input to correct.
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { conditionLeaves, fieldCapabilities, fieldConfigKeys, renameConditionField, type Condition, type FieldDraft, type LocalizedText, type StepDefinition } from '../forms/index.ts';
import { allowedInGroup } from './builder-field-types.ts';

/** A field as the draft holds it: any type with any property, maybe incomplete. */
export type DraftField = FieldDraft;
export type DraftStep = Omit<StepDefinition, 'fields'> & { fields: DraftField[] };
/** fees and routing are kept as written; their own schemas check them (checks.ts). */
export type DraftDefinition = Omit<ProcedureDefinition, 'fees' | 'routing' | 'form'> & { form: { steps: DraftStep[] }; fees?: unknown; routing?: unknown };

/** Where fields live: the fields of a step, or of a repeatable group of that step. */
export interface Container {
  stepId: string;
  group?: string | undefined;
}

/** An edit refused: `input` names the builder's input to correct, `key` the message. */
export class BuilderError extends Error {
  constructor(
    readonly input: string,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'BuilderError';
  }
}

export const emptyText = (): LocalizedText => ({ it: '', en: '' });

/** A new procedure: what the administrator gave, the rest to fill in. */
export function newDraft(start: { slug: string; title: LocalizedText; area: string; audience: DraftDefinition['audience']; office: string }): DraftDefinition {
  return {
    schemaVersion: 1,
    slug: start.slug,
    title: start.title,
    summary: emptyText(),
    area: start.area,
    audience: start.audience,
    description: emptyText(),
    whoCanApply: emptyText(),
    howTo: emptyText(),
    requirements: [],
    documents: [],
    cost: { description: { it: 'Gratuito.', en: 'Free of charge.' }, amountCents: 0 },
    durationDays: 30,
    legalReferences: [{ title: 'L. 7 agosto 1990, n. 241 (procedimento amministrativo)' }],
    office: start.office,
    spidLevel: 2,
    silenceConsent: false,
    keywords: { it: [], en: [] },
    featured: false,
    form: { steps: [{ id: 'dati', title: { it: 'Dati della domanda', en: 'Application details' }, fields: [] }] },
  };
}

/**
 * The keys of a definition in the order of the seeded files (the database keeps JSON keys in
 * its own order): exports then read like the files people write. Unknown keys keep their order
 * after the known ones.
 */
const KEY_ORDER = [
  'schemaVersion', 'slug', 'id', 'value', 'name', 'type', 'title', 'label', 'summary', 'area', 'audience', 'description', 'hint',
  'whoCanApply', 'howTo', 'requirements', 'documents', 'cost', 'fees', 'timing', 'taxonomyCode', 'dueDays', 'reason', 'items',
  'durationDays', 'legalReferences', 'url', 'office', 'spidLevel', 'silenceConsent', 'opensAt', 'closesAt', 'maxFilings', 'keywords',
  'featured', 'required', 'showIf', 'prefill', 'source', 'editable', 'when', 'field', 'options', 'minLength', 'maxLength', 'pattern', 'regex', 'message', 'earliest', 'latest', 'stepMinutes', 'min', 'max', 'accept', 'maxSizeMb', 'fields',
  'declaration', 'form', 'steps', 'routing', 'rules', 'it', 'en',
];

export function canonicalOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => canonicalOrder(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonicalOrder(v)])) as T;
}

/** A deep copy: the edits below never change the draft they are given. */
export function copyDraft(draft: DraftDefinition): DraftDefinition {
  return structuredClone(draft);
}

// ---------------------------------------------------------------- service page

/** The service page and settings: everything but the form, fees and routing. */
export type Metadata = Omit<DraftDefinition, 'schemaVersion' | 'slug' | 'form' | 'fees' | 'routing'>;

/**
 * Settings a definition may carry that the service page's form does not show (the kind of
 * procedure and its legal shape, filing for others, filing without login): saving the page
 * keeps them, else an administrator fixing a summary would turn a SCIA into an istanza.
 */
const SETTINGS_THE_FORM_DOES_NOT_EDIT = ['kind', 'regime', 'adoption', 'competitive', 'filingForOthers', 'anonymousFiling', 'retention', 'call'] as const;

function keptSettings(draft: DraftDefinition, metadata: Metadata): Partial<DraftDefinition> {
  const given = metadata as Record<string, unknown>;
  const before = draft as unknown as Record<string, unknown>;
  return Object.fromEntries(
    SETTINGS_THE_FORM_DOES_NOT_EDIT.map((key) => [key, given[key] ?? before[key]] as const).filter(([, value]) => value !== undefined),
  ) as Partial<DraftDefinition>;
}

export function setMetadata(draft: DraftDefinition, metadata: Metadata): DraftDefinition {
  const next = copyDraft(draft);
  const { form, fees, routing, schemaVersion, slug } = next;
  // key order of the seeded files, so that exports read the same
  const ordered: DraftDefinition = {
    schemaVersion,
    slug,
    title: metadata.title,
    summary: metadata.summary,
    area: metadata.area,
    audience: metadata.audience,
    description: metadata.description,
    whoCanApply: metadata.whoCanApply,
    howTo: metadata.howTo,
    requirements: metadata.requirements,
    documents: metadata.documents,
    cost: metadata.cost,
    ...(fees !== undefined ? { fees } : {}),
    durationDays: metadata.durationDays,
    legalReferences: metadata.legalReferences,
    office: metadata.office,
    spidLevel: metadata.spidLevel,
    silenceConsent: metadata.silenceConsent,
    ...keptSettings(next, metadata),
    ...(metadata.opensAt ? { opensAt: metadata.opensAt } : {}),
    ...(metadata.closesAt ? { closesAt: metadata.closesAt } : {}),
    ...(metadata.maxFilings ? { maxFilings: metadata.maxFilings } : {}),
    keywords: metadata.keywords,
    featured: metadata.featured,
    form,
    ...(routing !== undefined ? { routing } : {}),
  };
  return ordered;
}

/** The form's logic as the builder edits it in one box: computed values and exit pages. */
export const LOGIC_KEYS = ['computed', 'exits'] as const;

/** Sets (or, with undefined, removes) the fees or the routing rules, or the form's logic. */
export function setSection(draft: DraftDefinition, section: 'fees' | 'routing' | 'logic', value: unknown): DraftDefinition {
  const next = copyDraft(draft);
  if (section === 'logic') {
    const logic = (value ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(logic).find((key) => !(LOGIC_KEYS as readonly string[]).includes(key));
    if (unknown !== undefined) throw new BuilderError('yaml', 'admin.section.logic.unknownKey', { key: unknown });
    const form = next.form as Record<string, unknown>;
    // the definition's schema checks the contents when the draft is checked and published
    for (const key of LOGIC_KEYS) {
      if (logic[key] === undefined || logic[key] === null) delete form[key];
      else form[key] = logic[key];
    }
    return next;
  }
  if (value === undefined) delete next[section];
  else next[section] = value;
  return next;
}

// ---------------------------------------------------------------- steps

function stepIndex(draft: DraftDefinition, stepId: string): number {
  const index = draft.form.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new BuilderError('step', 'admin.builder.noStep', { step: stepId });
  return index;
}

export interface StepInput {
  id: string;
  title: LocalizedText;
  description?: LocalizedText | undefined;
  showIf?: Condition | undefined;
}

function stepFrom(input: StepInput, fields: DraftField[]): DraftStep {
  return {
    id: input.id,
    title: input.title,
    ...(input.description && (input.description.it || input.description.en) ? { description: input.description } : {}),
    ...(input.showIf ? { showIf: input.showIf } : {}),
    fields,
  };
}

export function addStep(draft: DraftDefinition, input: StepInput): DraftDefinition {
  if (draft.form.steps.some((s) => s.id === input.id)) throw new BuilderError('id', 'admin.builder.stepIdTaken', { id: input.id });
  if (input.showIf) checkConditionNames(draft, input.showIf, namesBeforeStep(draft, draft.form.steps.length));
  const next = copyDraft(draft);
  next.form.steps.push(stepFrom(input, []));
  return next;
}

export function updateStep(draft: DraftDefinition, stepId: string, input: StepInput): DraftDefinition {
  const index = stepIndex(draft, stepId);
  if (input.id !== stepId && draft.form.steps.some((s) => s.id === input.id)) throw new BuilderError('id', 'admin.builder.stepIdTaken', { id: input.id });
  if (input.showIf) checkConditionNames(draft, input.showIf, namesBeforeStep(draft, index));
  const next = copyDraft(draft);
  next.form.steps[index] = stepFrom(input, next.form.steps[index]!.fields);
  return next;
}

/**
 * The list with the item `id` moved one place up or down, or left out (`remove`): the rules and
 * the fee items are edited so. `missing` is the error when no item has that id.
 */
export function editListed<T extends { id: string }>(items: readonly T[], id: string, edit: 'up' | 'down' | 'remove', missing: BuilderError): T[] {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw missing;
  if (edit === 'remove') return items.filter((item) => item.id !== id);
  const next = [...items];
  move(next, index, edit);
  return next;
}

function move<T>(list: T[], index: number, direction: 'up' | 'down'): void {
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target < 0 || target >= list.length) return;
  [list[index], list[target]] = [list[target]!, list[index]!];
}

export function moveStep(draft: DraftDefinition, stepId: string, direction: 'up' | 'down'): DraftDefinition {
  const index = stepIndex(draft, stepId);
  const next = copyDraft(draft);
  move(next.form.steps, index, direction);
  return next;
}

export function removeStep(draft: DraftDefinition, stepId: string): DraftDefinition {
  const index = stepIndex(draft, stepId);
  const next = copyDraft(draft);
  next.form.steps.splice(index, 1);
  return next;
}

// ---------------------------------------------------------------- fields

/** A repeatable group: its items hold fields of their own. */
const holdsItems = (field: DraftField): boolean => fieldCapabilities(field.type).value === 'items';

/** The list of fields a container holds (in the given draft, which the caller may change). */
export function containerFields(draft: DraftDefinition, container: Container): DraftField[] {
  const step = draft.form.steps[stepIndex(draft, container.stepId)]!;
  if (!container.group) return step.fields;
  const group = step.fields.find((f) => f.name === container.group);
  if (!group || !holdsItems(group)) throw new BuilderError('field', 'admin.builder.noField', { field: container.group });
  group.fields ??= [];
  return group.fields;
}

export function findField(draft: DraftDefinition, container: Container, name: string): DraftField | undefined {
  return containerFields(draft, container).find((f) => f.name === name);
}

/** Every top-level field of the form, in order, with its step. */
export function allFields(draft: DraftDefinition): Array<{ stepId: string; field: DraftField }> {
  return draft.form.steps.flatMap((step) => step.fields.map((field) => ({ stepId: step.id, field })));
}

/** Names a condition may use in a step at `index`: the fields of the earlier steps. */
function namesBeforeStep(draft: DraftDefinition, index: number): Set<string> {
  return new Set(draft.form.steps.slice(0, index).flatMap((s) => s.fields.map((f) => f.name)));
}

/**
 * Fields a condition of the field at `position` of a container may name: every field before
 * it (earlier steps, earlier in the step; inside a group, also the earlier fields of the item).
 */
export function fieldsBefore(draft: DraftDefinition, container: Container, position: number): DraftField[] {
  const index = stepIndex(draft, container.stepId);
  const earlier = draft.form.steps.slice(0, index).flatMap((s) => s.fields);
  const step = draft.form.steps[index]!;
  if (!container.group) return [...earlier, ...step.fields.slice(0, position)];
  const groupAt = step.fields.findIndex((f) => f.name === container.group);
  const group = step.fields[groupAt];
  return [...earlier, ...step.fields.slice(0, Math.max(groupAt, 0)), ...(group?.fields ?? []).slice(0, position)];
}

function checkConditionNames(_draft: DraftDefinition, condition: Condition, known: ReadonlySet<string>): void {
  for (const leaf of conditionLeaves(condition)) {
    if (!known.has(leaf.field.split('.')[0]!)) throw new BuilderError('condField', 'admin.builder.conditionUnknown', { field: leaf.field });
  }
}

/** A renamed field: the conditions that named it follow (in the whole form, or in its group). */
function renameReferences(draft: DraftDefinition, container: Container, from: string, to: string): void {
  const rename = (holder: { showIf?: Condition | undefined }) => {
    if (holder.showIf) holder.showIf = renameConditionField(holder.showIf, from, to);
  };
  if (container.group) {
    for (const sub of containerFields(draft, container)) rename(sub);
    return;
  }
  for (const step of draft.form.steps) {
    rename(step);
    for (const field of step.fields) {
      rename(field);
      for (const sub of field.fields ?? []) rename(sub);
    }
  }
}

function assertNameFree(draft: DraftDefinition, container: Container, name: string, except?: string): void {
  const taken = container.group ? containerFields(draft, container).map((f) => f.name) : allFields(draft).map((f) => f.field.name);
  if (name !== except && taken.includes(name)) throw new BuilderError('name', 'admin.builder.nameTaken', { name });
}

/** The properties of a field in the order of the definition files, without those its type ignores. */
export function normalizeField(field: DraftField): DraftField {
  const hint = field.hint && (field.hint.it || field.hint.en) ? { hint: field.hint } : {};
  const out: DraftField = { name: field.name, type: field.type, label: field.label, ...hint, required: field.required, ...(field.showIf ? { showIf: field.showIf } : {}), ...(field.prefill ? { prefill: field.prefill } : {}) };
  // the type's own properties (fields/index.ts), in the order of its configuration schema
  const own = out as unknown as Record<string, unknown>;
  for (const key of fieldConfigKeys(field.type)) {
    const value = (field as unknown as Record<string, unknown>)[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0 && key === 'accept')) own[key] = value;
  }
  if (holdsItems(field)) out.fields = field.fields ?? [];
  // a declaration without its text yet: the empty text shows where to write it (checks.ts)
  if (fieldConfigKeys(field.type).includes('declaration')) out.declaration = field.declaration ?? emptyText();
  return out;
}

export function addField(draft: DraftDefinition, container: Container, field: DraftField): DraftDefinition {
  const next = copyDraft(draft);
  const list = containerFields(next, container);
  assertNameFree(next, container, field.name);
  if (container.group && !allowedInGroup(field.type)) throw new BuilderError('type', 'admin.builder.notInGroup', { type: field.type });
  if (field.showIf) checkConditionNames(next, field.showIf, new Set(fieldsBefore(next, container, list.length).map((f) => f.name)));
  list.push(normalizeField(field));
  return next;
}

/**
 * Replaces a field (keeping a group's own fields); a new name is carried into the conditions
 * that used the old one. `toStep` moves a top-level field to the end of another step.
 */
export function updateField(draft: DraftDefinition, container: Container, name: string, field: DraftField, toStep?: string): DraftDefinition {
  const next = copyDraft(draft);
  const list = containerFields(next, container);
  const index = list.findIndex((f) => f.name === name);
  if (index < 0) throw new BuilderError('field', 'admin.builder.noField', { field: name });
  assertNameFree(next, container, field.name, name);
  if (container.group && !allowedInGroup(field.type)) throw new BuilderError('type', 'admin.builder.notInGroup', { type: field.type });
  const moving = !container.group && toStep !== undefined && toStep !== container.stepId;
  if (moving) stepIndex(next, toStep);
  if (field.showIf) {
    const target: Container = moving ? { stepId: toStep } : container;
    const position = moving ? containerFields(next, target).length : index;
    const known = new Set(fieldsBefore(next, target, position).map((f) => f.name));
    known.delete(name);
    checkConditionNames(next, field.showIf, known);
  }
  const previous = list[index]!;
  const updated = normalizeField({ ...field, fields: holdsItems(field) ? (field.fields ?? previous.fields ?? []) : undefined });
  if (field.name !== name) renameReferences(next, container, name, field.name);
  if (moving) {
    list.splice(index, 1);
    containerFields(next, { stepId: toStep }).push(updated);
  } else {
    list[index] = updated;
  }
  return next;
}

export function moveField(draft: DraftDefinition, container: Container, name: string, direction: 'up' | 'down'): DraftDefinition {
  const next = copyDraft(draft);
  const list = containerFields(next, container);
  const index = list.findIndex((f) => f.name === name);
  if (index < 0) throw new BuilderError('field', 'admin.builder.noField', { field: name });
  move(list, index, direction);
  return next;
}

export function removeField(draft: DraftDefinition, container: Container, name: string): DraftDefinition {
  const next = copyDraft(draft);
  const list = containerFields(next, container);
  const index = list.findIndex((f) => f.name === name);
  if (index < 0) throw new BuilderError('field', 'admin.builder.noField', { field: name });
  list.splice(index, 1);
  return next;
}
