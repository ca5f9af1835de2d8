// Field type "radio": one answer out of a few options, all visible. Stores the option value.
import { fieldOptionViews } from './choice.ts';
import { choiceField, optionsConfig } from './factories.ts';
import { baseView } from './shared.ts';
import type { ChoiceView } from './types.ts';

export const radioConfig = optionsConfig('radio');

export const radioType = choiceField({
  kind: 'radios',
  config: radioConfig,
  view: (input): ChoiceView => ({ ...baseView(input, 'radios'), kind: 'radios', options: fieldOptionViews(input, (value) => value === input.value) }),
});
