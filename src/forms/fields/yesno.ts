// Field type "yesno": a closed question answered Sì/No (Yes/No) with two radio buttons.
// The inputs send "yes" or "no"; the stored answer is a boolean (conditions use equals: true).
import { t } from '../messages.ts';
import { optionViews } from './choice.ts';
import { inputField, noConfig, SCALAR_OPERATORS } from './factories.ts';
import { baseView } from './shared.ts';
import type { ChoiceView } from './types.ts';

export const yesnoType = inputField({
  kind: 'radios',
  config: noConfig,
  capabilities: { value: 'boolean', inGroup: true, operators: SCALAR_OPERATORS, fees: [], routing: true, sample: true },
  required: 'yesNoRequired',
  parse: (raw, report, _field, ctx) => (raw === 'yes' ? true : raw === 'no' ? false : report(t(ctx.locale, 'yesNoRequired', { label: ctx.label }))),
  toInput: (answer) => (answer ? 'yes' : 'no'),
  view: (input): ChoiceView => ({
    ...baseView(input, 'radios'),
    kind: 'radios',
    options: optionViews(
      input.name,
      [
        { value: 'yes', label: t(input.locale, 'yes') },
        { value: 'no', label: t(input.locale, 'no') },
      ],
      (value) => value === input.value,
    ),
  }),
  summary: (answer, _field, locale) => [t(locale, answer ? 'yes' : 'no')],
});
