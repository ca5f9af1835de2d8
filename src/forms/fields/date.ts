// Field type "date": a calendar date from <input type="date"> (yyyy-mm-dd), also accepted as
// typed by hand where the browser shows a plain text box (dd/mm/yyyy). Stored as yyyy-mm-dd.
import { formatDate, parseDate } from '../dates.ts';
import { t } from '../messages.ts';
import { inputField, noConfig, SCALAR_OPERATORS } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const dateType = inputField({
  config: noConfig,
  capabilities: { value: 'date', inGroup: true, operators: SCALAR_OPERATORS, fees: [], routing: true, sample: '2024-05-17', formatHint: 'built-in' },
  required: 'dateRequired',
  parse: (raw, report, _field, ctx) => parseDate(raw) ?? report(t(ctx.locale, 'dateInvalid', { label: ctx.label })),
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
});
