// Field type "cap": an Italian postcode on its own (five digits).
import { isValidCap, normalizeCap } from '../validators/cap.ts';
import { textField } from './factories.ts';

export const capType = textField({
  check: { normalize: normalizeCap, problem: (cap) => (isValidCap(cap) ? null : 'invalid') },
  messages: { required: 'capRequired', invalid: 'capInvalid' },
  sample: '29121',
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  input: { inputMode: 'numeric', autocomplete: 'postal-code', spellcheck: false, widthClass: 'w-auto' },
});
