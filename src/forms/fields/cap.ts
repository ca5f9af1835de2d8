// Field type "cap": an Italian postcode on its own (five digits).
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { isValidCap, normalizeCap } from '../validators/cap.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const capField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'capRequired'),
      parse: (raw, report) => (isValidCap(raw) ? normalizeCap(raw) : report(t(ctx.locale, 'capInvalid'))),
    }),
  toInput: (answer) => answer,
  view: (input) =>
    inputView(input, { ...TEXT_INPUT, inputMode: 'numeric', autocomplete: 'postal-code', spellcheck: false, widthClass: 'w-auto' }),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
