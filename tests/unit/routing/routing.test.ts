// Routing rules: their schema and cross-reference checks (fields of the form, parts, kinds,
// options, offices), the pure evaluator (first matching rule wins, else the default office),
// and every shipped procedure that has rules routed as its rules say.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DefinitionError, loadOffices, loadProcedureDefinitions, parseProcedureDefinition, SEED_DIR } from '../../../src/catalogue/definition-files.ts';
import { formSchema } from '../../../src/forms/definition.ts';
import { checkRouting, routeDefinition, routeFiling, routingSchema, type Routing } from '../../../src/routing/index.ts';

const L = (it: string) => ({ it, en: `${it} (en)` });

const form = formSchema.parse({
  steps: [
    {
      id: 's',
      title: L('Passo'),
      fields: [
        { name: 'tipo', type: 'radio', label: L('Tipo'), options: [{ value: 'casa', label: L('Casa') }, { value: 'negozio', label: L('Negozio') }] },
        { name: 'importo', type: 'money', label: L('Importo') },
        { name: 'indirizzo', type: 'address', label: L('Indirizzo') },
        { name: 'vincolo', type: 'yesno', label: L('Vincolo') },
        { name: 'materiali', type: 'checkboxes', label: L('Materiali'), options: [{ value: 'amianto', label: L('Amianto') }, { value: 'legno', label: L('Legno') }] },
        { name: 'note', type: 'textarea', label: L('Note') },
        { name: 'righe', type: 'group', label: L('Righe'), fields: [{ name: 'voce', type: 'text', label: L('Voce') }] },
      ],
    },
  ],
});

const OFFICES = new Set(['anagrafe', 'suap', 'tributi', 'ambiente', 'polizia-locale']);

function routing(rules: unknown[]): Routing {
  return routingSchema.parse({ rules });
}

describe('the routing schema', () => {
  it('accepts rules over the applicant and the answers, combined', () => {
    const parsed = routing([
      { id: 'imprese', when: { applicant: 'business' }, office: 'suap' },
      { id: 'grandi', when: { all: [{ field: 'importo', atLeast: 500000 }, { not: { field: 'tipo', equals: 'casa' } }] }, office: 'tributi' },
      { id: 'zona', when: { any: [{ field: 'indirizzo.cap', in: ['29121', '29122'] }, { field: 'vincolo', equals: true }] }, office: 'ambiente' },
    ]);
    expect(parsed.rules).toHaveLength(3);
    expect(checkRouting(parsed, form, OFFICES)).toEqual([]);
  });

  it.each([
    ['an unknown applicant type', { applicant: 'association' }],
    ['an unknown operator', { field: 'tipo', startsWith: 'c' }],
    ['an empty list', { field: 'tipo', in: [] }],
    ['a path with two parts', { field: 'indirizzo.cap.x', equals: '1' }],
  ])('refuses %s', (_what, when) => {
    expect(routingSchema.safeParse({ rules: [{ id: 'r', when, office: 'suap' }] }).success).toBe(false);
  });

  it('refuses an empty list of rules and a rule without an office', () => {
    expect(routingSchema.safeParse({ rules: [] }).success).toBe(false);
    expect(routingSchema.safeParse({ rules: [{ id: 'r', when: { applicant: 'business' } }] }).success).toBe(false);
  });
});

describe('cross-reference checks', () => {
  const problems = (rules: unknown[]) => checkRouting(routing(rules), form, OFFICES).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('names a field that is not in the form, and fields inside groups', () => {
    expect(problems([{ id: 'r', when: { field: 'nonEsiste', equals: 'x' }, office: 'suap' }])[0]).toMatch(/^routing\.rules\.0\.when: routing condition names "nonEsiste"/);
    expect(problems([{ id: 'r', when: { field: 'voce', equals: 'x' }, office: 'suap' }])[0]).toMatch(/not a field of the form/);
    expect(problems([{ id: 'r', when: { field: 'righe', filled: true }, office: 'suap' }])[0]).toMatch(/group field/);
  });

  it('checks the parts of composite fields', () => {
    expect(problems([{ id: 'r', when: { field: 'indirizzo.zona', equals: 'x' }, office: 'suap' }])[0]).toMatch(/has no part "zona"/);
    expect(problems([{ id: 'r', when: { field: 'indirizzo', equals: 'x' }, office: 'suap' }])[0]).toMatch(/compare one of its parts/);
    expect(problems([{ id: 'r', when: { field: 'tipo.x', equals: 'x' }, office: 'suap' }])[0]).toMatch(/has no parts/);
    expect(problems([{ id: 'r', when: { field: 'indirizzo', filled: true }, office: 'suap' }])).toEqual([]);
  });

  it('compares each kind of field in a way it allows', () => {
    expect(problems([{ id: 'r', when: { field: 'note', atLeast: 3 }, office: 'suap' }])[0]).toMatch(/cannot be compared with atLeast/);
    expect(problems([{ id: 'r', when: { field: 'tipo', equals: 'ufficio' }, office: 'suap' }])[0]).toMatch(/"ufficio" is not an option of "tipo"/);
    expect(problems([{ id: 'r', when: { field: 'vincolo', equals: 'si' }, office: 'suap' }])[0]).toMatch(/compare it with true or false/);
    expect(problems([{ id: 'r', when: { field: 'importo', equals: 'molto' }, office: 'suap' }])[0]).toMatch(/compare it with a number/);
    expect(problems([{ id: 'r', when: { field: 'materiali', equals: 'amianto' }, office: 'suap' }])[0]).toMatch(/use includes/);
    expect(problems([{ id: 'r', when: { field: 'materiali', includes: 'ferro' }, office: 'suap' }])[0]).toMatch(/not an option of "materiali"/);
    expect(problems([{ id: 'r', when: { field: 'tipo', includes: 'casa' }, office: 'suap' }])[0]).toMatch(/not a checkboxes field/);
  });

  it('refuses unknown offices and duplicate rule ids, and checks nested conditions', () => {
    expect(problems([{ id: 'r', when: { applicant: 'business' }, office: 'ufficio-fantasma' }])[0]).toMatch(/^routing\.rules\.0\.office: unknown office "ufficio-fantasma"/);
    expect(checkRouting(routing([{ id: 'r', when: { applicant: 'business' }, office: 'ufficio-fantasma' }]), form)).toEqual([]);
    expect(problems([{ id: 'r', when: { applicant: 'business' }, office: 'suap' }, { id: 'r', when: { applicant: 'citizen' }, office: 'suap' }])[0]).toMatch(/duplicate rule id "r"/);
    expect(problems([{ id: 'r', when: { all: [{ applicant: 'business' }, { not: { field: 'nope', filled: true } }] }, office: 'suap' }])[0]).toMatch(/^routing\.rules\.0\.when\.all\.1\.not: /);
  });

  it('is applied where definitions are loaded, naming the file and the path', async () => {
    const example = parse(await readFile(path.join(SEED_DIR, 'procedures', 'certificato-residenza.yaml'), 'utf8')) as Record<string, unknown>;
    example.routing = { rules: [{ id: 'x', when: { field: 'nonEsiste', equals: 'a' }, office: 'anagrafe' }, { id: 'y', when: { applicant: 'business' }, office: 'nessuno' }] };
    try {
      parseProcedureDefinition(stringify(example), 'procedures/x.yaml', OFFICES);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DefinitionError);
      const list = (error as DefinitionError).problems;
      expect(list.some((p) => p.startsWith('routing.rules[0].when: routing condition names "nonEsiste"'))).toBe(true);
      expect(list.some((p) => p.startsWith('routing.rules[1].office: unknown office "nessuno"'))).toBe(true);
    }
  });
});

describe('the evaluator', () => {
  const rules = routing([
    { id: 'imprese', when: { applicant: 'business' }, office: 'suap' },
    { id: 'grandi', when: { field: 'importo', atLeast: 500000 }, office: 'tributi' },
    { id: 'piccoli', when: { field: 'importo', below: 1000 }, office: 'anagrafe' },
    { id: 'centro', when: { field: 'indirizzo.cap', in: ['29121'] }, office: 'ambiente' },
    { id: 'amianto', when: { field: 'materiali', includes: 'amianto' }, office: 'polizia-locale' },
    { id: 'note', when: { all: [{ field: 'note', filled: true }, { not: { field: 'vincolo', equals: true } }] }, office: 'polizia-locale' },
  ]);
  const route = (answers: Record<string, unknown>, applicantType: 'citizen' | 'business' = 'citizen') => routeFiling({ defaultOffice: 'default', routing: rules, answers, applicantType });

  it.each([
    ['a business, whatever it answers', { importo: 600000 }, 'business', 'suap', 'imprese'],
    ['an amount at the threshold', { importo: 500000 }, 'citizen', 'tributi', 'grandi'],
    ['an amount just below it, above the small one', { importo: 499999 }, 'citizen', 'default', null],
    ['a small amount', { importo: 999 }, 'citizen', 'anagrafe', 'piccoli'],
    ['an address in the zone (postcode, spaces ignored)', { indirizzo: { street: 'Via Roma', number: '1', cap: ' 29121', city: 'Piacenza', province: 'PC' } }, 'citizen', 'ambiente', 'centro'],
    ['an address outside the zone', { indirizzo: { street: 'Via Roma', number: '1', cap: '29122', city: 'Piacenza', province: 'PC' } }, 'citizen', 'default', null],
    ['a choice among many', { materiali: ['legno', 'amianto'] }, 'citizen', 'polizia-locale', 'amianto'],
    ['a combined condition', { note: 'targa AB123CD', vincolo: false }, 'citizen', 'polizia-locale', 'note'],
    ['a combined condition that fails', { note: 'targa AB123CD', vincolo: true }, 'citizen', 'default', null],
    ['nothing answered', {}, 'citizen', 'default', null],
    ['an amount given as text (never numeric)', { importo: '600000' }, 'citizen', 'default', null],
  ])('routes %s', (_what, answers, type, office, rule) => {
    const decision = route(answers, type as 'citizen' | 'business');
    expect(decision.office).toBe(office);
    expect(decision.ruleId).toBe(rule);
  });

  it('records every rule it looked at, stopping at the first match', () => {
    const decision = route({ importo: 999 });
    expect(decision.evaluated).toEqual([
      { ruleId: 'imprese', matched: false },
      { ruleId: 'grandi', matched: false },
      { ruleId: 'piccoli', matched: true },
    ]);
  });

  it('without rules, the default office', () => {
    expect(routeFiling({ defaultOffice: 'anagrafe', answers: {}, applicantType: 'business' })).toEqual({ office: 'anagrafe', ruleId: null, evaluated: [] });
  });
});

describe('the shipped procedures with rules', async () => {
  const offices = await loadOffices();
  const definitions = await loadProcedureDefinitions(undefined, new Set(offices.map((o) => o.code)));
  const bySlug = new Map(definitions.map((d) => [d.slug, d]));

  it('has a handful of procedures with rules, every rule naming another office than the default', () => {
    const withRules = definitions.filter((d) => d.routing);
    expect(withRules.length).toBeGreaterThanOrEqual(3);
    for (const d of withRules) for (const rule of d.routing!.rules) expect(rule.office).not.toBe(d.office);
  });

  const address = (cap: string) => ({ street: 'Via Roma', number: '10', cap, city: 'Piacenza', province: 'PC' });
  it.each([
    ['cila', {}, 'business', 'suap', 'imprese-al-suap'],
    ['cila', {}, 'citizen', 'sportello-unico-edilizia', null],
    ['abbattimento-alberi-privati', { areaVincolata: true, indirizzoArea: address('29122') }, 'citizen', 'sportello-unico-edilizia', 'vincolo-paesaggistico'],
    ['abbattimento-alberi-privati', { areaVincolata: false, indirizzoArea: address('29121') }, 'business', 'sportello-unico-edilizia', 'vincolo-paesaggistico'],
    ['abbattimento-alberi-privati', { areaVincolata: false, indirizzoArea: address('29122') }, 'citizen', 'ambiente', null],
    ['segnalazione-abbandono-rifiuti', { infoResponsabile: 'Furgone targato AB123CD' }, 'citizen', 'polizia-locale', 'responsabile-indicato'],
    ['segnalazione-abbandono-rifiuti', { infoResponsabile: '' }, 'citizen', 'ambiente', null],
  ])('%s with %j from a %s goes to %s', (slug, answers, type, office, rule) => {
    const decision = routeDefinition(bySlug.get(slug)!, answers, type as 'citizen' | 'business');
    expect(decision.office).toBe(office);
    expect(decision.ruleId).toBe(rule);
  });
});
