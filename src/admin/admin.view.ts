// What the administration's templates receive besides their data: the error summary and the
// message of each input from refused input, the content checks in words with a link to where
// each is fixed, the values of the builder's forms as typed, and the navigation of the area and
// of a procedure's pages.
import { AREAS } from '../catalogue/areas.ts';
import { extrasValues, SIGNATURE_DEMANDS } from './field-extras.ts';
import { AUDIENCES } from '../catalogue/definition.ts';
import { FIELD_TYPES, type Condition, type LocalizedText } from '../forms/index.ts';
import { moneyToInput } from '../forms/numbers.ts';
import type { Translate } from '../platform/i18n.ts';
import type { InputProblem } from './admin.inputs.ts';
import { conditionToInput, CONDITION_OPERATORS, ACCEPTED_TYPES } from './admin.inputs.ts';
import type { CheckItem, Target } from './checks.ts';
import { isoToRomeLocal } from './rome-time.ts';
import { fieldsBefore, type Container, type DraftDefinition, type DraftField, type DraftStep } from './draft.ts';

export interface FormErrors {
  /** input name -> message */
  errors: Record<string, string>;
  summary: { title: string; items: Array<{ href: string; text: string }> } | null;
}

export const inputId = (name: string) => `b-${name}`;

/** Names of the file types an upload field may accept (the same in both languages). */
const FILE_KINDS: Record<(typeof ACCEPTED_TYPES)[number], string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/tiff': 'TIFF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument (ODT)',
};

export function formErrors(problems: InputProblem[], t: Translate): FormErrors {
  const errors: Record<string, string> = {};
  const items: Array<{ href: string; text: string }> = [];
  for (const problem of problems) {
    const text = t(problem.key, problem.params ?? {});
    if (!(problem.input in errors)) errors[problem.input] = text;
    items.push({ href: `#${inputId(problem.input)}`, text });
  }
  return { errors, summary: items.length ? { title: t('admin.errorSummary'), items } : null };
}

export const noErrors: FormErrors = { errors: {}, summary: null };

// ---------------------------------------------------------------- navigation

export function adminNav(t: Translate, current: string) {
  const items = [
    { id: 'procedures', href: '/admin', label: t('admin.nav.procedures') },
    { id: 'import', href: '/admin/importa', label: t('admin.nav.import') },
    { id: 'offices', href: '/admin/uffici', label: t('admin.nav.offices') },
    { id: 'staff', href: '/admin/personale', label: t('admin.nav.staff') },
    { id: 'audit', href: '/admin/registro', label: t('admin.nav.audit') },
    // the document templates of the procedures (src/documents)
    { id: 'templates', href: '/admin/modelli', label: t('documents.admin.nav') },
    { id: 'notifications', href: '/admin/notifiche', label: t('admin.nav.notifications') },
    // the help desks' figures (src/representation), shared with their operators
    { id: 'helpDesk', href: '/sportello/statistiche', label: t('admin.nav.helpDesk') },
    // the back-office systems that use the API (src/api)
    { id: 'api', href: '/admin/api/clienti', label: t('api.nav') },
    // the comune's street list (src/places)
    { id: 'stradario', href: '/admin/stradario', label: t('places.nav') },
    // retention and the records of processing (src/privacy)
    { id: 'retention', href: '/admin/conservazione', label: t('privacy.nav.retention') },
    { id: 'records', href: '/admin/registro-trattamenti', label: t('privacy.nav.records') },
  ];
  return items.map((item) => ({ ...item, current: item.id === current }));
}

export const procedureBase = (id: number) => `/admin/procedimenti/${id}`;

export function procedureNav(t: Translate, id: number, current: string, firstStep: string | undefined) {
  const base = procedureBase(id);
  const items = [
    { id: 'overview', href: base, label: t('admin.pnav.overview') },
    { id: 'metadata', href: `${base}/scheda`, label: t('admin.pnav.metadata') },
    { id: 'form', href: `${base}/modulo`, label: t('admin.pnav.form') },
    { id: 'fees', href: `${base}/costi`, label: t('admin.pnav.fees') },
    { id: 'routing', href: `${base}/instradamento`, label: t('admin.pnav.routing') },
    { id: 'logic', href: `${base}/logica`, label: t('admin.pnav.logic') },
    { id: 'call', href: `${base}/bando`, label: t('calls.nav') },
    ...(firstStep ? [{ id: 'preview', href: `${base}/anteprima/${firstStep}`, label: t('admin.pnav.preview') }] : []),
    { id: 'journey', href: `${base}/percorso`, label: t('builderPreview.nav') },
    { id: 'checks', href: `${base}/controlli`, label: t('contentChecks.nav') },
    { id: 'versions', href: `${base}/versioni`, label: t('admin.pnav.versions') },
    { id: 'insight', href: `${base}/dove-si-fermano`, label: t('insight.nav') },
  ];
  return items.map((item) => ({ ...item, current: item.id === current }));
}

export function fieldHref(id: number, container: Container, name: string): string {
  return `${procedureBase(id)}/passi/${encodeURIComponent(container.stepId)}/campi/${encodeURIComponent(name)}${container.group ? `?gruppo=${encodeURIComponent(container.group)}` : ''}`;
}

// ---------------------------------------------------------------- content checks

export function targetHref(id: number, target: Target): string {
  const base = procedureBase(id);
  const anchor = (input: string | undefined, fallback: string) => `#${inputId(input ?? fallback)}`;
  switch (target.page) {
    case 'metadata':
      return `${base}/scheda${anchor(target.input, 'titleIt')}`;
    case 'form':
      return `${base}/modulo`;
    case 'step':
      return `${base}/passi/${encodeURIComponent(target.stepId)}${anchor(target.input, 'titleIt')}`;
    case 'field':
      return `${fieldHref(id, { stepId: target.stepId, group: target.group }, target.field)}${anchor(target.input, 'labelIt')}`;
    case 'fees':
      return `${base}/costi#b-yaml`;
    case 'routing':
      return `${base}/instradamento#b-yaml`;
  }
}

function whereText(t: Translate, draft: DraftDefinition, target: Target): string {
  const step = (id: string) => {
    const found = draft.form.steps.find((s) => s.id === id);
    return found?.title.it || id;
  };
  switch (target.page) {
    case 'metadata':
      return t('admin.where.metadata');
    case 'form':
      return t('admin.where.form');
    case 'step':
      return t('admin.where.step', { step: step(target.stepId) });
    case 'field':
      return target.group
        ? t('admin.where.subField', { step: step(target.stepId), group: target.group, field: target.field })
        : t('admin.where.field', { step: step(target.stepId), field: target.field });
    case 'fees':
      return t('admin.where.fees');
    case 'routing':
      return t('admin.where.routing');
  }
}

export function describeChecks(t: Translate, id: number, draft: DraftDefinition, items: CheckItem[]) {
  return items.map((item) => {
    const params: Record<string, string | number> = { ...item.params };
    if (typeof params.what === 'string') params.what = t(params.what, params);
    return { severity: item.severity, where: whereText(t, draft, item.target), text: t(item.key, params), href: targetHref(id, item.target), path: item.path };
  });
}

// ---------------------------------------------------------------- choices

export function choices(t: Translate, offices: Array<{ code: string; name_it: string; name_en: string }>, locale: 'it' | 'en') {
  return {
    areas: AREAS.map((a) => ({ value: a.code, label: a.name[locale] })),
    audiences: AUDIENCES.map((a) => ({ value: a, label: t(`procedure.audience.${a}`) })),
    offices: offices.map((o) => ({ value: o.code, label: locale === 'it' ? o.name_it : o.name_en })),
    fieldTypes: FIELD_TYPES.map((type) => ({ value: type, label: t(`admin.type.${type}`) })),
    operators: CONDITION_OPERATORS.map((op) => ({ value: op, label: t(`admin.op.${op}`) })),
    acceptTypes: ACCEPTED_TYPES.map((type) => ({ value: type, label: FILE_KINDS[type] })),
    signatureDemands: ['', ...SIGNATURE_DEMANDS].map((demand) => ({ value: demand, label: t(`admin.fieldExtras.signature.${demand || 'none'}`) })),
    spidLevels: ['1', '2', '3'].map((l) => ({ value: l, label: t('admin.meta.spidLevelOption', { level: l }) })),
  };
}

// ---------------------------------------------------------------- form values

const joinLines = (items: LocalizedText[], lang: 'it' | 'en') => items.map((i) => i[lang]).join('\n');

/** The service page form filled from a draft. */
export function metadataValues(d: DraftDefinition): Record<string, string | boolean> {
  return {
    titleIt: d.title?.it ?? '',
    titleEn: d.title?.en ?? '',
    summaryIt: d.summary?.it ?? '',
    summaryEn: d.summary?.en ?? '',
    descriptionIt: d.description?.it ?? '',
    descriptionEn: d.description?.en ?? '',
    whoCanApplyIt: d.whoCanApply?.it ?? '',
    whoCanApplyEn: d.whoCanApply?.en ?? '',
    howToIt: d.howTo?.it ?? '',
    howToEn: d.howTo?.en ?? '',
    requirementsIt: joinLines(d.requirements ?? [], 'it'),
    requirementsEn: joinLines(d.requirements ?? [], 'en'),
    documentsIt: joinLines(d.documents ?? [], 'it'),
    documentsEn: joinLines(d.documents ?? [], 'en'),
    costDescriptionIt: d.cost?.description?.it ?? '',
    costDescriptionEn: d.cost?.description?.en ?? '',
    costAmount: d.cost?.amountCents !== undefined ? moneyToInput(d.cost.amountCents, 'it') : '',
    durationDays: String(d.durationDays ?? 30),
    legalReferences: (d.legalReferences ?? []).map((r) => (r.url ? `${r.title} | ${r.url}` : r.title)).join('\n'),
    area: d.area ?? '',
    audience: d.audience ?? '',
    office: d.office ?? '',
    spidLevel: String(d.spidLevel ?? 2),
    silenceConsent: Boolean(d.silenceConsent),
    featured: Boolean(d.featured),
    keywordsIt: (d.keywords?.it ?? []).join(', '),
    keywordsEn: (d.keywords?.en ?? []).join(', '),
    opensAt: isoToRomeLocal(d.opensAt),
    closesAt: isoToRomeLocal(d.closesAt),
    maxFilings: d.maxFilings ? String(d.maxFilings) : '',
  };
}

export function stepValues(step: DraftStep | undefined, before: DraftField[]): Record<string, string> {
  if (!step) return { id: '', titleIt: '', titleEn: '', descriptionIt: '', descriptionEn: '', ...conditionToInput(undefined, before) };
  return {
    id: step.id,
    titleIt: step.title.it,
    titleEn: step.title.en,
    descriptionIt: step.description?.it ?? '',
    descriptionEn: step.description?.en ?? '',
    ...conditionToInput(step.showIf as Condition | undefined, before),
  };
}

export function fieldValues(field: DraftField | undefined, before: DraftField[], stepId: string): Record<string, string | string[] | boolean> {
  if (!field) {
    return {
      name: '', type: 'text', labelIt: '', labelEn: '', hintIt: '', hintEn: '', required: true, minLength: '', maxLength: '', min: '', max: '',
      options: '', accept: [], maxSizeMb: '', declarationIt: '', declarationEn: '', step: stepId, ...extrasValues(undefined), ...conditionToInput(undefined, before),
    };
  }
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    name: field.name,
    type: field.type,
    labelIt: field.label?.it ?? '',
    labelEn: field.label?.en ?? '',
    hintIt: field.hint?.it ?? '',
    hintEn: field.hint?.en ?? '',
    required: field.required,
    minLength: num(field.minLength),
    maxLength: num(field.maxLength),
    min: num(field.min),
    max: num(field.max),
    options: (field.options ?? []).map((o) => `${o.value} | ${o.label.it} | ${o.label.en}`).join('\n'),
    accept: field.accept ?? [],
    maxSizeMb: num(field.maxSizeMb),
    declarationIt: field.declaration?.it ?? '',
    declarationEn: field.declaration?.en ?? '',
    step: stepId,
    ...extrasValues(field),
    ...conditionToInput(field.showIf, before),
  };
}

/** What a condition's select offers: the fields before, by label and name. */
export function conditionChoices(draft: DraftDefinition, container: Container, position: number) {
  return fieldsBefore(draft, container, position)
    .filter((f) => f.type !== 'group' && f.type !== 'file')
    .map((f) => ({ value: f.name, label: `${f.label?.it || f.name} (${f.name})`, options: (f.options ?? []).map((o) => o.value).join(', '), type: f.type }));
}
