// Field type "decimal": a number with decimals that is not money (a surface in m², a
// percentage). "1,5" and "1.5" are both one and a half.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { formatNumber, parseDecimal } from '../numbers.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const decimalField: FieldModule<number, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: (raw) => (typeof raw === 'number' ? String(raw) : asString(raw)),
      requiredMessage: t(ctx.locale, 'required', { label }),
      parse: (raw, report) => {
        const value = parseDecimal(raw);
        if (value === null) return report(t(ctx.locale, 'decimalInvalid', { label }));
        const show = (n: number) => formatNumber(n, ctx.locale);
        if (field.min !== undefined && value < field.min) report(t(ctx.locale, 'numberMin', { label, min: show(field.min) }));
        if (field.max !== undefined && value > field.max) report(t(ctx.locale, 'numberMax', { label, max: show(field.max) }));
        return value;
      },
    });
  },
  toInput: (answer, _field, locale) => formatNumber(answer, locale),
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'decimal', spellcheck: false }),
  summary: (answer, _field, locale) => [formatNumber(answer, locale)],
  focusPath: identityFocus,
};
