// Field type "decimal": a number with decimals that is not money (a surface in m², a
// percentage). "1,5" and "1.5" are both one and a half.
import { formatNumber, parseDecimal } from '../numbers.ts';
import { numberField } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const decimalType = numberField({
  fees: ['rate'],
  sample: 12.5,
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  parse: (raw) => parseDecimal(raw) ?? 'decimalInvalid',
  toInput: (answer, locale) => formatNumber(answer, locale),
  showBound: (value, locale) => formatNumber(value, locale),
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'decimal', spellcheck: false }),
});
