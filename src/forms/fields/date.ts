// Field type "date": a calendar date from <input type="date"> (yyyy-mm-dd), also accepted as
// typed by hand where the browser shows a plain text box (dd/mm/yyyy). Stored as yyyy-mm-dd.
import { formatDate, parseDate } from '../dates.ts';
import { bodyString } from '../inputs.ts';
import { t } from '../messages.ts';
import { answerSchema, asString, identityFocus, inputView, isBlankString, TEXT_INPUT } from './shared.ts';
import type { FieldModule } from './types.ts';

export const dateField: FieldModule<string, string> = {
  kind: 'input',
  read: (body, name) => bodyString(body, name),
  isBlank: isBlankString,
  schema: (field, ctx) => {
    const label = ctx.labelFor(field);
    return answerSchema(field, ctx, {
      isBlank: isBlankString,
      coerce: asString,
      requiredMessage: t(ctx.locale, 'dateRequired', { label }),
      parse: (raw, report) => parseDate(raw) ?? report(t(ctx.locale, 'dateInvalid', { label })),
    });
  },
  toInput: (answer) => answer,
  view: (input) => {
    const view = inputView(input, { ...TEXT_INPUT, inputType: 'date' });
    // where the browser has no date picker, people type: tell them the order
    if (view.hint === null) {
      const hintId = `${view.id}-hint`;
      return { ...view, hint: t(input.locale, 'dateHint'), hintId, describedBy: [hintId, view.describedBy].filter(Boolean).join(' ') };
    }
    return view;
  },
  summary: (answer) => [formatDate(answer)],
  focusPath: identityFocus,
};
