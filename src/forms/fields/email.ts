// Field type "email": an e-mail (or PEC) address, stored trimmed with the domain in lowercase.
import { isValidEmail, normalizeEmail } from '../validators/email.ts';
import { textField } from './factories.ts';

export const emailType = textField({
  check: { normalize: normalizeEmail, problem: (_email, raw) => (isValidEmail(raw) ? null : 'invalid') },
  messages: { required: 'emailRequired', invalid: 'emailInvalid' },
  input: { inputType: 'email', inputMode: 'email', autocomplete: 'email', spellcheck: false, autocapitalize: 'none' },
  sample: 'mario.rossi@example.it',
});
