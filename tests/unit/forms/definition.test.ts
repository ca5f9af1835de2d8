import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formSchema } from '../../../src/forms/definition.ts';
import { L, OPTIONS } from './helpers.ts';

const issues = (steps: unknown[]) => {
  const result = formSchema.safeParse({ steps });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const radio = { name: 'scelta', type: 'radio', label: L('Scelta'), options: OPTIONS };

describe('form definition cross references', () => {
  it('refuses a condition naming a missing field', () => {
    expect(issues([{ id: 'a', title: L('A'), fields: [{ name: 'x', type: 'text', label: L('X'), showIf: { field: 'manca', equals: 'si' } }] }])).toEqual([
      'steps.0.fields.0.showIf: condition names "manca", which is not a field before this one',
    ]);
  });

  it('refuses a condition naming a later field, and a step condition naming a field of its own step', () => {
    expect(
      issues([
        { id: 'a', title: L('A'), fields: [{ name: 'x', type: 'text', label: L('X'), showIf: { field: 'y', filled: true } }, { name: 'y', type: 'text', label: L('Y') }] },
        { id: 'b', title: L('B'), showIf: { field: 'z', filled: true }, fields: [{ name: 'z', type: 'text', label: L('Z') }] },
      ]),
    ).toEqual([
      'steps.0.fields.0.showIf: condition names "y", which is not a field before this one',
      'steps.1.showIf: condition names "z", which is not a field of an earlier step',
    ]);
  });

  it('refuses condition values the answer can never take', () => {
    expect(
      issues([
        {
          id: 'a',
          title: L('A'),
          fields: [
            radio,
            { name: 'sn', type: 'yesno', label: L('SN') },
            { name: 'n', type: 'integer', label: L('N') },
            { name: 'x1', type: 'text', label: L('X'), showIf: { field: 'scelta', equals: 'delta' } },
            { name: 'x2', type: 'text', label: L('X'), showIf: { field: 'sn', equals: 'yes' } },
            { name: 'x3', type: 'text', label: L('X'), showIf: { field: 'n', in: ['2'] } },
            { name: 'x4', type: 'text', label: L('X'), showIf: { field: 'scelta', includes: 'alfa' } },
          ],
        },
      ]),
    ).toEqual([
      'steps.0.fields.3.showIf: condition on "scelta": "delta" is not an option of "scelta" (options: alfa, beta, gamma)',
      'steps.0.fields.4.showIf: condition on "sn": the answer of "sn" is true or false: compare it with true or false',
      'steps.0.fields.5.showIf: condition on "n": the answer of "n" is a number: compare it with a number',
      'steps.0.fields.6.showIf: condition on "scelta": "scelta" is not a checkboxes field: use equals or in',
    ]);
  });

  it('checks the fields of a group: no nested group or file, conditions on earlier fields, unique names', () => {
    expect(
      issues([
        {
          id: 'a',
          title: L('A'),
          fields: [
            {
              name: 'g',
              type: 'group',
              label: L('G'),
              fields: [
                { name: 'tipo', type: 'radio', label: L('Tipo'), options: OPTIONS },
                { name: 'dettaglio', type: 'text', label: L('Dettaglio'), showIf: { field: 'tipo', equals: 'beta' } },
                { name: 'altro', type: 'text', label: L('Altro'), showIf: { field: 'fantasma', filled: true } },
                { name: 'doc', type: 'file', label: L('Doc') },
                { name: 'tipo', type: 'text', label: L('Tipo') },
                {
                  name: 'figli',
                  type: 'group',
                  label: L('Figli'),
                  max: 11,
                  fields: [{ name: 'nipoti', type: 'group', label: L('Nipoti'), fields: [{ name: 'n', type: 'text', label: L('N') }] }],
                },
              ],
            },
          ],
        },
      ]),
    ).toEqual([
      'steps.0.fields.0.fields.2.showIf: condition names "fantasma", which is not a field before this one',
      'steps.0.fields.0.fields.4.name: duplicate field name "tipo" in the group',
      'steps.0.fields.0.fields.5.max: a group inside a group has at most 10 items',
      'steps.0.fields.0.fields.5.fields.0.type: a group inside a group cannot hold another group (at most 2 levels)',
    ]);
  });

  it('accepts every form of the seeded catalogue', () => {
    const dir = path.resolve(import.meta.dirname, '../../../src/catalogue/seed/procedures');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const result = formSchema.safeParse(parse(readFileSync(path.join(dir, file), 'utf8')).form);
      expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), file).toEqual([]);
    }
  });
});
