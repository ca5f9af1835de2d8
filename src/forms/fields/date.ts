// Field type "date": a calendar date from <input type="date"> (yyyy-mm-dd), also accepted as
// typed by hand where the browser shows a plain text box (dd/mm/yyyy). Stored as yyyy-mm-dd.
import { dateLimitProblem, dateLimitsConfig, limitDate } from '../date-limits.ts';
import { formatDate, parseDate } from '../dates.ts';
import { t } from '../messages.ts';
import { DATE_OPERATORS, inputField } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const dateType = inputField({
  config: dateLimitsConfig,
  capabilities: { value: 'date', inGroup: true, operators: DATE_OPERATORS, fees: [], routing: true, sample: '2024-05-17', formatHint: 'built-in' },
  required: 'dateRequired',
  parse: (raw, report, field, ctx) => {
    const date = parseDate(raw);
    if (date === null) return report(t(ctx.locale, 'dateInvalid', { label: ctx.label }));
    const problem = dateLimitProblem(date, field, ctx.today, ctx.locale, ctx.label);
    return problem === null ? date : report(problem);
  },
  toInput: (answer) => answer,
  view: (input) => {
    const { minDate, maxDate } = input.field;
    const limits = { min: minDate === undefined ? null : limitDate(minDate, input.today), max: maxDate === undefined ? null : limitDate(maxDate, input.today) };
    const view = { ...inputView(input, { ...TEXT_INPUT, inputType: 'date' }), ...limits };
    // where the browser has no date picker, people type: tell them the order
    if (view.hint === null) {
      const hintId = `${view.id}-hint`;
      return { ...view, hint: t(input.locale, 'dateHint'), hintId, describedBy: [hintId, view.describedBy].filter(Boolean).join(' ') };
    }
    return view;
  },
  summary: (answer) => [formatDate(answer)],
});
