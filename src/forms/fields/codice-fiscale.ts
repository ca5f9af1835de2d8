// Field type "codiceFiscale": the tax code of a natural person (16 characters, omocodia
// allowed), stored uppercase without spaces.
import { codiceFiscaleProblem, normalizeCodiceFiscale } from '../validators/codice-fiscale.ts';
import { textField } from './factories.ts';

const PROBLEMS = { format: 'cfFormat', check: 'cfCheck' } as const;

export const codiceFiscaleType = textField({
  required: 'cfRequired',
  sample: 'RSSMRA80A01G535Z',
  check: (raw) => {
    const cf = normalizeCodiceFiscale(raw);
    const problem = codiceFiscaleProblem(cf);
    return problem ? { problem: PROBLEMS[problem] } : { value: cf };
  },
  input: { spellcheck: false, autocapitalize: 'characters' },
});
