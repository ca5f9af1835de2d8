// One condition language: the same condition gives the same answer as a form's showIf, as a
// fee item's `when` and as a routing rule's `when`, over a table of cases (each also accepted
// by the three schemas and by the checks against the form's fields).
import { describe, expect, it } from 'vitest';
import { type Condition } from '../../../src/forms/conditions.ts';
import { formSchema, pruneAnswers } from '../../../src/forms/index.ts';
import { computeFees, feesSchema } from '../../../src/payments/fees.ts';
import { checkRouting, routeFiling, routingSchema } from '../../../src/routing/index.ts';

const L = (it: string) => ({ it, en: `${it} (en)` });
const options = (...values: string[]) => values.map((value) => ({ value, label: L(value) }));

const FIELDS = [
  { name: 'tipo', type: 'radio', label: L('Tipo'), options: options('casa', 'negozio') },
  { name: 'comune', type: 'text', label: L('Comune') },
  { name: 'persone', type: 'integer', label: L('Persone') },
  { name: 'importo', type: 'money', label: L('Importo') },
  { name: 'vincolo', type: 'yesno', label: L('Vincolo') },
  { name: 'materiali', type: 'checkboxes', label: L('Materiali'), options: options('amianto', 'legno') },
  { name: 'indirizzo', type: 'address', label: L('Indirizzo') },
];

const answers = {
  tipo: 'casa',
  comune: 'Piacenza',
  persone: 4,
  importo: 150000,
  vincolo: false,
  materiali: ['amianto'],
  indirizzo: { street: 'Via Roma', number: '1', cap: '29121', city: 'Piacenza', province: 'PC' },
};

const CASES: Array<[Condition, boolean]> = [
  [{ field: 'tipo', equals: 'casa' }, true],
  [{ field: 'tipo', equals: 'negozio' }, false],
  [{ field: 'comune', equals: ' piacenza ' }, true], // strings compare trimmed, case-insensitively
  [{ field: 'comune', equals: 'PIACENZA' }, true],
  [{ field: 'comune', equals: 'Parma' }, false],
  [{ field: 'comune', notEquals: 'parma' }, true],
  [{ field: 'comune', in: ['Parma', 'PIACENZA'] }, true],
  [{ field: 'persone', equals: 4 }, true],
  [{ field: 'persone', atLeast: 4 }, true],
  [{ field: 'persone', below: 4 }, false],
  [{ field: 'importo', atLeast: 100000 }, true], // money in cents
  [{ field: 'vincolo', equals: false }, true],
  [{ field: 'vincolo', equals: true }, false],
  [{ field: 'materiali', includes: 'amianto' }, true],
  [{ field: 'materiali', includes: 'legno' }, false],
  [{ field: 'indirizzo.cap', equals: '29121' }, true],
  [{ field: 'indirizzo.city', in: ['piacenza'] }, true],
  [{ field: 'indirizzo.province', equals: 'pr' }, false],
  [{ field: 'indirizzo', filled: true }, true],
  [{ field: 'comune', filled: false }, false],
  [{ all: [{ field: 'tipo', equals: 'casa' }, { field: 'persone', atLeast: 2 }] }, true],
  [{ any: [{ field: 'tipo', equals: 'negozio' }, { field: 'vincolo', equals: true }] }, false],
  [{ not: { field: 'materiali', includes: 'legno' } }, true],
];

/** As a form: the field `x` of the second step is kept only where its showIf holds. */
function inForm(condition: Condition): boolean {
  const form = formSchema.parse({
    steps: [
      { id: 'a', title: L('A'), fields: FIELDS },
      { id: 'b', title: L('B'), fields: [{ name: 'x', type: 'text', label: L('X'), showIf: condition }] },
    ],
  });
  return 'x' in pruneAnswers(form, { ...answers, x: 'risposta' });
}

/** As a fee: a fixed item applies only where its `when` holds. */
function inFees(condition: Condition): boolean {
  const fees = feesSchema.parse({ taxonomyCode: '0101108TS', items: [{ id: 'diritti', type: 'fixed', label: L('Diritti'), amountCents: 1000, when: condition }] });
  return computeFees(fees, answers).items.length === 1;
}

/** As a routing rule: the rule sends the filing to its office only where its `when` holds. */
function inRouting(condition: Condition): boolean {
  const routing = routingSchema.parse({ rules: [{ id: 'regola', when: condition, office: 'suap' }] });
  const form = formSchema.parse({ steps: [{ id: 'a', title: L('A'), fields: FIELDS }] });
  expect(checkRouting(routing, form)).toEqual([]);
  return routeFiling({ defaultOffice: 'anagrafe', routing, answers, applicantType: 'citizen' }).office === 'suap';
}

describe('the same condition in a form, a fee and a routing rule', () => {
  it.each(CASES)('%j -> %s', (condition, expected) => {
    expect(inForm(condition)).toBe(expected);
    expect(inFees(condition)).toBe(expected);
    expect(inRouting(condition)).toBe(expected);
  });
});
