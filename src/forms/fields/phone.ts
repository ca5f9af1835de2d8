// Field type "phone": an Italian or international telephone number, stored compact
// ("+393331234567", "061234567").
import { isValidPhone, normalizePhone } from '../validators/phone.ts';
import { textField } from './factories.ts';

export const phoneType = textField({
  check: { normalize: normalizePhone, problem: (_phone, raw) => (isValidPhone(raw) ? null : 'invalid') },
  messages: { required: 'phoneRequired', invalid: 'phoneInvalid' },
  sample: '+393331234567',
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  input: { inputType: 'tel', inputMode: 'tel', autocomplete: 'tel', spellcheck: false },
});
