// Field type "iban": a bank account (for refunds, contributions). Any IBAN passing ISO 13616
// mod-97 is accepted; Italian ones must also have the Italian layout. Stored uppercase, compact,
// and shown in groups of four.
import { formatIban, ibanProblem, normalizeIban } from '../validators/iban.ts';
import { textField } from './factories.ts';

export const ibanType = textField({
  check: { normalize: normalizeIban, problem: ibanProblem },
  messages: { required: 'ibanRequired', format: 'ibanFormat', italianLength: 'ibanItalianLength', check: 'ibanCheck' },
  sample: 'IT60X0542811101000000123456',
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  input: { spellcheck: false, autocapitalize: 'characters' },
  display: formatIban,
});
