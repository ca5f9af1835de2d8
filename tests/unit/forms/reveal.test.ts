// The rule a browser gets to reveal a conditional question (clientRule, and the inputs the
// field registry says it can read): each shape of condition it can decide, the answers of
// earlier steps folded into constants, and the shapes it cannot decide, which give no rule.
import { describe, expect, it } from 'vitest';
import { clientRule, type ClientInput, type Condition } from '../../../src/forms/conditions.ts';
import { stepView } from '../../../src/forms/view.ts';
import { L, OPTIONS, oneStep, TODAY } from './helpers.ts';

/** The page holds `tipo` (an option), `sposato` (yes/no as "yes"/"no"), `importo` (an amount: filled only), `allegato` (a file: nothing). */
const PAGE: Record<string, ClientInput> = {
  tipo: { name: 'tipo', reads: 'value', valueOf: (v) => (typeof v === 'string' ? v : null) },
  sposato: { name: 'sposato', reads: 'value', valueOf: (v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : null) },
  importo: { name: 'importo', reads: 'filled', valueOf: () => null },
  allegato: { name: 'allegato', reads: 'nothing', valueOf: () => null },
};
const onPage = (path: string) => PAGE[path] ?? null;
const earlier = { residente: true, comune: 'Piacenza', figli: 3 };

describe('clientRule', () => {
  it.each<[string, Condition, unknown]>([
    ['equals', { field: 'tipo', equals: 'ospite' }, { input: 'tipo', oneOf: ['ospite'] }],
    ['equals a boolean, as the input sends it', { field: 'sposato', equals: true }, { input: 'sposato', oneOf: ['yes'] }],
    ['one of', { field: 'tipo', in: ['locazione', 'comodato'] }, { input: 'tipo', oneOf: ['locazione', 'comodato'] }],
    ['includes (a list of options)', { field: 'tipo', includes: 'mensa' }, { input: 'tipo', oneOf: ['mensa'] }],
    ['not equals', { field: 'tipo', notEquals: 'proprieta' }, { not: { input: 'tipo', oneOf: ['proprieta'] } }],
    ['filled', { field: 'importo', filled: true }, { input: 'importo', filled: true }],
    ['not filled', { field: 'tipo', filled: false }, { input: 'tipo', filled: false }],
    [
      'all and any',
      { all: [{ field: 'tipo', equals: 'ospite' }, { any: [{ field: 'sposato', equals: false }, { field: 'importo', filled: true }] }] },
      { all: [{ input: 'tipo', oneOf: ['ospite'] }, { any: [{ input: 'sposato', oneOf: ['no'] }, { input: 'importo', filled: true }] }] },
    ],
    ['not', { not: { field: 'tipo', in: ['a', 'b'] } }, { not: { input: 'tipo', oneOf: ['a', 'b'] } }],
  ])('%s', (_name, condition, rule) => {
    expect(clientRule(condition, onPage, earlier)).toEqual(rule);
  });

  it('decides the tests of earlier answers on the server, as constants', () => {
    // a true test drops out of all; a false one decides it
    expect(clientRule({ all: [{ field: 'residente', equals: true }, { field: 'tipo', equals: 'x' }] }, onPage, earlier)).toEqual({ input: 'tipo', oneOf: ['x'] });
    expect(clientRule({ all: [{ field: 'residente', equals: false }, { field: 'tipo', equals: 'x' }] }, onPage, earlier)).toEqual({ any: [] });
    // and the other way round for any
    expect(clientRule({ any: [{ field: 'comune', equals: 'piacenza' }, { field: 'tipo', equals: 'x' }] }, onPage, earlier)).toEqual({ all: [] });
    expect(clientRule({ any: [{ field: 'figli', atLeast: 5 }, { field: 'tipo', equals: 'x' }] }, onPage, earlier)).toEqual({ input: 'tipo', oneOf: ['x'] });
    expect(clientRule({ not: { field: 'residente', equals: true } }, onPage, earlier)).toEqual({ any: [] });
  });

  it.each<[string, Condition]>([
    ['a comparison of an answer on the page', { field: 'importo', atLeast: 1000 }],
    ['a comparison with an answer on the page', { field: 'figli', atMost: { field: 'importo' } }],
    ['an equality the input cannot show (an amount)', { field: 'importo', equals: 1000 }],
    ['a value of another type than the input sends', { field: 'sposato', equals: 'forse' }],
    ['a file field', { field: 'allegato', filled: true }],
    ['a computed value', { computed: 'totale', atLeast: 100 }],
    ['a comparison with a computed value', { field: 'figli', atLeast: { computed: 'totale' } }],
    ['one undecidable test among decidable ones', { any: [{ field: 'tipo', equals: 'x' }, { field: 'importo', below: 5 }] }],
  ])('gives no rule for %s', (_name, condition) => {
    expect(clientRule(condition, onPage, earlier)).toBeNull();
  });
});

describe('the rules on a step page (the field registry reads the inputs)', () => {
  const definition = oneStep(
    { name: 'tipo', type: 'radio', required: true, options: OPTIONS },
    { name: 'sposato', type: 'yesno', required: true },
    { name: 'servizi', type: 'checkboxes', options: OPTIONS },
    { name: 'importo', type: 'money' },
    { name: 'perTipo', type: 'text', showIf: { field: 'tipo', in: ['alfa', 'beta'] } },
    { name: 'perSposato', type: 'text', showIf: { field: 'sposato', equals: true } },
    { name: 'perServizi', type: 'text', showIf: { field: 'servizi', includes: 'gamma' } },
    { name: 'perImporto', type: 'text', showIf: { field: 'importo', filled: true } },
    { name: 'sopraSoglia', type: 'text', showIf: { field: 'importo', atLeast: 10000 } },
    {
      name: 'figli',
      type: 'group',
      label: L('Figli'),
      fields: [
        { name: 'nome', type: 'text', label: L('Nome') },
        { name: 'scuola', type: 'yesno', label: L('Va a scuola?') },
        { name: 'classe', type: 'text', label: L('Classe'), showIf: { field: 'scuola', equals: true } },
      ],
    },
  );
  const view = stepView(definition, 's', {}, [], 'it', {}, null, TODAY);
  const rule = (name: string) => {
    const field = view.fields.find((f) => f.name === name);
    return field?.revealRule ? JSON.parse(field.revealRule) : null;
  };

  it('writes each expected value as its input sends it', () => {
    expect(rule('perTipo')).toEqual({ input: 'tipo', oneOf: ['alfa', 'beta'] });
    expect(rule('perSposato')).toEqual({ input: 'sposato', oneOf: ['yes'] });
    expect(rule('perServizi')).toEqual({ input: 'servizi', oneOf: ['gamma'] });
    expect(rule('perImporto')).toEqual({ input: 'importo', filled: true });
  });

  it('leaves a comparison to the server: the field stays shown with its sentence', () => {
    const field = view.fields.find((f) => f.name === 'sopraSoglia');
    expect(field?.revealRule).toBeNull();
    expect(field?.conditionText).toContain('Rispondi solo se');
  });

  it('names the sibling input of the same group item', () => {
    const group = view.fields.find((f) => f.name === 'figli');
    if (group?.kind !== 'group') throw new Error('expected a group');
    const classe = group.items[0]!.fields.find((f) => f.name === 'figli[0].classe');
    expect(JSON.parse(classe?.revealRule ?? 'null')).toEqual({ input: 'figli[0].scuola', oneOf: ['yes'] });
  });
});
