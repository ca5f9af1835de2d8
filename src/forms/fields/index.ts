// The registry of field types: every FIELD_TYPE of the definition schema maps to the module
// that reads, validates, presents and summarises it. The mapped type makes it exhaustive: a
// new field type does not compile until it has a module.
import type { FieldType } from '../definition.ts';
import { addressField } from './address.ts';
import { cadastralField } from './cadastral.ts';
import { capField } from './cap.ts';
import { checkboxesField } from './checkboxes.ts';
import { codiceFiscaleField } from './codice-fiscale.ts';
import { dateField } from './date.ts';
import { decimalField } from './decimal.ts';
import { declarationField } from './declaration.ts';
import { emailField } from './email.ts';
import { fileField } from './file.ts';
import { makeGroupField } from './group.ts';
import { ibanField } from './iban.ts';
import { integerField } from './integer.ts';
import { marcaDaBolloField } from './marca-da-bollo.ts';
import { moneyField } from './money.ts';
import { partitaIvaField } from './partita-iva.ts';
import { phoneField } from './phone.ts';
import { radioField } from './radio.ts';
import { selectField } from './select.ts';
import { textField } from './text.ts';
import { textareaField } from './textarea.ts';
import type { FieldModule } from './types.ts';
import { yesnoField } from './yesno.ts';

export const fieldModules: { readonly [K in FieldType]: FieldModule } = {
  text: textField,
  textarea: textareaField,
  integer: integerField,
  decimal: decimalField,
  money: moneyField,
  date: dateField,
  email: emailField,
  phone: phoneField,
  radio: radioField,
  select: selectField,
  checkboxes: checkboxesField,
  yesno: yesnoField,
  declaration: declarationField,
  codiceFiscale: codiceFiscaleField,
  partitaIva: partitaIvaField,
  iban: ibanField,
  cap: capField,
  address: addressField,
  cadastral: cadastralField,
  marcaDaBollo: marcaDaBolloField,
  file: fileField,
  group: makeGroupField((type) => fieldModule(type)),
};

export function fieldModule(type: FieldType): FieldModule {
  return fieldModules[type];
}

export type * from './types.ts';
