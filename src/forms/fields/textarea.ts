// Field type "textarea": several lines of free text (notes, reasons). Line breaks are kept.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { answerSchema, asString, baseView, checkLength, identityFocus, isBlankString } from './shared.ts';
import type { FieldModule, TextareaView } from './types.ts';

/** Without a maxLength in the definition, a text stops at 10,000 characters. */
export const TEXTAREA_DEFAULT_MAX = 10_000;

export const textareaField: FieldModule<string, string> = {
  kind: 'textarea',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'required', { label: ctx.labelFor(field) }),
      parse: (raw, report) => {
        const text = raw.replace(/\r\n?/g, '\n').trim();
        checkLength(field, ctx, text, report, TEXTAREA_DEFAULT_MAX);
        return text;
      },
    }),
  toInput: (answer) => answer,
  view: (input): TextareaView => ({ ...baseView(input, 'textarea'), kind: 'textarea', value: input.value ?? '', rows: 5 }),
  summary: (answer) => answer.split('\n'),
  focusPath: identityFocus,
};
