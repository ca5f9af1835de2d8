// Field type "codiceFiscale": the tax code of a natural person (16 characters, omocodia
// allowed), stored uppercase without spaces.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { codiceFiscaleProblem, normalizeCodiceFiscale } from '../validators/codice-fiscale.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const codiceFiscaleField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'cfRequired'),
      parse: (raw, report) => {
        const cf = normalizeCodiceFiscale(raw);
        const problem = codiceFiscaleProblem(cf);
        if (problem === 'format') return report(t(ctx.locale, 'cfFormat'));
        if (problem === 'check') return report(t(ctx.locale, 'cfCheck'));
        return cf;
      },
    }),
  toInput: (answer) => answer,
  view: (input) => inputView(input, { ...TEXT_INPUT, spellcheck: false, autocapitalize: 'characters' }),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
