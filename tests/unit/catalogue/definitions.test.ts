// Every shipped definition must parse; broken ones must say which file and which value to fix.
import { mkdtemp, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { AREAS } from '../../../src/catalogue/areas.ts';
import {
  DefinitionError,
  loadOffices,
  loadProcedureDefinitions,
  parseProcedureDefinition,
  SEED_DIR,
} from '../../../src/catalogue/definition-files.ts';

const example = await readFile(path.join(SEED_DIR, 'procedures', 'certificato-residenza.yaml'), 'utf8');

function broken(change: (doc: Record<string, any>) => void): string {
  const doc = parse(example) as Record<string, any>;
  change(doc);
  return stringify(doc);
}

function problemsOf(text: string, offices?: Set<string>): string[] {
  try {
    parseProcedureDefinition(text, 'procedures/example.yaml', offices);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return (error as DefinitionError).problems;
  }
  throw new Error('expected the definition to be refused');
}

describe('the shipped catalogue', () => {
  it('parses every definition, with 40+ procedures in 8+ areas and known offices', async () => {
    const offices = await loadOffices();
    const definitions = await loadProcedureDefinitions(undefined, new Set(offices.map((o) => o.code)));
    expect(definitions.length).toBeGreaterThanOrEqual(40);
    const areas = new Set(definitions.map((d) => d.area));
    expect(areas.size).toBeGreaterThanOrEqual(8);
    for (const area of areas) expect(AREAS.some((a) => a.code === area)).toBe(true);
    expect(new Set(definitions.map((d) => d.slug)).size).toBe(definitions.length);
    expect(definitions.filter((d) => d.featured).length).toBeGreaterThanOrEqual(3);
  });
});

describe('broken definitions', () => {
  it('names the path of a missing English text', () => {
    const problems = problemsOf(broken((d) => (d.title = { it: 'Titolo' })));
    expect(problems).toContain('title.en: Required');
  });

  it('names an unknown field type with its position in the form', () => {
    const problems = problemsOf(broken((d) => (d.form.steps[0].fields[0].type = 'colour')));
    expect(problems.some((p) => p.startsWith('form.steps[0].fields[0].type:'))).toBe(true);
  });

  it('refuses a condition naming a field that does not exist', () => {
    const problems = problemsOf(broken((d) => (d.form.steps[0].fields[1].showIf = { field: 'nonEsiste', equals: 'x' })));
    expect(problems).toContain('form.steps[0].fields[1].showIf: condition names "nonEsiste", which is not a field before this one');
  });

  it('refuses duplicate field names', () => {
    const problems = problemsOf(broken((d) => (d.form.steps[1].fields[1].name = 'uso')));
    expect(problems).toContain('form.steps[1].fields[1].name: duplicate field name "uso"');
  });

  it('refuses an unknown area and an unknown key', () => {
    expect(problemsOf(broken((d) => (d.area = 'luna'))).some((p) => p.startsWith('area: unknown area'))).toBe(true);
    expect(problemsOf(broken((d) => (d.colour = 'blue'))).some((p) => p.includes("Unrecognized key(s) in object: 'colour'"))).toBe(true);
  });

  it('refuses a choice field without options and an office that does not exist', () => {
    expect(problemsOf(broken((d) => delete d.form.steps[0].fields[0].options))).toContain('form.steps[0].fields[0].options: a radio field needs options');
    expect(problemsOf(example, new Set(['tributi']))[0]).toMatch(/^office: unknown office "anagrafe"/);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problemsOf('slug: [unclosed\n')[0]).toMatch(/^line \d+:/);
  });

  it('lists every broken file of a folder, and a slug that does not match its file name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'defs-'));
    await mkdir(path.join(dir, 'procedures'));
    await writeFile(path.join(dir, 'procedures', 'altro-nome.yaml'), example);
    await writeFile(path.join(dir, 'procedures', 'rotto.yaml'), broken((d) => (d.durationDays = 0)));
    const error = await loadProcedureDefinitions(path.join(dir, 'procedures')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    const message = (error as DefinitionError).message;
    expect(message).toContain('altro-nome.yaml');
    expect(message).toContain('slug: "certificato-residenza" must match the file name');
    expect(message).toContain('rotto.yaml');
    expect(message).toContain('durationDays: Number must be greater than or equal to 1');
  });
});
