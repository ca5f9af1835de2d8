// Field type "email": an e-mail (or PEC) address, stored trimmed with the domain in lowercase.
import { isValidEmail, normalizeEmail } from '../validators/email.ts';
import { textField } from './factories.ts';

export const emailType = textField({
  required: 'emailRequired',
  sample: 'mario.rossi@example.it',
  check: (raw) => (isValidEmail(raw) ? { value: normalizeEmail(raw) } : { problem: 'emailInvalid' }),
  input: { inputType: 'email', inputMode: 'email', autocomplete: 'email', spellcheck: false, autocapitalize: 'none' },
});
