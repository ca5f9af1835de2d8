// Field type "cap": an Italian postcode on its own (five digits).
import { isValidCap, normalizeCap } from '../validators/cap.ts';
import { textField } from './factories.ts';

export const capType = textField({
  required: 'capRequired',
  sample: '29121',
  check: (raw) => (isValidCap(raw) ? { value: normalizeCap(raw) } : { problem: 'capInvalid' }),
  input: { inputMode: 'numeric', autocomplete: 'postal-code', spellcheck: false, widthClass: 'w-auto' },
});
