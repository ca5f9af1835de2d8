// Field type "select": one answer out of many options, in a drop-down list. Stores the option
// value. Prefer "radio" for fewer than about eight options.
import { bodyString, inputId } from '../inputs.ts';
import { localize, t } from '../messages.ts';
import { isOption, optionLabel } from './choice.ts';
import { answerSchema, asString, baseView, identityFocus, isBlankString } from './shared.ts';
import type { FieldModule, SelectView } from './types.ts';

export const selectField: FieldModule<string, string> = {
  kind: 'select',
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
  summary: (answer, field, locale) => [optionLabel(field, answer, locale)],
  focusPath: identityFocus,
};
