// Field type "checkboxes": any number of answers out of the options, with optional min/max
// counts. Stores the chosen option values in the order of the options.
import { bodyStrings } from '../inputs.ts';
import { t } from '../messages.ts';
import { fieldOptionViews, optionLabel } from './choice.ts';
import { boundsConfig, LIST_OPERATORS, optionsConfig } from './factories.ts';
import { answerSchema, asStrings, baseView, identityFocus } from './shared.ts';
import type { ChoiceView, FieldModule } from './types.ts';

const chosen = (raw: string[]) => raw.filter((v) => v.trim() !== '');

export const checkboxesConfig = { ...optionsConfig('checkboxes'), ...boundsConfig };

export const checkboxesType: FieldModule<string[], string[], typeof checkboxesConfig> = {
  kind: 'checkboxes',
  config: checkboxesConfig,
  capabilities: { value: 'options', inGroup: true, operators: LIST_OPERATORS, fees: ['perOption'], routing: true, sample: ['first-option'] },
  read: (body, name) => bodyStrings(body, name),
  isBlank: (raw) => chosen(raw).length === 0,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: (raw) => chosen(raw).length === 0,
      coerce: asStrings,
      requiredMessage: t(ctx.locale, 'chooseAtLeastOne', { label }),
      parse: (raw, report) => {
        const values = new Set(chosen(raw));
        const options = field.options ?? [];
        if ([...values].some((v) => !options.some((o) => o.value === v))) return report(t(ctx.locale, 'chooseValid', { label }));
        const answer = options.filter((o) => values.has(o.value)).map((o) => o.value);
        if (field.min !== undefined && answer.length < field.min) {
          report(t(ctx.locale, field.min === 1 ? 'chooseAtLeastOne' : 'chooseAtLeast', { label, min: field.min }));
        }
        if (field.max !== undefined && answer.length > field.max) report(t(ctx.locale, 'chooseAtMost', { label, max: field.max }));
        return answer;
      },
    });
  },
  toInput: (answer) => answer,
  view: (input): ChoiceView => ({ ...baseView(input, 'checkboxes'), kind: 'checkboxes', options: fieldOptionViews(input, (value) => (input.value ?? []).includes(value)) }),
  summary: (answer, field, locale) => answer.map((value) => optionLabel(field, value, locale)),
  focusPath: identityFocus,
};
