// Field type "email": an e-mail (or PEC) address, stored trimmed with the domain in lowercase.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { isValidEmail, normalizeEmail } from '../validators/email.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const emailField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'emailRequired'),
      parse: (raw, report) => (isValidEmail(raw) ? normalizeEmail(raw) : report(t(ctx.locale, 'emailInvalid'))),
    }),
  toInput: (answer) => answer,
  view: (input) =>
    inputView(input, { ...TEXT_INPUT, inputType: 'email', inputMode: 'email', autocomplete: 'email', spellcheck: false, autocapitalize: 'none' }),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
