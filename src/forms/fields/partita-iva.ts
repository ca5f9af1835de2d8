// Field type "partitaIva": the Italian VAT number (11 digits with a check digit), stored as the
// 11 digits (an "IT" prefix typed by the person is removed).
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { normalizePartitaIva, partitaIvaProblem } from '../validators/partita-iva.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const partitaIvaField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) =>
    answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'pivaRequired'),
      parse: (raw, report) => {
        const piva = normalizePartitaIva(raw);
        const problem = partitaIvaProblem(piva);
        if (problem === 'format') return report(t(ctx.locale, 'pivaFormat'));
        if (problem === 'check') return report(t(ctx.locale, 'pivaCheck'));
        return piva;
      },
    }),
  toInput: (answer) => answer,
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'numeric', spellcheck: false }),
  summary: (answer) => [answer],
  focusPath: identityFocus,
};
