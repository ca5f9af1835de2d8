// Field type "money": an amount in euro, typed as "12,50", "12.50" or "1.234,56" and stored as
// integer cents. The definition's min/max are in euro (e.g. max: 1000.5), compared in cents.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { formatMoney, moneyToInput, parseMoney } from '../numbers.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const euroToCents = (euro: number): number => Math.round(euro * 100);

export const moneyField: FieldModule<number, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'moneyRequired', { label }),
      parse: (raw, report) => {
        const parsed = parseMoney(raw);
        if (!parsed.ok) return report(t(ctx.locale, parsed.problem === 'decimals' ? 'moneyDecimals' : 'moneyInvalid', { label }));
        const { cents } = parsed;
        if (field.min !== undefined && cents < euroToCents(field.min)) {
          report(t(ctx.locale, 'moneyMin', { label, min: formatMoney(euroToCents(field.min), ctx.locale) }));
        }
        if (field.max !== undefined && cents > euroToCents(field.max)) {
          report(t(ctx.locale, 'moneyMax', { label, max: formatMoney(euroToCents(field.max), ctx.locale) }));
        }
        return cents;
      },
    });
  },
  toInput: (cents, _field, locale) => moneyToInput(cents, locale),
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'decimal', spellcheck: false, prefix: '€' }),
  summary: (cents, _field, locale) => [formatMoney(cents, locale)],
  focusPath: identityFocus,
};
