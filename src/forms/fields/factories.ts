// Factories of field type modules: the skeleton every type of one kind shares (a single input
// read as a string; one option out of a list; a number; a composite of parts), so that a
// type's module says only what is its own: how it parses, how it looks, its properties and
// capabilities. Also the configuration shapes and the operator sets several types share.
import { z } from 'zod';
import type { ConditionOperator } from '../conditions.ts';
import type { FieldDefinition } from '../definition.ts';
import { bodyString } from '../inputs.ts';
import { localizedText } from '../localized-text.ts';
import { t, type Locale, type MessageKey } from '../messages.ts';
import { isOption, optionLabel } from './choice.ts';
import { allPartsBlank, compositeView, focusFirstPart, readParts } from './composite.ts';
import { answerSchema, asRecord, asString, checkLength, identityFocus, inputView, isBlankString, TEXT_INPUT, type Report } from './shared.ts';
import type { FieldCapabilities, FieldConfig, FieldModule, FieldView, InputView, SchemaContext, ViewInput, ViewKind } from './types.ts';

/** Texts, dates, single options: compared for equality and presence. */
export const SCALAR_OPERATORS: readonly ConditionOperator[] = ['equals', 'notEquals', 'in', 'filled'];
/** Numbers and amounts: also compared (atLeast, atMost, above, below). */
export const NUMBER_OPERATORS: readonly ConditionOperator[] = [...SCALAR_OPERATORS, 'atLeast', 'atMost', 'above', 'below'];
/** Dates: also compared (before, after, onOrBefore, onOrAfter). */
export const DATE_OPERATORS: readonly ConditionOperator[] = [...SCALAR_OPERATORS, 'before', 'after', 'onOrBefore', 'onOrAfter'];
/** Lists of options: one is ticked or not. */
export const LIST_OPERATORS: readonly ConditionOperator[] = ['includes', 'filled'];
/** Answers only present or absent (files, items, a composite as a whole). */
export const PRESENCE_OPERATORS: readonly ConditionOperator[] = ['filled'];

/** A choice's options: values are lowercase machine codes, labels in both languages. */
export const optionSchema = z
  .object({
    value: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'use lowercase letters, digits and dashes'),
    label: localizedText,
  })
  .strict();

/** A property some types cannot do without: its absence is reported with `message`. */
export function needed<T extends z.ZodTypeAny>(schema: T, message: string): z.ZodEffects<z.ZodEffects<z.ZodOptional<T>>, z.output<T>, z.input<T> | undefined> {
  return schema
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) ctx.addIssue({ code: 'custom', message });
    })
    .transform((value) => value as z.output<T>);
}

/** Types a definition gives no properties of their own. */
export const noConfig = {} satisfies FieldConfig;

/** text, textarea: length in characters. */
export const lengthConfig = {
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
} satisfies FieldConfig;

/** numbers: value bounds; lists (checkboxes, files, group items): counts. */
export const boundsConfig = {
  min: z.number().optional(),
  max: z.number().optional(),
} satisfies FieldConfig;

/** radio, select, checkboxes: at least two options. */
export const optionsConfig = (type: string) => ({
  options: needed(z.array(optionSchema).min(2), `a ${type} field needs options`),
});

/** A single-input type whose answer is a text (or what the text reads as). */
export interface InputSpec<A, C extends FieldConfig> {
  kind?: Extract<ViewKind, 'input' | 'textarea' | 'radios' | 'select'>;
  config: C;
  capabilities: FieldCapabilities;
  /** the message of a required field left empty (its {label} is the field's) */
  required: MessageKey;
  /** the body value as a string (numbers already stored come back as numbers) */
  coerce?: (raw: unknown) => string;
  parse: (raw: string, report: Report, field: FieldDefinition, ctx: SchemaContext & { label: string }) => A | undefined;
  toInput?: (answer: A, field: FieldDefinition, locale: Locale) => string;
  view: (input: ViewInput<string>) => FieldView;
  summary?: (answer: A, field: FieldDefinition, locale: Locale) => string[];
}

/** The skeleton of a field read from one input (a text box, a text area, radios, a select). */
export function inputField<A, C extends FieldConfig>(spec: InputSpec<A, C>): FieldModule<A, string, C> {
  return {
    kind: spec.kind ?? 'input',
    config: spec.config,
    capabilities: spec.capabilities,
    read: (body, name) => bodyString(body, name),
    isBlank: isBlankString,
    schema: (field, ctx) => {
      const label = ctx.labelFor(field);
      return answerSchema(field, ctx, {
        isBlank: isBlankString,
        coerce: spec.coerce ?? asString,
        requiredMessage: t(ctx.locale, spec.required, { label }),
        parse: (raw, report) => spec.parse(raw, report, field, { ...ctx, label }),
      });
    },
    toInput: spec.toInput ?? ((answer) => String(answer)),
    view: spec.view,
    summary: spec.summary ?? ((answer) => [String(answer)]),
    focusPath: identityFocus,
  };
}

export const textCapabilities = (sample: string): FieldCapabilities => ({
  value: 'text',
  inGroup: true,
  operators: SCALAR_OPERATORS,
  fees: [],
  routing: true,
  sample,
});

/** How a checked text is read: its stored form, and what is wrong with it (null: nothing). */
export interface TextCheck<P extends string> {
  normalize: (raw: string) => string;
  problem: (value: string, raw: string) => P | null;
}

/**
 * A text typed in one input and checked (e-mail, phone, postcode, codice fiscale, partita IVA,
 * IBAN): `messages` names the message of a required field left empty and of each problem.
 */
export function textField<P extends string>(spec: {
  check: TextCheck<P>;
  messages: { required: MessageKey } & { [K in P]: MessageKey };
  sample: string;
  input: Partial<Pick<InputView, 'inputType' | 'inputMode' | 'autocomplete' | 'spellcheck' | 'autocapitalize' | 'prefix' | 'widthClass'>>;
  /** how a stored answer is written back in the input and on the summary */
  display?: (answer: string) => string;
  formatHint?: FieldCapabilities['formatHint'];
}): FieldModule<string, string, typeof noConfig> {
  const display = spec.display ?? ((answer: string) => answer);
  return inputField({
    config: noConfig,
    capabilities: { ...textCapabilities(spec.sample), ...(spec.formatHint ? { formatHint: spec.formatHint } : {}) },
    required: spec.messages.required,
    parse: (raw, report, _field, ctx) => {
      const value = spec.check.normalize(raw);
      const problem = spec.check.problem(value, raw);
      return problem === null ? value : report(t(ctx.locale, spec.messages[problem]));
    },
    toInput: display,
    summary: (answer) => [display(answer)],
    view: (input) => inputView(input, { ...TEXT_INPUT, ...spec.input }),
  });
}

/** A free text (one line or several): its own clean-up, and the length limits of the definition. */
export function freeTextField(spec: {
  kind: 'input' | 'textarea';
  clean: (raw: string) => string;
  defaultMax: number;
  sample: string;
  view: (input: ViewInput<string>) => FieldView;
  summary: (answer: string) => string[];
}): FieldModule<string, string, typeof lengthConfig> {
  return inputField<string, typeof lengthConfig>({
    kind: spec.kind,
    config: lengthConfig,
    capabilities: textCapabilities(spec.sample),
    required: 'required',
    parse: (raw, report, field, ctx) => {
      const text = spec.clean(raw);
      checkLength(field, ctx, text, report, spec.defaultMax);
      return text;
    },
    toInput: (answer) => answer,
    view: spec.view,
    summary: spec.summary,
  });
}

/** One option out of the field's options (radio buttons or a select); stores the option value. */
export function choiceField<C extends FieldConfig>(spec: { kind: 'radios' | 'select'; config: C; view: (input: ViewInput<string>) => FieldView }): FieldModule<string, string, C> {
  return inputField<string, C>({
    kind: spec.kind,
    config: spec.config,
    capabilities: { value: 'option', inGroup: true, operators: SCALAR_OPERATORS, fees: ['perOption'], routing: true, sample: 'first-option' },
    required: 'chooseOne',
    parse: (raw, report, field, ctx) => (isOption(field, raw) ? raw : report(t(ctx.locale, 'chooseValid', { label: ctx.label }))),
    toInput: (answer) => answer,
    view: spec.view,
    summary: (answer, field, locale) => [optionLabel(field, answer, locale)],
  });
}

/**
 * A number typed in one input, within the field's min/max: integers, decimals, amounts. Unless
 * told otherwise it is a plain number ("Fill in", "numberMin"/"numberMax", bounds as written).
 */
export function numberField(spec: {
  value?: 'number' | 'money';
  required?: MessageKey;
  fees: FieldCapabilities['fees'];
  sample: number;
  /** the typed text as a number, or the message key of what is wrong with it */
  parse: (raw: string) => number | MessageKey;
  /** a bound of the definition in the unit of the answer (euro -> cents) */
  bound?: (value: number) => number;
  /** a bound in the messages */
  showBound?: (value: number, locale: Locale) => string | number;
  messages?: { min: MessageKey; max: MessageKey };
  toInput: (answer: number, locale: Locale) => string;
  /** the answer on the summary, when not as typed */
  summary?: (answer: number, locale: Locale) => string;
  /** a stored number is read back as typed (amounts are only read as typed) */
  acceptsNumbers?: boolean;
  view: (input: ViewInput<string>) => FieldView;
  formatHint?: FieldCapabilities['formatHint'];
}): FieldModule<number, string, typeof boundsConfig> {
  const { value: kind = 'number', required = 'required', messages = { min: 'numberMin', max: 'numberMax' }, acceptsNumbers = true } = spec;
  const summary = spec.summary ?? spec.toInput;
  const bound = spec.bound ?? ((value: number) => value);
  const showBound = spec.showBound ?? ((value: number) => value);
  return inputField<number, typeof boundsConfig>({
    config: boundsConfig,
    capabilities: { value: kind, inGroup: true, operators: NUMBER_OPERATORS, fees: spec.fees, routing: true, sample: spec.sample, ...(spec.formatHint ? { formatHint: spec.formatHint } : {}) },
    required,
    coerce: (raw) => (acceptsNumbers && typeof raw === 'number' ? String(raw) : asString(raw)),
    parse: (raw, report, field, ctx) => {
      const value = spec.parse(raw);
      if (typeof value === 'string') return report(t(ctx.locale, value, { label: ctx.label }));
      if (field.min !== undefined && value < bound(field.min)) report(t(ctx.locale, messages.min, { label: ctx.label, min: showBound(field.min, ctx.locale) }));
      if (field.max !== undefined && value > bound(field.max)) report(t(ctx.locale, messages.max, { label: ctx.label, max: showBound(field.max, ctx.locale) }));
      return value;
    },
    toInput: (answer, _field, locale) => spec.toInput(answer, locale),
    view: spec.view,
    summary: (answer, _field, locale) => [summary(answer, locale)],
  });
}

/**
 * A composite of parts typed in several inputs ("<field>.<part>"), shown in one fieldset.
 * Left wholly empty and optional it gives no answer; a required one left empty reports each
 * missing part, like a partly filled one.
 */
export function compositeField<A>(spec: {
  parts: readonly string[];
  fees?: FieldCapabilities['fees'];
  singleUse?: string;
  required: MessageKey;
  sample: A;
  parse: (raw: Record<string, string>, report: Report, ctx: SchemaContext) => A | undefined;
  toInput: (answer: A) => Record<string, string>;
  partViews: (input: ViewInput<Record<string, string>>) => InputView[];
  summary: (answer: A, locale: Locale) => string[];
}): FieldModule<A, Record<string, string>, typeof noConfig> {
  return {
    kind: 'composite',
    config: noConfig,
    capabilities: {
      value: 'parts',
      parts: spec.parts,
      inGroup: true,
      operators: PRESENCE_OPERATORS,
      fees: spec.fees ?? [],
      routing: true,
      sample: spec.sample,
      ...(spec.singleUse ? { singleUse: spec.singleUse } : {}),
    },
    read: (body, name) => readParts(body, name, spec.parts),
    isBlank: allPartsBlank,
    schema: (field, ctx) =>
      answerSchema(field, ctx, {
        isBlank: (raw) => !field.required && allPartsBlank(raw),
        coerce: asRecord,
        requiredMessage: t(ctx.locale, spec.required),
        parse: (raw, report) => spec.parse(raw, report, ctx),
      }),
    toInput: spec.toInput,
    view: (input) => compositeView(input, spec.partViews(input)),
    summary: (answer, _field, locale) => spec.summary(answer, locale),
    focusPath: focusFirstPart(spec.parts[0]!),
  };
}
