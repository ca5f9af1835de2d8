// The administration's form inputs: conditions typed in words become the values the form
// engine compares (options, yes/no, numbers, euro in cents); the service page form turns
// lines into lists and Rome times into instants; every text the templates ask for exists in
// both languages.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildCondition, conditionToInput, metadataInput, METADATA_FORM_ORDER, problemsOf } from '../../../src/admin/admin.inputs.ts';
import { BuilderError, type DraftField } from '../../../src/admin/draft.ts';
import { messageKeys } from '../../../src/platform/i18n.ts';

const text = (it: string) => ({ it, en: it });
const fields: DraftField[] = [
  { name: 'tipo', type: 'radio', label: text('Tipo'), required: true, options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] },
  { name: 'urgente', type: 'yesno', label: text('Urgente'), required: true },
  { name: 'importo', type: 'money', label: text('Importo'), required: true },
  { name: 'servizi', type: 'checkboxes', label: text('Servizi'), required: true, options: [{ value: 'x', label: text('X') }, { value: 'y', label: text('Y') }] },
];
const simple = (condField: string, condOp: 'equals' | 'notEquals' | 'in' | 'includes' | 'filled' | 'empty', condValue = '') => ({ condField, condOp, condValue, condAdvanced: '' });

describe('conditions from the form', () => {
  it('reads values as the chosen field answers', () => {
    expect(buildCondition(simple('tipo', 'equals', 'b'), fields)).toEqual({ field: 'tipo', equals: 'b' });
    expect(buildCondition(simple('urgente', 'equals', 'Sì'), fields)).toEqual({ field: 'urgente', equals: true });
    expect(buildCondition(simple('importo', 'notEquals', '1.234,50'), fields)).toEqual({ field: 'importo', notEquals: 123450 });
    expect(buildCondition(simple('tipo', 'in', 'a, b'), fields)).toEqual({ field: 'tipo', in: ['a', 'b'] });
    expect(buildCondition(simple('servizi', 'includes', 'y'), fields)).toEqual({ field: 'servizi', includes: 'y' });
    expect(buildCondition(simple('tipo', 'empty'), fields)).toEqual({ field: 'tipo', filled: false });
    expect(buildCondition(simple('', 'equals'), fields)).toBeUndefined();
    expect(buildCondition({ ...simple('', 'equals'), condAdvanced: 'any: [{ field: tipo, equals: a }, { field: urgente, equals: true }]' }, fields)).toEqual({ any: [{ field: 'tipo', equals: 'a' }, { field: 'urgente', equals: true }] });
  });

  it('refuses what the field cannot answer, naming the input', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof BuilderError ? [error.input, error.key] : error;
      }
      return null;
    };
    expect(refusal(() => buildCondition(simple('tipo', 'equals', 'c'), fields))).toEqual(['condValue', 'admin.error.conditionOption']);
    expect(refusal(() => buildCondition(simple('urgente', 'equals', 'forse'), fields))).toEqual(['condValue', 'admin.error.conditionBoolean']);
    expect(refusal(() => buildCondition(simple('tipo', 'includes', 'a'), fields))).toEqual(['condOp', 'admin.error.includesNeedsCheckboxes']);
    expect(refusal(() => buildCondition(simple('dopo', 'equals', 'a'), fields))).toEqual(['condField', 'admin.builder.conditionUnknown']);
    expect(refusal(() => buildCondition({ ...simple('', 'equals'), condAdvanced: 'field: [' }, fields))).toEqual(['condAdvanced', 'admin.error.yaml']);
    expect(refusal(() => buildCondition({ ...simple('', 'equals'), condAdvanced: 'quando: sempre' }, fields))).toEqual(['condAdvanced', 'admin.error.condition']);
  });

  it('shows a stored condition back in the form', () => {
    expect(conditionToInput({ field: 'importo', equals: 123450 }, fields)).toMatchObject({ condField: 'importo', condOp: 'equals', condValue: '1234,50' });
    expect(conditionToInput({ not: { field: 'tipo', equals: 'a' } }, fields)).toMatchObject({ condField: '', condAdvanced: 'not:\n  field: tipo\n  equals: a' });
  });
});

describe('the service page form', () => {
  const body = {
    titleIt: 'Titolo', titleEn: 'Title', requirementsIt: 'Uno\n\nDue\n', requirementsEn: 'One', costAmount: '16,00', durationDays: '30',
    legalReferences: 'L. 241/1990\nRegolamento | https://example.it/r', area: 'tributi', audience: 'both', office: 'tributi', spidLevel: '2',
    silenceConsent: 'yes', keywordsIt: 'tasse, imu ,', opensAt: '2026-07-01T09:00', closesAt: '', maxFilings: '',
  };

  it('turns lines into lists and Rome times into instants', () => {
    const parsed = metadataInput.parse(body);
    expect(parsed.requirements).toEqual([{ it: 'Uno', en: 'One' }, { it: 'Due', en: '' }]);
    expect(parsed.cost).toEqual({ description: { it: '', en: '' }, amountCents: 1600 });
    expect(parsed.legalReferences).toEqual([{ title: 'L. 241/1990' }, { title: 'Regolamento', url: 'https://example.it/r' }]);
    expect(parsed.keywords).toEqual({ it: ['tasse', 'imu'], en: [] });
    expect(parsed).toMatchObject({ opensAt: '2026-07-01T09:00:00+02:00', closesAt: undefined, maxFilings: undefined, silenceConsent: true, featured: false, spidLevel: 2 });
  });

  it('points at each input to fix', () => {
    const result = metadataInput.safeParse({ ...body, durationDays: '200', costAmount: 'gratis', legalReferences: 'ok title\nx | not a url', closesAt: '2026-06-01T09:00' });
    expect(result.success).toBe(false);
    expect(problemsOf(result.error!, METADATA_FORM_ORDER).map((p) => [p.input, p.key, p.params])).toEqual([
      ['durationDays', 'admin.error.duration', {}],
      ['legalReferences', 'admin.error.legalReference', { detail: '2' }],
      ['costAmount', 'admin.error.amount', {}],
      ['closesAt', 'admin.error.closesBeforeOpening', {}],
    ]);
  });
});

describe('texts', () => {
  it('has, in both languages, every text the administration templates ask for', async () => {
    const dir = new URL('../../../views/admin/', import.meta.url);
    const used = new Set<string>();
    for (const name of await readdir(dir)) {
      const source = await readFile(new URL(name, dir), 'utf8');
      for (const match of source.matchAll(/t\('((?:admin|intake)\.[a-zA-Z0-9.]+)'/g)) if (!match[1]!.endsWith('.')) used.add(match[1]!);
    }
    const it = new Set(messageKeys('it'));
    const en = new Set(messageKeys('en'));
    expect([...used].filter((key) => !it.has(key) || !en.has(key))).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
});
