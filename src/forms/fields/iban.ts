// Field type "iban": a bank account (for refunds, contributions). Any IBAN passing ISO 13616
// mod-97 is accepted; Italian ones must also have the Italian layout. Stored uppercase, compact.
import { formatIban, ibanProblem, normalizeIban } from '../validators/iban.ts';
import { textField } from './factories.ts';

const PROBLEMS = { format: 'ibanFormat', italianLength: 'ibanItalianLength', check: 'ibanCheck' } as const;

export const ibanType = textField({
  required: 'ibanRequired',
  sample: 'IT60X0542811101000000123456',
  check: (raw) => {
    const iban = normalizeIban(raw);
    const problem = ibanProblem(iban);
    return problem ? { problem: PROBLEMS[problem] } : { value: iban };
  },
  input: { spellcheck: false, autocapitalize: 'characters' },
  display: formatIban,
});
