// Content checks of a draft before it is published: what a person filling the form would trip
// on (missing English texts, a field without a label, labels too long to read, a condition on
// a field that is missing or comes later, duplicate field names, a choice without options...;
// and the plain-language warnings of content-checks.ts),
// then whatever the definition parser of the catalogue still refuses. Each item says where to
// fix it (the builder page and input) and whether it blocks publishing (errors) or only
// deserves a look (warnings). Pure: the caller passes the comune's office codes and the time.
import { DefinitionError, parseProcedureDefinition } from '../catalogue/definition-files.ts';
import { conditionFields, fieldCapabilities, fieldConfigKeys, type Condition, type LocalizedText } from '../forms/index.ts';
import { contentFindings } from './content-checks.ts';
import type { DraftDefinition, DraftField } from './draft.ts';

export const LIMITS = {
  /** a question longer than this is hard to read: the explanation belongs in the hint */
  label: 120,
  option: 150,
  title: 100,
  summary: 300,
};

export type Target =
  | { page: 'metadata'; input?: string | undefined }
  | { page: 'form' }
  | { page: 'step'; stepId: string; input?: string | undefined }
  | { page: 'field'; stepId: string; group?: string | undefined; field: string; input?: string | undefined }
  | { page: 'fees' }
  | { page: 'routing' };

export interface CheckItem {
  severity: 'error' | 'warning';
  /** message key (admin.messages.ts) and its parameters */
  key: string;
  params: Record<string, string | number>;
  /** where in the definition, e.g. form.steps[0].fields[2].label.en */
  path: string;
  target: Target;
}

export interface CheckResult {
  items: CheckItem[];
  errors: number;
  warnings: number;
}

type Path = Array<string | number>;

export function pathText(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function parsePath(text: string): Path {
  const path: Path = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return path;
}

/** The builder page (and input) where the value at a definition path is edited. */
export function targetOf(draft: DraftDefinition, path: Path): Target {
  const [head, ...rest] = path;
  if (head === 'fees') return { page: 'fees' };
  if (head === 'routing') return { page: 'routing' };
  if (head !== 'form') return { page: 'metadata', input: metadataInput(path) };
  if (rest[0] !== 'steps' || typeof rest[1] !== 'number') return { page: 'form' };
  const step = draft.form?.steps?.[rest[1]];
  if (!step) return { page: 'form' };
  if (rest[2] !== 'fields' || typeof rest[3] !== 'number') return { page: 'step', stepId: step.id, input: stepInput(rest.slice(2)) };
  const field = step.fields?.[rest[3]];
  if (!field) return { page: 'step', stepId: step.id };
  if (rest[4] === 'fields' && typeof rest[5] === 'number' && field.fields?.[rest[5]]) {
    return { page: 'field', stepId: step.id, group: field.name, field: field.fields[rest[5]]!.name, input: fieldInput(rest.slice(6)) };
  }
  return { page: 'field', stepId: step.id, field: field.name, input: fieldInput(rest.slice(4)) };
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Input names of the builder's forms: `titleIt`, `requirementsEn`, `labelEn`, `condField`... */
function metadataInput(path: Path): string | undefined {
  const [key, second, third] = path;
  if (typeof key !== 'string') return undefined;
  if (key === 'requirements' || key === 'documents') return `${key}${typeof third === 'string' ? capitalized(third) : 'It'}`;
  if (key === 'cost') return second === 'amountCents' ? 'costAmount' : `costDescription${typeof third === 'string' ? capitalized(third) : 'It'}`;
  if (key === 'legalReferences') return 'legalReferences';
  if (key === 'keywords') return `keywords${typeof second === 'string' ? capitalized(second) : 'It'}`;
  if (second === 'it' || second === 'en') return `${key}${capitalized(second)}`;
  if (['title', 'summary', 'description', 'whoCanApply', 'howTo'].includes(key)) return `${key}It`;
  return key;
}

function stepInput(path: Path): string | undefined {
  const [key, lang] = path;
  if (key === 'title' || key === 'description') return `${key}${lang === 'en' ? 'En' : 'It'}`;
  if (key === 'showIf') return 'condField';
  if (key === 'id') return 'id';
  return undefined;
}

function fieldInput(path: Path): string | undefined {
  const [key, second, third] = path;
  if (key === 'label' || key === 'hint' || key === 'declaration') return `${key}${second === 'en' ? 'En' : 'It'}`;
  if (key === 'showIf') return 'condField';
  if (key === 'options') return 'options';
  if (key === 'fields') return undefined;
  if (typeof key === 'string') return key;
  return third === undefined ? undefined : String(third);
}

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * Checks a draft. `officeCodes` are the comune's offices; `now` tells a closing time already
 * past. The items come in the order of the definition: service page, steps and fields, fees.
 */
export function checkDraft(draft: DraftDefinition, officeCodes: ReadonlySet<string>, now: Date): CheckResult {
  const items: CheckItem[] = [];
  const add = (severity: CheckItem['severity'], key: string, path: Path, params: Record<string, string | number> = {}) =>
    items.push({ severity, key, params, path: pathText(path), target: targetOf(draft, path) });

  /**
   * Both languages of a text a person reads. `what` is the message key naming the text (e.g.
   * admin.what.label) and `about` its parameters (the field, the step...).
   */
  const text = (value: LocalizedText | undefined, path: Path, what: string, about: Record<string, string> = {}, options: { max?: number; optional?: boolean } = {}) => {
    const params = { what, ...about };
    if (!value || (blank(value.it) && blank(value.en))) {
      if (!options.optional) add('error', 'admin.check.missingText', path, params);
      return;
    }
    if (blank(value.it)) add('error', 'admin.check.missingItalian', [...path, 'it'], params);
    if (blank(value.en)) add('error', 'admin.check.missingEnglish', [...path, 'en'], params);
    if (options.max) {
      for (const lang of ['it', 'en'] as const) {
        const length = [...(value[lang] ?? '')].length;
        if (length > options.max) add('error', 'admin.check.tooLong', [...path, lang], { ...params, length, max: options.max });
      }
    }
  };

  // ---- service page
  text(draft.title, ['title'], 'admin.what.title', {}, { max: LIMITS.title });
  text(draft.summary, ['summary'], 'admin.what.summary', {}, { max: LIMITS.summary });
  text(draft.description, ['description'], 'admin.what.description');
  text(draft.whoCanApply, ['whoCanApply'], 'admin.what.whoCanApply');
  text(draft.howTo, ['howTo'], 'admin.what.howTo');
  (draft.requirements ?? []).forEach((r, i) => text(r, ['requirements', i], 'admin.what.requirement', { n: String(i + 1) }));
  (draft.documents ?? []).forEach((d, i) => text(d, ['documents', i], 'admin.what.document', { n: String(i + 1) }));
  text(draft.cost?.description, ['cost', 'description'], 'admin.what.cost');
  if (!draft.legalReferences?.length) add('error', 'admin.check.noLegalReference', ['legalReferences']);
  if (!officeCodes.has(draft.office)) add('error', 'admin.check.unknownOffice', ['office'], { office: draft.office });
  if (draft.opensAt && draft.closesAt && Date.parse(draft.closesAt) <= Date.parse(draft.opensAt)) add('error', 'admin.check.closesBeforeOpening', ['closesAt']);
  else if (draft.closesAt && Date.parse(draft.closesAt) <= now.getTime()) add('warning', 'admin.check.closedAlready', ['closesAt']);

  // ---- steps and fields
  const steps = draft.form?.steps ?? [];
  if (steps.length === 0) add('error', 'admin.check.noSteps', ['form', 'steps']);
  const allNames = new Set(steps.flatMap((s) => (s.fields ?? []).map((f) => f.name)));
  const known = new Set<string>();
  const stepIds = new Set<string>();

  const condition = (value: Condition | undefined, path: Path, before: ReadonlySet<string>, existing: ReadonlySet<string>) => {
    if (!value) return;
    for (const name of conditionFields(value)) {
      if (before.has(name)) continue;
      add('error', existing.has(name) ? 'admin.check.conditionLaterField' : 'admin.check.conditionMissingField', [...path, 'showIf'], { field: name });
    }
  };

  const field = (f: DraftField, path: Path, before: ReadonlySet<string>, existing: ReadonlySet<string>, inGroup: boolean) => {
    const name = f.name || '?';
    if (!f.label || (blank(f.label.it) && blank(f.label.en))) add('error', 'admin.check.noLabel', [...path, 'label'], { field: name });
    else text(f.label, [...path, 'label'], 'admin.what.label', { field: name }, { max: LIMITS.label });
    text(f.hint, [...path, 'hint'], 'admin.what.hint', { field: name }, { optional: true });
    // what the field's type declares (fields/index.ts): its own texts and options, groups
    const { value: kind, inGroup: allowedInGroup } = fieldCapabilities(f.type);
    if (fieldConfigKeys(f.type).includes('declaration')) text(f.declaration, [...path, 'declaration'], 'admin.what.declaration', { field: name });
    if (kind === 'option' || kind === 'options') {
      if (!f.options || f.options.length < 2) add('error', 'admin.check.fewOptions', [...path, 'options'], { field: name });
      const values = new Set<string>();
      (f.options ?? []).forEach((option, i) => {
        if (values.has(option.value)) add('error', 'admin.check.duplicateOption', [...path, 'options'], { field: name, value: option.value });
        values.add(option.value);
        text(option.label, [...path, 'options', i, 'label'], 'admin.what.option', { field: name, value: option.value }, { max: LIMITS.option });
      });
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) add('error', 'admin.check.minAboveMax', [...path, 'max'], { field: name });
    if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) add('error', 'admin.check.minAboveMax', [...path, 'maxLength'], { field: name });
    if (inGroup && !allowedInGroup) add('error', 'admin.check.notInGroup', [...path, 'type'], { field: name, type: f.type });
    condition(f.showIf, path, before, existing);
    if (kind === 'items') {
      const subs = f.fields ?? [];
      if (subs.length === 0) add('error', 'admin.check.emptyGroup', [...path, 'fields'], { field: name });
      const siblings = new Set<string>();
      const subNames = new Set(subs.map((s) => s.name));
      subs.forEach((sub, i) => {
        if (siblings.has(sub.name)) add('error', 'admin.check.duplicateName', [...path, 'fields', i, 'name'], { field: sub.name });
        field(sub, [...path, 'fields', i], new Set([...before, ...siblings]), new Set([...existing, ...subNames]), true);
        siblings.add(sub.name);
      });
    }
  };

  steps.forEach((step, s) => {
    const path: Path = ['form', 'steps', s];
    if (stepIds.has(step.id)) add('error', 'admin.check.duplicateStep', [...path, 'id'], { step: step.id });
    stepIds.add(step.id);
    text(step.title, [...path, 'title'], 'admin.what.stepTitle', { step: step.id }, { max: LIMITS.label });
    text(step.description, [...path, 'description'], 'admin.what.stepDescription', { step: step.id }, { optional: true });
    condition(step.showIf, path, new Set(known), allNames);
    if (s === 0 && step.showIf) add('error', 'admin.check.firstStepCondition', [...path, 'showIf']);
    if (!step.fields?.length) add('error', 'admin.check.stepNoFields', [...path, 'fields'], { step: step.id });
    (step.fields ?? []).forEach((f, i) => {
      const fieldPath: Path = [...path, 'fields', i];
      if (known.has(f.name)) add('error', 'admin.check.duplicateName', [...fieldPath, 'name'], { field: f.name });
      field(f, fieldPath, new Set(known), allNames, false);
      known.add(f.name);
    });
  });

  // ---- plain language in both languages (content-checks.ts): warnings, one per rule and text
  for (const finding of contentFindings(draft)) add(finding.severity, finding.key, finding.path, finding.params);

  // ---- whatever the catalogue's parser still refuses (schema, fees, routing...), once
  const mine = new Set(items.filter((i) => i.severity === 'error').map((i) => i.path));
  const covered = (path: string) => [...mine].some((m) => m === path || path.startsWith(`${m}.`) || path.startsWith(`${m}[`) || m.startsWith(`${path}.`));
  for (const problem of parserProblems(draft, officeCodes)) {
    if (covered(problem.path)) continue;
    mine.add(problem.path);
    items.push({ severity: 'error', key: 'admin.check.definition', params: { path: problem.path || '(top)', message: problem.message }, path: problem.path, target: targetOf(draft, parsePath(problem.path)) });
  }

  const errors = items.filter((i) => i.severity === 'error').length;
  return { items, errors, warnings: items.length - errors };
}

/** The catalogue parser's own messages ("form.steps[0].fields[1].label.en: missing English text"). */
export function parserProblems(draft: DraftDefinition, officeCodes: ReadonlySet<string>): Array<{ path: string; message: string }> {
  try {
    parseProcedureDefinition(JSON.stringify(draft), 'draft', officeCodes);
    return [];
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    return error.problems.map((problem) => {
      const match = /^([^:\s]*(?:\[\d+\])*[^:\s]*): (.*)$/s.exec(problem);
      return match ? { path: match[1] === '(top)' ? '' : match[1]!, message: match[2]! } : { path: '', message: problem };
    });
  }
}
