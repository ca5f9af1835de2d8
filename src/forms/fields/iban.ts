// Field type "iban": a bank account (for refunds, contributions). Any IBAN passing ISO 13616
// mod-97 is accepted; Italian ones must also have the Italian layout. Stored uppercase, compact.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { formatIban, ibanProblem, normalizeIban } from '../validators/iban.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const ibanField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'ibanRequired'),
      parse: (raw, report) => {
        const iban = normalizeIban(raw);
        const problem = ibanProblem(iban);
        if (problem === 'format') return report(t(ctx.locale, 'ibanFormat'));
        if (problem === 'italianLength') return report(t(ctx.locale, 'ibanItalianLength'));
        if (problem === 'check') return report(t(ctx.locale, 'ibanCheck'));
        return iban;
      },
    }),
  toInput: (answer) => formatIban(answer),
  view: (input) => inputView(input, { ...TEXT_INPUT, spellcheck: false, autocapitalize: 'characters' }),
  summary: (answer) => [formatIban(answer)],
  focusPath: identityFocus,
};
