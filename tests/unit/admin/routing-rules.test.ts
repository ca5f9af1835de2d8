// Routing rules built one at a time: conditions typed in words become the values the routing
// evaluator compares (options, yes/no, amounts in cents, address parts, the applicant), and
// rules keep their order, which decides.
import { describe, expect, it } from 'vitest';
import { addField, BuilderError, newDraft, type DraftDefinition } from '../../../src/admin/draft.ts';
import { addRule, buildRoutingCondition, moveRule, removeRule, routingSubjects, rulesOf } from '../../../src/admin/routing-rules.ts';

const text = (it: string) => ({ it, en: it });
function draft(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'both', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, { name: 'tipo', type: 'select', label: text('Tipo'), required: true, options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] });
  d = addField(d, { stepId: 'dati' }, { name: 'importo', type: 'money', label: text('Importo'), required: true });
  d = addField(d, { stepId: 'dati' }, { name: 'sede', type: 'address', label: text('Sede'), required: true });
  d = addField(d, { stepId: 'dati' }, { name: 'allegato', type: 'file', label: text('Allegato'), required: false });
  return d;
}
const input = (condField: string, condOp: 'equals' | 'notEquals' | 'in' | 'includes' | 'filled' | 'empty' | 'atLeast' | 'below', condValue = '', condAdvanced = '') => ({ condField, condOp, condValue, condAdvanced });

describe('routing rules in the builder', () => {
  it('offers the applicant, the fields and the parts of addresses, never files', () => {
    expect(routingSubjects(draft()).map((s) => s.value)).toEqual([
      'applicant:business', 'applicant:citizen', 'tipo', 'importo', 'sede.street', 'sede.number', 'sede.cap', 'sede.city', 'sede.province',
    ]);
  });

  it('builds conditions as the evaluator compares them', () => {
    const d = draft();
    expect(buildRoutingCondition(input('applicant:business', 'equals'), d)).toEqual({ applicant: 'business' });
    expect(buildRoutingCondition(input('tipo', 'in', 'a, b'), d)).toEqual({ field: 'tipo', in: ['a', 'b'] });
    expect(buildRoutingCondition(input('importo', 'atLeast', '1.000'), d)).toEqual({ field: 'importo', atLeast: 100000 });
    expect(buildRoutingCondition(input('sede.cap', 'equals', '29121'), d)).toEqual({ field: 'sede.cap', equals: '29121' });
    expect(buildRoutingCondition(input('', 'equals', '', 'any: [{ applicant: business }, { field: tipo, equals: b }]'), d)).toEqual({ any: [{ applicant: 'business' }, { field: 'tipo', equals: 'b' }] });
    expect(() => buildRoutingCondition(input('tipo', 'equals', 'c'), d)).toThrow(BuilderError);
    expect(() => buildRoutingCondition(input('allegato', 'filled'), d)).toThrow(BuilderError);
  });

  it('adds, orders and removes rules; the last one removed takes the section away', () => {
    let d = addRule(draft(), { id: 'imprese', when: { applicant: 'business' }, office: 'suap' });
    d = addRule(d, { id: 'alti', description: text(''), when: { field: 'importo', atLeast: 100000 }, office: 'servizi-sociali' });
    expect(() => addRule(d, { id: 'alti', when: { applicant: 'citizen' }, office: 'anagrafe' })).toThrow(BuilderError);
    d = moveRule(d, 'alti', 'up');
    expect(rulesOf(d)).toEqual([
      { id: 'alti', when: { field: 'importo', atLeast: 100000 }, office: 'servizi-sociali' },
      { id: 'imprese', when: { applicant: 'business' }, office: 'suap' },
    ]);
    d = removeRule(removeRule(d, 'alti'), 'imprese');
    expect(d.routing).toBeUndefined();
  });
});
