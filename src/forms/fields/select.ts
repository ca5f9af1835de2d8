// Field type "select": one answer out of many options, in a drop-down list. Stores the option
// value. Prefer "radio" for fewer than about eight options.
import { inputId } from '../inputs.ts';
import { localize, t } from '../messages.ts';
import { choiceField, optionsConfig } from './factories.ts';
import { baseView } from './shared.ts';
import type { SelectView } from './types.ts';

export const selectConfig = optionsConfig('select');

export const selectType = choiceField({
  kind: 'select',
  config: selectConfig,
  view: (input): SelectView => ({
    ...baseView(input, 'select'),
    kind: 'select',
    id: inputId(input.name),
    options: [
      { value: '', label: t(input.locale, 'selectPlaceholder'), selected: !input.value },
      ...(input.field.options ?? []).map((o) => ({
        value: o.value,
        label: localize(o.label, input.locale),
        selected: o.value === input.value,
      })),
    ],
  }),
});
