// Field type "targa": an Italian vehicle number plate (car, motorcycle, moped: the formats are
// in validators/targa.ts). Stored upper case without spaces (AB123CD), shown as printed.
import { formatTarga, isValidTarga, normalizeTarga } from '../validators/targa.ts';
import { ft } from './fields.messages.ts';
import { inputField, noConfig, textCapabilities } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const targaType = inputField<string, typeof noConfig>({
  config: noConfig,
  capabilities: textCapabilities('AB123CD'),
  required: 'required',
  parse: (raw, report, _field, ctx) => {
    const plate = normalizeTarga(raw);
    return isValidTarga(plate) ? plate : report(ft(ctx.locale, 'plateInvalid', { label: ctx.label }));
  },
  toInput: formatTarga,
  view: (input) => {
    const view = inputView(input, { ...TEXT_INPUT, spellcheck: false, autocapitalize: 'characters', widthClass: 'w-auto' });
    if (view.hint !== null) return view;
    const hintId = `${view.id}-hint`;
    return { ...view, hint: ft(input.locale, 'plateHint'), hintId, describedBy: [hintId, view.describedBy].filter(Boolean).join(' ') };
  },
  summary: (answer) => [formatTarga(answer)],
});
