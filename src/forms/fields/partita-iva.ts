// Field type "partitaIva": the Italian VAT number (11 digits with a check digit), stored as the
// 11 digits (an "IT" prefix typed by the person is removed).
import { normalizePartitaIva, partitaIvaProblem } from '../validators/partita-iva.ts';
import { textField } from './factories.ts';

const PROBLEMS = { format: 'pivaFormat', check: 'pivaCheck' } as const;

export const partitaIvaType = textField({
  required: 'pivaRequired',
  sample: '01234567897',
  check: (raw) => {
    const piva = normalizePartitaIva(raw);
    const problem = partitaIvaProblem(piva);
    return problem ? { problem: PROBLEMS[problem] } : { value: piva };
  },
  input: { inputMode: 'numeric', spellcheck: false },
});
