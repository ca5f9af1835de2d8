// Field type "text": one line of free text (a name, a reference). Runs of spaces are collapsed.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { answerSchema, asString, checkLength, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

/** Without a maxLength in the definition, a line stops at 500 characters. */
export const TEXT_DEFAULT_MAX = 500;

export const textField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'required', { label: ctx.labelFor(field) }),
      parse: (raw, report) => {
        const text = raw.replace(/\s+/g, ' ').trim();
        checkLength(field, ctx, text, report, TEXT_DEFAULT_MAX);
        return text;
      },
    }),
  toInput: (answer) => answer,
  view: (input) => inputView(input, TEXT_INPUT),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
