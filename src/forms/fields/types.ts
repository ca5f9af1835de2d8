// The contract of a field type module, and the view models its template macro receives.
// A field type knows how to read its inputs from a POST body, the zod schema that turns those
// inputs into a stored answer, how to present itself (view model), and how to write its answer
// on the summary page and the receipt. It also declares what the rest of the system may know
// about it: the properties a definition gives it (its configuration schema) and its
// capabilities (parts, kind of answer, conditions, fees, routing, groups).
import type { z } from 'zod';
import type { Answers } from '../answers.ts';
import type { Condition, ConditionOperator } from '../conditions.ts';
import type { FieldDefinition } from '../definition.ts';
import type { FormBody } from '../inputs.ts';
import type { Locale } from '../messages.ts';
import type { StreetDirectory } from '../../places/streets.ts';

export interface ReadContext {
  /** Answers already stored (the draft): file fields take their list from here. */
  previous: Answers;
}

export interface SchemaContext {
  locale: Locale;
  /** yyyy-mm-dd, the date in Rome; dates "not in the future" compare with it. */
  today: string;
  /** Answers known when this field is read (earlier steps, earlier fields): group sub-field conditions read it. */
  scope: Answers;
  /** The label used inside error messages (a group adds the item number). */
  labelFor(field: FieldDefinition): string;
  /** the comune's street list, for street fields (null or absent: none loaded, streets are free text) */
  streets?: StreetDirectory | null | undefined;
}

/** What the person typed, field by field, kept to show the page again. */
export type StepValues = { [field: string]: unknown };

/** Input name -> message, the first error of each input. */
export type ErrorMap = ReadonlyMap<string, string>;

export interface ViewInput<R> {
  field: FieldDefinition;
  /** input name, e.g. "iban" or "componenti[1].nome" */
  name: string;
  /** as typed (or as rebuilt from a stored answer); undefined when never filled */
  value: R | undefined;
  errors: ErrorMap;
  locale: Locale;
  /** "Answer only if ..." when the field depends on an answer on the same page */
  conditionText: string | null;
  /** the condition as the browser decides it (JSON of a ClientRule, src/forms/conditions.ts), for the reveal script; null: always shown */
  revealRule: string | null;
  /**
   * The browser's rule for a condition of a field inside this one (a group item's sub-field),
   * `sibling` giving the inputs of the other sub-fields of the same item; null when it has none.
   */
  revealRuleOf(condition: Condition, sibling: (name: string) => { field: FieldDefinition; name: string } | null): string | null;
  /** answers of earlier steps, for the conditions of group sub-fields */
  scope: Answers;
  /** names of the fields on this page, whose answers are not known until the page is posted */
  onPage: ReadonlySet<string>;
  /** any field of the form by name, to word the conditions of group sub-fields */
  findField(name: string): FieldDefinition | undefined;
  /** the comune's street list, for the suggestions of street fields (see SchemaContext) */
  streets?: StreetDirectory | null | undefined;
  /** yyyy-mm-dd, when the caller knows it: date limits relative to today become min/max */
  today?: string | undefined;
}

export type ViewKind = 'input' | 'textarea' | 'select' | 'radios' | 'checkboxes' | 'declaration' | 'composite' | 'file' | 'group';

interface BaseView {
  kind: ViewKind;
  type: FieldDefinition['type'];
  /** input name (the first input's for fieldsets) */
  name: string;
  /** element id of the input; for fieldsets, of the first input inside */
  id: string;
  label: string;
  /** "(facoltativo)" beside the label of a field that may be left empty, else null */
  optionalText: string | null;
  hint: string | null;
  hintId: string | null;
  conditionText: string | null;
  conditionId: string | null;
  error: string | null;
  errorId: string | null;
  /** ids of hint, condition and error, space separated, for aria-describedby; null when none */
  describedBy: string | null;
  invalid: boolean;
  /** JSON of a ClientRule (data-reveal-if): the script hides the field while it is false */
  revealRule: string | null;
  /** where a prefilled value came from, or why it is missing (src/prefill), with its id for aria-describedby */
  prefill?: { text: string; id: string } | null;
  /** a prefilled value the person may not change */
  readonly?: boolean;
}

export interface InputView extends BaseView {
  kind: 'input';
  inputType: 'text' | 'email' | 'tel' | 'date' | 'time';
  inputMode: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | null;
  autocomplete: string | null;
  spellcheck: boolean | null;
  autocapitalize: 'characters' | 'none' | null;
  value: string;
  /** a symbol shown before the input, e.g. "€" */
  prefix: string | null;
  /** a Bootstrap width class for short values (CAP, province), or null for full width */
  widthClass: string | null;
  /** suggestions offered as the person types (a <datalist>), e.g. comuni and streets */
  suggestions?: { id: string; options: readonly string[] } | null;
  /** the earliest and latest date allowed (yyyy-mm-dd), as the input's min and max */
  min?: string | null;
  max?: string | null;
  /** the pattern attribute (a text field's pattern, where browsers read it alike) */
  pattern?: string;
  /** the step, min and max attributes of a time input */
  step?: number;
}

export interface TextareaView extends BaseView {
  kind: 'textarea';
  value: string;
  rows: number;
}

export interface OptionView {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

export interface SelectView extends BaseView {
  kind: 'select';
  /** the first option has value "" and the placeholder label */
  options: Array<{ value: string; label: string; selected: boolean }>;
}

export interface ChoiceView extends BaseView {
  kind: 'radios' | 'checkboxes';
  options: OptionView[];
}

export interface DeclarationView extends BaseView {
  kind: 'declaration';
  /** the text declared, the label of the checkbox; `label` is the legend */
  text: string;
  value: 'yes';
  checked: boolean;
}

export interface CompositeView extends BaseView {
  kind: 'composite';
  parts: InputView[];
}

/** A submit button the engine renders; routes read it from the body as `_action`. */
export interface ActionButton {
  name: '_action';
  value: string;
  label: string;
  /** extra words for screen readers, e.g. which item a "Remove" button removes */
  hiddenLabel: string | null;
}

export interface FileView extends BaseView {
  kind: 'file';
  files: Array<{ id: string; name: string; sizeText: string; remove: ActionButton; /** "firmato da ..." for a signed file */ signedText?: string | null }>;
  noneText: string;
  uploadLabel: string;
  accept: string | null;
  multiple: boolean;
  /** what the field says of signatures (it asks for signed files), else null */
  signatureText?: string | null;
  /** name of the invisible plain submit button placed before the remove buttons (see parts.njk) */
  defaultSubmitLabel: string;
}

export interface GroupItemView {
  index: number;
  legend: string;
  fields: FieldView[];
  remove: ActionButton | null;
}

export interface GroupView extends BaseView {
  kind: 'group';
  items: GroupItemView[];
  add: ActionButton | null;
  /** hidden input carrying the number of item slots shown */
  countName: string;
  count: number;
  /** name of the invisible plain submit button placed before the add/remove buttons (see parts.njk) */
  defaultSubmitLabel: string;
}

export type FieldView =
  | InputView
  | TextareaView
  | SelectView
  | ChoiceView
  | DeclarationView
  | CompositeView
  | FileView
  | GroupView;

export type AnswerSchema<A> = z.ZodType<A | undefined, z.ZodTypeDef, unknown>;

/**
 * What a stored answer is: a text, a number, an amount in euro cents, true/false, a date
 * (yyyy-mm-dd), one option value, a list of option values, an object of parts (composite
 * fields), a list of file references, a list of items (groups).
 */
export type ValueKind = 'text' | 'number' | 'money' | 'boolean' | 'date' | 'option' | 'options' | 'parts' | 'files' | 'items';

/** How a fee item may read a field: the option chosen, a quantity, the stamp declared. */
export type FeeUse = 'perOption' | 'rate' | 'stampDeclaration';

export interface FieldCapabilities {
  value: ValueKind;
  /** composite fields: the parts of the answer, in the order of the inputs */
  parts?: readonly string[];
  /** whether it may be a field of a repeatable group's items */
  inGroup: boolean;
  /** how a condition may test the answer (none: conditions cannot name it); parts compare as text */
  operators: readonly ConditionOperator[];
  /** how fee items may read it */
  fees: readonly FeeUse[];
  /** whether a routing rule may name it (its parts, for a composite field) */
  routing: boolean;
  /** a typical answer, for previews and tests */
  sample: unknown;
  /**
   * the answer has a format a person must know before typing (a code, an amount): 'needed'
   * asks the builder's content checks for a hint with an example, 'built-in' means the type
   * shows its own when the definition gives none
   */
  formatHint?: 'needed' | 'built-in';
  /**
   * The part of the answer that names something usable once in the whole portal (a revenue
   * stamp's identifier): recorded with the filing that uses it, refused in any later one.
   */
  singleUse?: string;
}

/** The properties a definition gives a field of one type, beyond name, label, hint, required, showIf. */
export type FieldConfig = z.ZodRawShape;

export interface FieldModule<A = unknown, R = unknown, C extends FieldConfig = FieldConfig> {
  readonly kind: ViewKind;
  /** The properties of this type in a definition (zod shapes, checked with the common ones). */
  readonly config: C;
  readonly capabilities: FieldCapabilities;
  /** The inputs of this field in a POST body, as typed (strings, lists, parts). */
  read(body: FormBody, name: string, field: FieldDefinition, ctx: ReadContext): R;
  /** True when the person left the field empty. */
  isBlank(raw: R): boolean;
  /** Turns what was typed into the stored answer; undefined when left empty and optional. */
  schema(field: FieldDefinition, ctx: SchemaContext): AnswerSchema<A>;
  /** A stored answer as the person would type it, to show the page again. */
  toInput(answer: A, field: FieldDefinition, locale: Locale): R;
  view(input: ViewInput<R>): FieldView;
  /** The answer in words, one line per element, for the summary page and the receipt. */
  summary(answer: A, field: FieldDefinition, locale: Locale): string[];
  /** The path of the input an error at `path` should link to (fieldsets point to their first input). */
  focusPath(field: FieldDefinition, path: Array<string | number>): Array<string | number>;
}
