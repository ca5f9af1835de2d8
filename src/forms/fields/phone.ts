// Field type "phone": an Italian or international telephone number, stored compact
// ("+393331234567", "061234567").
import { isValidPhone, normalizePhone } from '../validators/phone.ts';
import { textField } from './factories.ts';

export const phoneType = textField({
  required: 'phoneRequired',
  sample: '+393331234567',
  check: (raw) => (isValidPhone(raw) ? { value: normalizePhone(raw) } : { problem: 'phoneInvalid' }),
  input: { inputType: 'tel', inputMode: 'tel', autocomplete: 'tel', spellcheck: false },
});
