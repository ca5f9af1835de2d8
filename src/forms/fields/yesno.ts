// Field type "yesno": a closed question answered Sì/No (Yes/No) with two radio buttons.
// The inputs send "yes" or "no"; the stored answer is a boolean (conditions use equals: true).
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { optionViews } from './choice.ts';
import { answerSchema, asString, baseView, identityFocus, isBlankString } from './shared.ts';
import type { ChoiceView, FieldModule } from './types.ts';

export const yesnoField: FieldModule<boolean, string> = {
  kind: 'radios',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'yesNoRequired', { label }),
      parse: (raw, report) => (raw === 'yes' ? true : raw === 'no' ? false : report(t(ctx.locale, 'yesNoRequired', { label }))),
    });
  },
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
  focusPath: identityFocus,
};
