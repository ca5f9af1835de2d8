// Field type "phone": an Italian or international telephone number, stored compact
// ("+393331234567", "061234567").
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { isValidPhone, normalizePhone } from '../validators/phone.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const phoneField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'phoneRequired'),
      parse: (raw, report) => (isValidPhone(raw) ? normalizePhone(raw) : report(t(ctx.locale, 'phoneInvalid'))),
    }),
  toInput: (answer) => answer,
  view: (input) => inputView(input, { ...TEXT_INPUT, inputType: 'tel', inputMode: 'tel', autocomplete: 'tel', spellcheck: false }),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
