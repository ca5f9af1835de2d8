// Field type "codiceFiscale": the tax code of a natural person (16 characters, omocodia
// allowed), stored uppercase without spaces.
import { codiceFiscaleProblem, normalizeCodiceFiscale } from '../validators/codice-fiscale.ts';
import { textField } from './factories.ts';

export const codiceFiscaleType = textField({
  check: { normalize: normalizeCodiceFiscale, problem: codiceFiscaleProblem },
  messages: { required: 'cfRequired', format: 'cfFormat', check: 'cfCheck' },
  sample: 'RSSMRA80A01G535J',
  // a code or a number typed in one box: people need an example of the format
  formatHint: 'needed',
  input: { spellcheck: false, autocapitalize: 'characters' },
});
