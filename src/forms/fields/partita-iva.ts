// Field type "partitaIva": the Italian VAT number (11 digits with a check digit), stored as the
// 11 digits (an "IT" prefix typed by the person is removed).
import { normalizePartitaIva, partitaIvaProblem } from '../validators/partita-iva.ts';
import { textField } from './factories.ts';

export const partitaIvaType = textField({
  check: { normalize: normalizePartitaIva, problem: partitaIvaProblem },
  messages: { required: 'pivaRequired', format: 'pivaFormat', check: 'pivaCheck' },
  sample: '01234567897',
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  input: { inputMode: 'numeric', spellcheck: false },
});
