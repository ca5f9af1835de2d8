// Field type "money": an amount in euro, typed as "12,50", "12.50" or "1.234,56" and stored as
// integer cents. The definition's min/max are in euro (e.g. max: 1000.5), compared in cents.
import { formatMoney, moneyToInput, parseMoney } from '../numbers.ts';
import { numberField } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const euroToCents = (euro: number): number => Math.round(euro * 100);

export const moneyType = numberField({
  value: 'money',
  required: 'moneyRequired',
  fees: [],
  sample: 1600,
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  parse: (raw) => {
    const parsed = parseMoney(raw);
    if (parsed.ok) return parsed.cents;
    return parsed.problem === 'decimals' ? 'moneyDecimals' : 'moneyInvalid';
  },
  bound: euroToCents,
  showBound: (value, locale) => formatMoney(euroToCents(value), locale),
  messages: { min: 'moneyMin', max: 'moneyMax' },
  // stored cents are never read back as euro
  acceptsNumbers: false,
  toInput: (cents, locale) => moneyToInput(cents, locale),
  summary: (cents, locale) => formatMoney(cents, locale),
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'decimal', spellcheck: false, prefix: '€' }),
});
