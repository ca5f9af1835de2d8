// Field type "integer": a whole number (people, rooms, years), with optional min/max bounds.
import { parseInteger } from '../numbers.ts';
import { numberField } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';

export const integerType = numberField({
  fees: ['rate'],
  sample: 3,
  parse: (raw) => parseInteger(raw) ?? 'integerInvalid',
  toInput: (answer) => String(answer),
  // type="text" with inputmode: type="number" mangles typed values and is hard to use with a screen reader
  view: (input) => inputView(input, { ...TEXT_INPUT, inputMode: 'numeric', spellcheck: false }),
});
