// The checks of a call's settings in a procedure definition, in plain words.
import { describe, expect, it } from 'vitest';
import { procedureDefinitionSchema } from '../../../src/catalogue/definition.ts';

const base = {
  schemaVersion: 1,
  slug: 'bando-prova',
  title: { it: 'Bando di prova', en: 'Test call' },
  summary: { it: 'Un bando di prova.', en: 'A test call.' },
  area: 'cultura-sport',
  audience: 'citizens',
  description: { it: 'Un bando di prova.', en: 'A test call.' },
  whoCanApply: { it: 'Residenti.', en: 'Residents.' },
  howTo: { it: 'Compila.', en: 'Fill in.' },
  cost: { description: { it: 'Gratuito.', en: 'Free.' }, amountCents: 0 },
  legalReferences: [{ title: 'L. 241/1990' }],
  office: 'anagrafe',
  form: {
    steps: [{ id: 'dati', title: { it: 'Dati', en: 'Data' }, fields: [{ name: 'indirizzo', type: 'text', label: { it: 'Indirizzo', en: 'Address' } }, { name: 'importo', type: 'integer', label: { it: 'Importo', en: 'Amount' } }] }],
    computed: [
      { name: 'contributo', label: { it: 'Contributo', en: 'Grant' }, format: 'money', expression: { field: 'importo' } },
      { name: 'punti', label: { it: 'Punti', en: 'Points' }, format: 'integer', expression: { field: 'importo' } },
    ],
  },
};

function problems(extra: Record<string, unknown>): string[] {
  const result = procedureDefinitionSchema.safeParse({ ...base, ...extra });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the call block of a definition', () => {
  it('accepts a call with a cap, a reserve list, one per person, by receipt', () => {
    expect(problems({ maxFilings: 10, call: { onePer: 'person', reserve: 5 } })).toEqual([]);
    expect(problems({ call: { budget: { amount: 'contributo', total: '50000.00' }, reserve: 'unlimited', ranking: { by: 'score', score: 'punti' } } })).toEqual([]);
    expect(problems({ call: { onePer: 'household', householdField: 'indirizzo' } })).toEqual([]);
  });

  it('says in plain words what does not hold together', () => {
    expect(problems({ call: { reserve: 5 } })).toEqual(['call.reserve: a reserve list needs a cap: set maxFilings or a budget']);
    expect(problems({ maxFilings: 3, call: { budget: { amount: 'contributo', total: '100.00' } } })).toEqual(['call.budget: a call is capped by number (maxFilings) or by budget, not both']);
    expect(problems({ call: { budget: { amount: 'nessuno', total: '100.00' } } })).toEqual(['call.budget.amount: the budget counts the computed value "nessuno", which the form does not declare']);
    expect(problems({ call: { budget: { amount: 'punti', total: '100.00' } } })).toEqual(['call.budget.amount: the budget counts "punti", which must be a money value']);
    expect(problems({ call: { budget: { amount: 'contributo', total: 'tanti' } } })).toEqual(['call.budget.total: an amount in euro, like 50000.00']);
    expect(problems({ call: { ranking: { by: 'score' } } })).toEqual(['call.ranking.score: a ranking by score needs the computed value that gives the score']);
    expect(problems({ call: { onePer: 'household' } })).toEqual(['call.householdField: one application per household needs the field that names the household']);
    expect(problems({ call: { onePer: 'household', householdField: 'residenza' } })).toEqual(['call.householdField: the household field "residenza" is not a field of the form']);
    expect(problems({ call: { onePer: 'company' } })).toEqual(['call.onePer: one application per company needs a procedure for businesses']);
  });
});
