// The input of every administration form, one zod schema per POST: what the browser sends
// (strings from application/x-www-form-urlencoded) turned into typed values, or issues whose
// message is a message key and whose path is the input to correct. Conditions typed in the
// simple form ("show only if <field> <is> <value>") are built here too, with the value read
// the way the chosen field answers (an option, yes/no, a number, an amount in euro).
import { stringify } from 'yaml';
import { checkFieldExtras, extrasFromInput, fieldExtrasShape, FIELD_EXTRAS_ORDER } from './field-extras.ts';
import { z, type ZodError } from 'zod';
import { AUDIENCES, legalReferenceSchema } from '../catalogue/definition.ts';
import { AREAS } from '../catalogue/areas.ts';
import { COMPARISONS, conditionSchema, FIELD_TYPES, fieldCapabilities, fieldConfigKeys, formatDate, parseMoney, type Condition, type FieldType } from '../forms/index.ts';
import { comparisonOf } from '../forms/conditions.ts';
import { isValidFiscalCode } from '../identity/fiscal-code.ts';
import { buildFieldCondition, conditionValue, parseConditionText } from './condition-values.ts';
import { romeLocalToIso } from './rome-time.ts';
import { ROUTING_OPERATORS } from './routing-rules.ts';
import { FEE_TYPES } from './fees-editor.ts';
import { FEE_TIMINGS, TAXONOMY_CODE_PATTERN } from '../payments/fees.ts';
import { BuilderError, type DraftField, type Metadata } from './draft.ts';

/** An input to correct: the input's name and the message (a key, with parameters). */
export interface InputProblem {
  input: string;
  key: string;
  params?: Record<string, string | number>;
}

/**
 * Issues of a failed parse, first one per input, in the order of the form: `order` lists the
 * form's inputs top to bottom (refinements over several inputs come last from zod otherwise).
 */
export function problemsOf(error: ZodError, order: readonly string[] = []): InputProblem[] {
  const seen = new Set<string>();
  const out: InputProblem[] = [];
  for (const issue of error.issues) {
    const input = String(issue.path[0] ?? '_');
    if (seen.has(input)) continue;
    seen.add(input);
    const [key, param] = issue.message.split('|');
    out.push({ input, key: key!.startsWith('admin.') ? key! : 'admin.error.invalid', params: param ? { detail: param } : {} });
  }
  const rank = (input: string) => (order.includes(input) ? order.indexOf(input) : order.length);
  return out.sort((a, b) => rank(a.input) - rank(b.input));
}

/** The inputs of the field form, top to bottom. */
export const FIELD_FORM_ORDER = ['type', 'name', 'labelIt', 'labelEn', 'hintIt', 'hintEn', 'required', 'step', 'options', 'minLength', 'maxLength', 'min', 'max', 'accept', 'maxSizeMb', 'declarationIt', 'declarationEn', ...FIELD_EXTRAS_ORDER, 'condField', 'condOp', 'condValue', 'condAdvanced'] as const;

export const OFFICE_FORM_ORDER = ['code', 'nameIt', 'nameEn', 'email', 'phone', 'address', 'hoursIt', 'hoursEn', 'ioServiceKeyRef'] as const;
export const STAFF_FORM_ORDER = ['fiscalCode', 'givenName', 'familyName', 'email', 'role', 'offices', 'desk', 'active'] as const;

/** The inputs of the service page form, top to bottom. */
export const METADATA_FORM_ORDER = [
  'titleIt', 'titleEn', 'summaryIt', 'summaryEn', 'descriptionIt', 'descriptionEn', 'whoCanApplyIt', 'whoCanApplyEn', 'howToIt', 'howToEn',
  'requirementsIt', 'requirementsEn', 'documentsIt', 'documentsEn', 'keywordsIt', 'keywordsEn', 'area', 'audience', 'office', 'durationDays',
  'spidLevel', 'silenceConsent', 'legalReferences', 'featured', 'costDescriptionIt', 'costDescriptionEn', 'costAmount', 'opensAt', 'closesAt', 'maxFilings',
] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const str = (max: number) => z.preprocess((v) => first(v) ?? '', z.string({ invalid_type_error: 'admin.error.invalid' }).trim().max(max, 'admin.error.tooLong'));
const required = (max: number, key = 'admin.error.required') => str(max).pipe(z.string().min(1, key));
const checkbox = z.preprocess((v) => ['yes', 'on', 'true', '1'].includes(String(first(v) ?? '')), z.boolean());
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(100));
const blankToUndefined = (v: unknown) => {
  const value = first(v);
  return typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;
};
const optionalInt = (min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: 'admin.error.integer' }).int('admin.error.integer').min(min, 'admin.error.range').max(max, 'admin.error.range').optional());
const optionalNumber = z.preprocess(
  (v) => {
    const value = blankToUndefined(v);
    return typeof value === 'string' ? value.replace(',', '.') : value;
  },
  z.coerce.number({ invalid_type_error: 'admin.error.number' }).finite('admin.error.number').optional(),
);
const lines = (value: string) => value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);

const slug = required(80).pipe(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.error.slug'));
const areaCodes = AREAS.map((a) => a.code) as [string, ...string[]];
const area = z.preprocess(first, z.enum(areaCodes, { errorMap: () => ({ message: 'admin.error.choose' }) }));
const audience = z.preprocess(first, z.enum(AUDIENCES, { errorMap: () => ({ message: 'admin.error.choose' }) }));
const officeCode = required(80, 'admin.error.choose').pipe(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.error.choose'));

// ---------------------------------------------------------------- procedures

export const createProcedureInput = z.object({
  slug,
  titleIt: required(200),
  titleEn: str(200),
  area,
  audience,
  office: officeCode,
});

/** "Title | https://..." per line; the URL is optional. */
function legalReferences(text: string, ctx: z.RefinementCtx) {
  return lines(text).map((line, i) => {
    const [title = '', url] = line.split('|').map((p) => p.trim());
    const parsed = legalReferenceSchema.safeParse(url ? { title, url } : { title });
    if (!parsed.success) ctx.addIssue({ code: 'custom', message: `admin.error.legalReference|${i + 1}` });
    return url ? { title, url } : { title };
  });
}

/** Lines of two textareas, paired: the n-th Italian line with the n-th English one. */
function paired(it: string, en: string) {
  const a = lines(it);
  const b = lines(en);
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => ({ it: a[i] ?? '', en: b[i] ?? '' }));
}

const keywords = (text: string) => text.split(',').map((k) => k.trim()).filter(Boolean);

/** An amount in euro as people type it ("16", "16,00"), in cents; empty: none. */
const euroAmount = str(20).transform((text, ctx) => {
  if (!text) return undefined;
  const money = parseMoney(text);
  if (!money.ok) ctx.addIssue({ code: 'custom', message: 'admin.error.amount' });
  return money.ok ? money.cents : undefined;
});

/** A Rome date and time from a datetime-local input, as an instant with its offset; empty: none. */
const romeTime = str(30).transform((text, ctx) => {
  if (!text) return undefined;
  const iso = romeLocalToIso(text);
  if (!iso) ctx.addIssue({ code: 'custom', message: 'admin.error.dateTime' });
  return iso ?? undefined;
});

export const metadataInput = z
  .object({
    titleIt: str(300),
    titleEn: str(300),
    summaryIt: str(1000),
    summaryEn: str(1000),
    descriptionIt: str(10_000),
    descriptionEn: str(10_000),
    whoCanApplyIt: str(5000),
    whoCanApplyEn: str(5000),
    howToIt: str(10_000),
    howToEn: str(10_000),
    requirementsIt: str(10_000),
    requirementsEn: str(10_000),
    documentsIt: str(10_000),
    documentsEn: str(10_000),
    costDescriptionIt: str(1000),
    costDescriptionEn: str(1000),
    costAmount: euroAmount,
    durationDays: z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: 'admin.error.integer' }).int('admin.error.integer').min(1, 'admin.error.duration').max(180, 'admin.error.duration')),
    legalReferences: str(10_000).transform(legalReferences),
    area,
    audience,
    office: officeCode,
    spidLevel: z.preprocess(first, z.enum(['1', '2', '3'], { errorMap: () => ({ message: 'admin.error.choose' }) })),
    silenceConsent: checkbox,
    featured: checkbox,
    keywordsIt: str(2000),
    keywordsEn: str(2000),
    opensAt: romeTime,
    closesAt: romeTime,
    maxFilings: optionalInt(1, 1_000_000),
  })
  .superRefine((input, ctx) => {
    if (input.opensAt && input.closesAt && Date.parse(input.closesAt) <= Date.parse(input.opensAt)) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'admin.error.closesBeforeOpening' });
    }
  })
  .transform(
    (input): Metadata => ({
      title: { it: input.titleIt, en: input.titleEn },
      summary: { it: input.summaryIt, en: input.summaryEn },
      area: input.area,
      audience: input.audience,
      description: { it: input.descriptionIt, en: input.descriptionEn },
      whoCanApply: { it: input.whoCanApplyIt, en: input.whoCanApplyEn },
      howTo: { it: input.howToIt, en: input.howToEn },
      requirements: paired(input.requirementsIt, input.requirementsEn),
      documents: paired(input.documentsIt, input.documentsEn),
      cost: { description: { it: input.costDescriptionIt, en: input.costDescriptionEn }, ...(input.costAmount !== undefined ? { amountCents: input.costAmount } : {}) },
      durationDays: input.durationDays,
      legalReferences: input.legalReferences,
      office: input.office,
      spidLevel: Number(input.spidLevel) as 1 | 2 | 3,
      silenceConsent: input.silenceConsent,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      maxFilings: input.maxFilings,
      keywords: { it: keywords(input.keywordsIt), en: keywords(input.keywordsEn) },
      featured: input.featured,
    }),
  );

// ---------------------------------------------------------------- conditions

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'filled', 'empty', ...COMPARISONS] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const conditionParts = {
  condField: str(63),
  condOp: z.preprocess((v) => first(v) || 'equals', z.enum(CONDITION_OPERATORS, { errorMap: () => ({ message: 'admin.error.choose' }) })),
  condValue: str(500),
  condAdvanced: str(5000),
};

export interface ConditionInput {
  condField: string;
  condOp: ConditionOperator;
  condValue: string;
  condAdvanced: string;
}

/**
 * The condition of the simple form, or of the advanced one (YAML or JSON) when filled; none
 * when both are empty. `fields` are those the condition may name (the ones before).
 */
export function buildCondition(input: ConditionInput, fields: DraftField[]): Condition | undefined {
  if (input.condAdvanced) return parseConditionText(input.condAdvanced, conditionSchema);
  if (!input.condField) return undefined;
  const target = fields.find((f) => f.name === input.condField);
  if (!target) throw new BuilderError('condField', 'admin.builder.conditionUnknown', { field: input.condField });
  const field = target.name;
  if ((COMPARISONS as readonly string[]).includes(input.condOp)) return buildFieldCondition({ path: field, field: target, part: null }, input.condOp, input.condValue);
  switch (input.condOp) {
    case 'filled':
      return { field, filled: true };
    case 'empty':
      return { field, filled: false };
    case 'in': {
      const values = input.condValue.split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) throw new BuilderError('condValue', 'admin.error.required');
      return { field, in: values.map((v) => conditionValue(v, target)) };
    }
    case 'includes':
      if (!fieldCapabilities(target.type).operators.includes('includes')) throw new BuilderError('condOp', 'admin.error.includesNeedsCheckboxes');
      return { field, includes: String(conditionValue(input.condValue, target)) };
    case 'notEquals':
      return { field, notEquals: conditionValue(input.condValue, target) };
    default:
      return { field, equals: conditionValue(input.condValue, target) };
  }
}

/** A stored condition back in the form: the simple inputs when it fits them, else the YAML. */
export function conditionToInput(condition: Condition | undefined, fields: DraftField[]): ConditionInput {
  const empty: ConditionInput = { condField: '', condOp: 'equals', condValue: '', condAdvanced: '' };
  if (!condition) return empty;
  if ('field' in condition) {
    const target = fields.find((f) => f.name === condition.field);
    const show = (v: string | number | boolean) => (target && fieldCapabilities(target.type).value === 'money' && typeof v === 'number' ? (v / 100).toFixed(2).replace('.', ',') : String(v));
    const base = { ...empty, condField: condition.field };
    if ('equals' in condition) return { ...base, condOp: 'equals', condValue: show(condition.equals) };
    if ('notEquals' in condition) return { ...base, condOp: 'notEquals', condValue: show(condition.notEquals) };
    if ('in' in condition) return { ...base, condOp: 'in', condValue: condition.in.map(show).join(', ') };
    if ('includes' in condition) return { ...base, condOp: 'includes', condValue: condition.includes };
    if ('filled' in condition) return { ...base, condOp: condition.filled ? 'filled' : 'empty' };
    const comparison = comparisonOf(condition);
    if (comparison && typeof comparison.operand !== 'object') {
      const operand = comparison.operand;
      return { ...base, condOp: comparison.op, condValue: typeof operand === 'string' ? formatDate(operand) : show(operand) };
    }
  }
  return { ...empty, condAdvanced: stringify(condition, { lineWidth: 0 }).trim() };
}

// ---------------------------------------------------------------- steps and fields

export const stepInput = z.object({
  id: required(63).pipe(z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'admin.error.stepId')),
  titleIt: str(300),
  titleEn: str(300),
  descriptionIt: str(2000),
  descriptionEn: str(2000),
  ...conditionParts,
});
export type StepFormInput = z.infer<typeof stepInput>;

export const ACCEPTED_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
] as const;

/** "value | Italian label | English label" per line. */
function options(text: string, ctx: z.RefinementCtx) {
  return lines(text).map((line, i) => {
    const [value = '', it = '', en = ''] = line.split('|').map((p) => p.trim());
    if (!/^[a-z0-9][a-z0-9-_]*$/.test(value)) ctx.addIssue({ code: 'custom', message: `admin.error.optionLine|${i + 1}` });
    return { value, label: { it, en } };
  });
}

export const fieldInput = z
  .object({
    name: required(63).pipe(z.string().regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'admin.error.fieldName')),
    type: z.preprocess(first, z.enum(FIELD_TYPES, { errorMap: () => ({ message: 'admin.error.choose' }) })),
    labelIt: str(1000),
    labelEn: str(1000),
    hintIt: str(2000),
    hintEn: str(2000),
    required: checkbox,
    minLength: optionalInt(0, 100_000),
    maxLength: optionalInt(1, 100_000),
    min: optionalNumber,
    max: optionalNumber,
    options: str(20_000).transform(options),
    accept: list.pipe(z.array(z.enum(ACCEPTED_TYPES, { errorMap: () => ({ message: 'admin.error.choose' }) }))),
    maxSizeMb: z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: 'admin.error.number' }).positive('admin.error.range').max(50, 'admin.error.range').optional()),
    declarationIt: str(5000),
    declarationEn: str(5000),
    step: str(63),
    ...conditionParts,
    ...fieldExtrasShape,
  })
  .superRefine((input, ctx) => {
    checkFieldExtras(input, ctx);
    if (input.min !== undefined && input.max !== undefined && input.min > input.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'admin.error.minAboveMax' });
    if (input.minLength !== undefined && input.maxLength !== undefined && input.minLength > input.maxLength) ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'admin.error.minAboveMax' });
  });
export type FieldFormInput = z.infer<typeof fieldInput>;

/** The field the form describes (the condition is built apart, with the fields before it). */
export function fieldFromInput(input: FieldFormInput, showIf: Condition | undefined): DraftField {
  const type: FieldType = input.type;
  const text = (it: string, en: string) => ({ it, en });
  return {
    name: input.name,
    type,
    label: text(input.labelIt, input.labelEn),
    ...(input.hintIt || input.hintEn ? { hint: text(input.hintIt, input.hintEn) } : {}),
    required: input.required,
    ...(showIf ? { showIf } : {}),
    ...(input.options.length ? { options: input.options } : {}),
    ...(input.minLength !== undefined ? { minLength: input.minLength } : {}),
    ...(input.maxLength !== undefined ? { maxLength: input.maxLength } : {}),
    ...(input.min !== undefined ? { min: input.min } : {}),
    ...(input.max !== undefined ? { max: input.max } : {}),
    ...(input.accept.length ? { accept: [...input.accept] } : {}),
    ...(input.maxSizeMb !== undefined ? { maxSizeMb: input.maxSizeMb } : {}),
    ...(fieldConfigKeys(type).includes('declaration') ? { declaration: text(input.declarationIt, input.declarationEn) } : {}),
    ...extrasFromInput(input),
  };
}

export const moveInput = z.object({ direction: z.preprocess(first, z.enum(['up', 'down'], { errorMap: () => ({ message: 'admin.error.choose' }) })) });

/** One routing rule: its name, why, where it sends the filing and when. */
export const ruleInput = z.object({
  ruleId: required(60).pipe(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.error.slug')),
  descriptionIt: str(300),
  descriptionEn: str(300),
  office: officeCode,
  condField: str(130),
  condOp: z.preprocess((v) => first(v) || 'equals', z.enum(ROUTING_OPERATORS, { errorMap: () => ({ message: 'admin.error.choose' }) })),
  condValue: str(500),
  condAdvanced: str(5000),
}).superRefine((input, ctx) => {
  if (!input.condField && !input.condAdvanced) ctx.addIssue({ code: 'custom', path: ['condField'], message: 'admin.error.choose' });
});
export const RULE_FORM_ORDER = ['ruleId', 'descriptionIt', 'descriptionEn', 'office', 'condField', 'condOp', 'condValue', 'condAdvanced'] as const;

/** The settings of the fees: when they are paid, the pagoPA taxonomy code, days to pay, reason. */
export const feeSettingsInput = z.object({
  timing: z.preprocess(first, z.enum(FEE_TIMINGS, { errorMap: () => ({ message: 'admin.error.choose' }) })),
  taxonomyCode: required(20).pipe(z.string().regex(TAXONOMY_CODE_PATTERN, 'admin.fees.taxonomy')),
  dueDays: z.preprocess(blankToUndefined, z.coerce.number({ invalid_type_error: 'admin.error.integer' }).int('admin.error.integer').min(1, 'admin.error.range').max(365, 'admin.error.range').default(30)),
  reasonIt: str(140),
  reasonEn: str(140),
  descriptionIt: str(1000),
  descriptionEn: str(1000),
});
export const FEE_SETTINGS_ORDER = ['timing', 'taxonomyCode', 'dueDays', 'reasonIt', 'reasonEn', 'descriptionIt', 'descriptionEn'] as const;

/** One fee item; what its type needs is checked when it is built (fees-editor.ts). */
export const feeItemInput = z.object({
  itemId: required(40).pipe(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'admin.error.stepId')),
  labelIt: str(140),
  labelEn: str(140),
  feeType: z.preprocess(first, z.enum(FEE_TYPES, { errorMap: () => ({ message: 'admin.error.choose' }) })),
  amount: str(20),
  field: str(63),
  amounts: str(5000),
  rate: str(20),
  per: str(20),
  minimum: str(20),
  maximum: str(20),
  online: checkbox,
  declaredBy: str(63),
  ...conditionParts,
});
export const FEE_ITEM_ORDER = ['itemId', 'labelIt', 'labelEn', 'feeType', 'amount', 'field', 'amounts', 'rate', 'per', 'minimum', 'maximum', 'online', 'declaredBy', 'condField', 'condOp', 'condValue', 'condAdvanced'] as const;

/** The fees or routing section, as YAML (or JSON); empty removes the section. */
export const sectionInput = z.object({ yaml: str(100_000) });

export const importInput = z.object({ text: str(500_000), replace: checkbox });

/** Publishing: `confermaAvvisi` says the administrator read the content checks' warnings. */
export const publishInput = z.object({ confermaAvvisi: checkbox });

export const diffQuery = z.object({
  da: z.preprocess(first, z.string().regex(/^(\d{1,6}|bozza)$/).optional().catch(undefined)),
  a: z.preprocess(first, z.string().regex(/^(\d{1,6}|bozza)$/).optional().catch(undefined)),
});

export const listQuery = z.object({
  q: z.preprocess(first, z.string().trim().max(100).optional().catch(undefined)),
  stato: z.preprocess(first, z.enum(['draft', 'published', 'archived']).optional().catch(undefined)),
  ufficio: z.preprocess(first, z.string().max(80).optional().catch(undefined)),
});

export const pageQuery = z.object({ pagina: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1).default(1)) });

// ---------------------------------------------------------------- offices and staff

export const officeInput = z.object({
  nameIt: required(200),
  nameEn: required(200),
  email: required(200).pipe(z.string().email('admin.error.email')),
  phone: required(30).pipe(z.string().regex(/^\+?[0-9 ]{6,20}$/, 'admin.error.phone')),
  address: required(300).pipe(z.string().min(5, 'admin.error.tooShort')),
  hoursIt: required(1000),
  hoursEn: required(1000),
  ioServiceKeyRef: str(100).pipe(z.string().regex(/^([A-Za-z0-9_.:/-]{1,100})?$/, 'admin.error.keyRef')),
});
export const newOfficeInput = officeInput.extend({ code: slug });

export const staffInput = z
  .object({
    givenName: required(100),
    familyName: required(100),
    email: str(200).pipe(z.union([z.literal(''), z.string().email('admin.error.email')])),
    role: z.preprocess(first, z.enum(['clerk', 'admin'], { errorMap: () => ({ message: 'admin.error.choose' }) })),
    offices: list.pipe(z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.error.choose'))),
    /** the help desk of an operator ('' for none) */
    desk: str(80).pipe(z.union([z.literal(''), z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'admin.error.choose')])),
    active: checkbox,
  })
  .superRefine((input, ctx) => {
    // a member with no role at all: an office to work, or a help desk
    if (input.role === 'clerk' && input.offices.length === 0 && input.desk === '') ctx.addIssue({ code: 'custom', path: ['offices'], message: 'admin.error.clerkOffice' });
  });
export const newStaffInput = staffInput.and(
  z.object({
    fiscalCode: z.preprocess((v) => String(first(v) ?? '').trim().toUpperCase(), z.string().refine(isValidFiscalCode, 'admin.error.fiscalCode')),
  }),
);

const OFFICE_INPUT = /^(ruolo|procedure)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * A member's roles form: per office `ruolo-<office>` (clerk, head, auditor) and
 * `procedure-<office>` (procedure ids, none: all), and `conferma=si` once confirmed. The
 * service checks the offices are the member's and the procedures each office's.
 */
export const staffRolesInput = z.record(z.union([z.string().max(200), z.array(z.string().max(200)).max(500)])).transform((body, ctx) => {
  const offices: Record<string, { role: string | undefined; procedures: string[] }> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf' || key === 'conferma') continue;
    const match = OFFICE_INPUT.exec(key);
    if (!match) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'admin.error.invalid' });
      continue;
    }
    const entry = (offices[match[2]!] ??= { role: undefined, procedures: [] });
    if (match[1] === 'ruolo') entry.role = String(first(value));
    else entry.procedures = Array.isArray(value) ? value : [value];
  }
  return { offices, confirmed: first(body.conferma) === 'si' };
});
