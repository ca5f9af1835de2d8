// Field type "radio": one answer out of a few options, all visible. Stores the option value.
import { bodyString } from '../inputs.ts';
import { localize, t } from '../messages.ts';
import { isOption, optionLabel, optionViews } from './choice.ts';
import { answerSchema, asString, baseView, identityFocus, isBlankString } from './shared.ts';
import type { ChoiceView, FieldModule } from './types.ts';

export const radioField: FieldModule<string, string> = {
  kind: 'radios',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'chooseOne', { label }),
      parse: (raw, report) => (isOption(field, raw) ? raw : report(t(ctx.locale, 'chooseValid', { label }))),
    });
  },
  toInput: (answer) => answer,
  view: (input): ChoiceView => ({
    ...baseView(input, 'radios'),
    kind: 'radios',
    options: optionViews(
      input.name,
      (input.field.options ?? []).map((o) => ({ value: o.value, label: localize(o.label, input.locale) })),
      (value) => value === input.value,
    ),
  }),
  summary: (answer, field, locale) => [optionLabel(field, answer, locale)],
  focusPath: identityFocus,
};
