// The registry of field types: every FIELD_TYPE of the definition schema maps to the module
// that reads, validates, presents and summarises it, and that declares its properties and
// capabilities. The mapped type makes it exhaustive: a new field type does not compile until
// it has a module. Whatever another part of the system needs to know about a type (the parts
// of its answer, how conditions may test it, whether fees or routing rules may read it,
// whether it may sit in a group, the properties a definition gives it) it asks here.
import type { ClientInput, ConditionValue } from '../conditions.ts';
import type { FieldDefinition, FieldType } from '../definition.ts';
import type { Locale } from '../messages.ts';
import { addressType } from './address.ts';
import { cadastralType } from './cadastral.ts';
import { capType } from './cap.ts';
import { checkboxesConfig, checkboxesType } from './checkboxes.ts';
import { codiceFiscaleType } from './codice-fiscale.ts';
import { dateType } from './date.ts';
import { dateLimitsConfig } from '../date-limits.ts';
import { decimalType } from './decimal.ts';
import { declarationConfig, declarationType } from './declaration.ts';
import { emailType } from './email.ts';
import { boundsConfig, lengthConfig, noConfig } from './factories.ts';
import { fileConfig, fileType } from './file.ts';
import { makeGroupField } from './group.ts';
import { ibanType } from './iban.ts';
import { integerType } from './integer.ts';
import { marcaDaBolloType } from './marca-da-bollo.ts';
import { moneyType } from './money.ts';
import { partitaIvaType } from './partita-iva.ts';
import { phoneType } from './phone.ts';
import { radioConfig, radioType } from './radio.ts';
import { selectConfig, selectType } from './select.ts';
import { textConfig, textType } from './text.ts';
import { textareaType } from './textarea.ts';
import type { FeeUse, FieldCapabilities, FieldConfig, FieldModule } from './types.ts';
import { yesnoType } from './yesno.ts';
import { comuneType } from './comune.ts';
import { streetType } from './street.ts';
import { timeConfig, timeType } from './time.ts';
import { targaType } from './targa.ts';

export const fieldModules = {
  text: textType,
  textarea: textareaType,
  integer: integerType,
  decimal: decimalType,
  money: moneyType,
  date: dateType,
  email: emailType,
  phone: phoneType,
  radio: radioType,
  select: selectType,
  checkboxes: checkboxesType,
  yesno: yesnoType,
  declaration: declarationType,
  codiceFiscale: codiceFiscaleType,
  partitaIva: partitaIvaType,
  iban: ibanType,
  cap: capType,
  address: addressType,
  cadastral: cadastralType,
  marcaDaBollo: marcaDaBolloType,
  file: fileType,
  group: makeGroupField((type) => fieldModule(type)),
  comune: comuneType,
  street: streetType,
  time: timeType,
  targa: targaType,
} satisfies { readonly [K in FieldType]: FieldModule };

/**
 * The properties a definition gives each type (zod shapes): each module's own `config`, named
 * here once more so that the definition's types can be built from them without going through
 * the modules (whose functions take field definitions). A test checks they are the same.
 */
export const fieldConfigs = {
  text: textConfig,
  textarea: lengthConfig,
  integer: boundsConfig,
  decimal: boundsConfig,
  money: boundsConfig,
  date: dateLimitsConfig,
  email: noConfig,
  phone: noConfig,
  radio: radioConfig,
  select: selectConfig,
  checkboxes: checkboxesConfig,
  yesno: noConfig,
  declaration: declarationConfig,
  codiceFiscale: noConfig,
  partitaIva: noConfig,
  iban: noConfig,
  cap: noConfig,
  address: noConfig,
  cadastral: noConfig,
  marcaDaBollo: noConfig,
  file: fileConfig,
  group: boundsConfig,
  comune: noConfig,
  street: noConfig,
  time: timeConfig,
  targa: noConfig,
} satisfies { readonly [K in FieldType]: FieldConfig };
export type FieldConfigs = typeof fieldConfigs;

export function fieldModule(type: FieldType): FieldModule {
  return fieldModules[type] as FieldModule;
}

export function fieldCapabilities(type: FieldType): FieldCapabilities {
  return fieldModules[type].capabilities;
}

const TYPES = Object.keys(fieldModules) as FieldType[];

/** The types whose capabilities pass `test`, in the order of the registry. */
export function fieldTypesWhere(test: (capabilities: FieldCapabilities, type: FieldType) => boolean): FieldType[] {
  return TYPES.filter((type) => test(fieldCapabilities(type), type));
}

/** The types a fee item may read in this way (perOption: radio, select, checkboxes...). */
export function fieldTypesForFee(use: FeeUse): FieldType[] {
  return fieldTypesWhere((c) => c.fees.includes(use));
}

/** The parts of a composite type's answer (none for the others). */
export function fieldParts(type: FieldType): readonly string[] {
  return fieldCapabilities(type).parts ?? [];
}

/** The names of the properties a definition may give a field of this type, in schema order. */
export function fieldConfigKeys(type: FieldType): string[] {
  return Object.keys(fieldConfigs[type]);
}

/**
 * How a browser reads the answer to `field` (or to one of its parts) from the input named
 * `name` on the page, for the reveal of questions (clientRule in ../conditions.ts). Options,
 * yes/no and texts are sent as the conditions compare them (toInput writes an expected value as
 * the input sends it); numbers, amounts and dates are typed in many ways, so the browser can
 * only see whether they are filled; files and items it cannot read as answers.
 */
export function clientInput(field: FieldDefinition, name: string, part: string | undefined, locale: Locale): ClientInput {
  const module = fieldModule(field.type);
  const kind = module.capabilities.value;
  const NONE: ClientInput = { name, reads: 'nothing', valueOf: () => null };
  if (part !== undefined) {
    // the parts of a composite answer are texts
    return kind === 'parts' ? { name: `${name}.${part}`, reads: 'value', valueOf: (v) => (typeof v === 'string' ? v : null) } : NONE;
  }
  if (kind === 'files' || kind === 'items' || kind === 'parts') return NONE;
  if (kind !== 'option' && kind !== 'options' && kind !== 'boolean' && kind !== 'text') return { ...NONE, reads: 'filled' };
  const valueOf = (expected: ConditionValue): string | null => {
    if (typeof expected !== (kind === 'boolean' ? 'boolean' : 'string')) return null;
    const typed: unknown = module.toInput(kind === 'options' ? [expected] : expected, field, locale);
    const first: unknown = Array.isArray(typed) ? typed[0] : typed;
    return typeof first === 'string' ? first : null;
  };
  return { name, reads: 'value', valueOf };
}

export type * from './types.ts';
// what a stored file must be to fit a file field (the document wallet asks: src/wallet)
export { storedFileFits, FILE_DEFAULTS, formatFileSize } from './file.ts';
