// Field type "integer": a whole number (people, rooms, years), with optional min/max bounds.
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { parseInteger } from '../numbers.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const integerField: FieldModule<number, string> = {
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
        const value = parseInteger(raw);
        if (value === null) return report(t(ctx.locale, 'integerInvalid', { label }));
        if (field.min !== undefined && value < field.min) report(t(ctx.locale, 'numberMin', { label, min: field.min }));
        if (field.max !== undefined && value > field.max) report(t(ctx.locale, 'numberMax', { label, max: field.max }));
        return value;
      },
    });
  },
  toInput: (answer) => String(answer),
  // type="text" with inputmode: type="number" mangles typed values and is hard to use with a screen reader
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'numeric', spellcheck: false }),
  summary: (answer) => [String(answer)],
  focusPath: identityFocus,
};
