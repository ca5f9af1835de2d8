// Helpers of the choice field types (radio, select, checkboxes, yesno): the options of a
// field in the person's language and the ids of their inputs.
import type { FieldDefinition } from '../definition.ts';
import { inputId } from '../inputs.ts';
import { localize, type Locale } from '../messages.ts';
import type { OptionView, ViewInput } from './types.ts';

export function optionLabel(field: FieldDefinition, value: string, locale: Locale): string {
  const option = field.options?.find((o) => o.value === value);
  return option ? localize(option.label, locale) : value;
}

export function isOption(field: FieldDefinition, value: string): boolean {
  return field.options?.some((o) => o.value === value) ?? false;
}

/**
 * The first option takes the id of the field, so that an error link (#f-name) lands on it;
 * the others add their value.
 */
export function optionViews(name: string, options: Array<{ value: string; label: string }>, checked: (value: string) => boolean): OptionView[] {
  const id = inputId(name);
  return options.map((option, i) => ({
    id: i === 0 ? id : `${id}-${option.value}`,
    value: option.value,
    label: option.label,
    checked: checked(option.value),
  }));
}

/** The field's options in the person's language, as radio buttons or checkboxes. */
export function fieldOptionViews(input: ViewInput<unknown>, checked: (value: string) => boolean): OptionView[] {
  return optionViews(
    input.name,
    (input.field.options ?? []).map((o) => ({ value: o.value, label: localize(o.label, input.locale) })),
    checked,
  );
}
