// The places of a comune, pure: finding a comune in ISTAT's list, reading ISTAT's CSV (from a
// fixture in its format), reading an administrator's street list CSV, matching streets and
// checking house numbers, and the comune and street field types that use them.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { validateStep } from '../../../src/forms/journey.ts';
import { stepView } from '../../../src/forms/view.ts';
import { comuni, placeOfBirthText } from '../../../src/places/comuni.ts';
import { decodeText } from '../../../src/places/csv.ts';
import { IstatCsvError, parseIstatCsv } from '../../../src/places/istat-csv.ts';
import { parseStradario, STRADARIO_TEMPLATE } from '../../../src/places/stradario-csv.ts';
import { createStreetDirectory, normalizeHouseNumber, numberExists, type Street } from '../../../src/places/streets.ts';
import { updateComuni } from '../../../src/places/update-comuni.ts';
import { L, oneStep, TODAY } from '../forms/helpers.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/places/Elenco-comuni-italiani.csv');

describe('finding a comune', () => {
  it.each([
    ['Piacenza', 'found', '033032'],
    ['  piacenza ', 'found', '033032'],
    ['Piacenza (PC)', 'found', '033032'],
    ['piacenza(pc)', 'found', '033032'],
    ['033032', 'found', '033032'],
    ['H501', 'found', '058091'],
    ['Agliè', 'found', '001001'],
    ['aglie', 'found', '001001'],
    ['AGLIÉ', 'found', '001001'],
    ['Bozen', 'found', '021008'],
    ['Bolzano/Bozen', 'found', '021008'],
    ["Sant'Angelo Lodigiano", 'found', '098050'],
    ['Sant’Angelo  Lodigiano', 'found', '098050'],
    ['Castro', 'ambiguous', null],
    ['Castro (LE)', 'found', '075096'],
    ['Castro (bg)', 'found', '016065'],
    ['Castro (RM)', 'wrongProvince', null],
    ['Piacenza (MI)', 'wrongProvince', null],
    ['Atlantide', 'unknown', null],
    ['999999', 'unknown', null],
    ['', 'unknown', null],
  ])('%j: %s %s', (typed, kind, istat) => {
    const match = comuni().find(typed);
    expect(match.kind).toBe(kind);
    if (match.kind === 'found') expect(match.comune.istat).toBe(istat);
  });

  it('knows every comune by its cadastral code too (a place of birth in a codice fiscale)', () => {
    expect(comuni().byCadastral('h501')).toMatchObject({ name: 'Roma', province: 'RM', region: 'Lazio' });
    expect(comuni().size).toBeGreaterThan(7800);
    expect(comuni().labels()).toContain('Piacenza (PC)');
  });

  it.each([
    ['H501', 'Roma (RM)'],
    ['g702', 'Pisa (PI)'],
    ['Z404', 'Z404'],
    ['Roma', 'Roma'],
  ])('writes the place of birth %j as %j', (code, text) => {
    expect(placeOfBirthText(code)).toBe(text);
  });
});

describe("ISTAT's CSV", () => {
  it('reads the fixture: Windows-1252, header cells with line breaks, columns found by name', async () => {
    const list = parseIstatCsv(decodeText(await readFile(FIXTURE)));
    expect(list.map((c) => `${c.istat} ${c.name} ${c.cadastral} ${c.province}`)).toEqual([
      '001001 Agliè A074 TO',
      '015146 Milano F205 MI',
      '016065 Castro C337 BG',
      '021008 Bolzano A952 BZ',
      '033032 Piacenza G535 PC',
      '048017 Firenze D612 FI',
      '058091 Roma H501 RM',
      '075096 Castro M261 LE',
    ]);
    expect(list.find((c) => c.istat === '021008')).toMatchObject({ fullName: 'Bolzano/Bozen', region: 'Trentino-Alto Adige/Südtirol' });
  });

  it('writes the data file the portal ships, in the same form', async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'comuni-')), 'comuni.json');
    const file = await updateComuni(FIXTURE, out, '2026-01-01', 'fixture');
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written).toEqual(file);
    expect(written.comuni[0]).toEqual(['001001', 'Agliè', 'A074', 'TO', written.regions.indexOf('Piemonte')]);
  });

  it('refuses a file that is not the list', () => {
    expect(() => parseIstatCsv('a;b;c\n1;2;3\n')).toThrow(IstatCsvError);
    expect(() => parseIstatCsv('')).toThrow('the file is empty');
  });
});

describe("an administrator's street list CSV", () => {
  it('reads the template: rows of one code add ranges', () => {
    const parsed = parseStradario(STRADARIO_TEMPLATE);
    expect(parsed).toEqual({
      ok: true,
      streets: [
        { code: '0001', name: 'Via Roma', cap: '29121', ranges: [{ from: 1, to: 99, parity: 'odd' }, { from: 2, to: 50, parity: 'even' }] },
        { code: '0002', name: 'Piazza Cavalli', cap: '29121', ranges: [] },
      ],
    });
  });

  it('reads commas, English headers, a byte order mark and open ranges', () => {
    const parsed = parseStradario('\uFEFFcode,name,from,to,parity,locality\nA1,"Via Dante, Alighieri",5,,odd,Centro\n');
    expect(parsed).toEqual({ ok: true, streets: [{ code: 'A1', name: 'Via Dante, Alighieri', locality: 'Centro', ranges: [{ from: 5, to: null, parity: 'odd' }] }] });
  });

  it.each([
    ['denominazione\nVia Roma', [{ line: 1, key: 'places.csv.missingColumn', params: { column: 'codice' } }]],
    ['codice;denominazione\n', [{ line: 0, key: 'places.csv.empty' }]],
    ['codice;denominazione\n!!;Via Roma', [{ line: 2, key: 'places.csv.code', params: {} }]],
    ['codice;denominazione\nA;V', [{ line: 2, key: 'places.csv.name', params: {} }]],
    ['codice;denominazione;da;a\nA;Via Roma;uno;3', [{ line: 2, key: 'places.csv.number', params: {} }]],
    ['codice;denominazione;da;a\nA;Via Roma;;3', [{ line: 2, key: 'places.csv.toWithoutFrom', params: {} }]],
    ['codice;denominazione;da;a\nA;Via Roma;9;3', [{ line: 2, key: 'places.csv.toBeforeFrom', params: { from: 9, to: 3 } }]],
    ['codice;denominazione;parita\nA;Via Roma;qualche', [{ line: 2, key: 'places.csv.parity', params: {} }]],
    ['codice;denominazione;cap\nA;Via Roma;2912', [{ line: 2, key: 'places.csv.cap', params: {} }]],
    ['codice;denominazione\nA;Via Roma\n\nA;Via Verdi', [{ line: 4, key: 'places.csv.twoNames', params: { code: 'A', first: 2 } }]],
  ])('refuses %j', (csv, problems) => {
    expect(parseStradario(csv)).toEqual({ ok: false, problems });
  });
});

const STREETS: Street[] = [
  { code: 'R1', name: 'Via Roma', ranges: [{ from: 1, to: 199, parity: 'odd' }, { from: 2, to: 200, parity: 'even' }] },
  { code: 'C9', name: 'Piazza Cavalli', ranges: [] },
  { code: 'V1', name: 'Viale Dante Alighieri', ranges: [{ from: 10, to: null, parity: 'all' }] },
  { code: 'S1', name: 'Via San Siro', ranges: [] },
  { code: 'S2', name: 'Vicolo San Siro', ranges: [] },
  { code: 'P1', name: 'Piazza Sant’Antonino', ranges: [] },
];

describe('matching a street and its house number', () => {
  const directory = createStreetDirectory(STREETS);
  it.each([
    ['Via Roma', 'R1'],
    ['via  roma', 'R1'],
    ['V. Roma', 'R1'],
    ['v.roma', 'R1'],
    ['Roma', 'R1'],
    ['P.za Cavalli', 'C9'],
    ['pza cavalli', 'C9'],
    ['V.le Dante Alighieri', 'V1'],
    ["piazza sant'antonino", 'P1'],
    ['San Siro', 'ambiguous'],
    ['Via San Siro', 'S1'],
    ['Via Milano', 'unknown'],
  ])('%j: %s', (typed, expected) => {
    const match = directory.find(typed);
    expect(match.kind === 'found' ? match.street.code : match.kind).toBe(expected);
  });

  it.each([
    ['1', true],
    ['199', true],
    ['201', false],
    ['0', false],
    ['2', true],
    ['200', true],
    ['202', false],
    ['13/B', true],
    ['snc', true],
  ])('Via Roma %s: %s', (number, exists) => {
    expect(numberExists(STREETS[0]!, normalizeHouseNumber(number)!)).toBe(exists);
  });

  it('reads open-ended ranges and streets without ranges', () => {
    expect(numberExists(STREETS[2]!, '9')).toBe(false);
    expect(numberExists(STREETS[2]!, '99999')).toBe(true);
    expect(numberExists(STREETS[1]!, '4321')).toBe(true);
  });

  it.each([
    ['12', '12'],
    ['12 / a', '12/A'],
    ['12b', '12B'],
    ['S.N.C.', 'snc'],
    ['dodici', null],
    ['', null],
  ])('house number %j -> %j', (typed, stored) => {
    expect(normalizeHouseNumber(typed)).toBe(stored);
  });
});

describe('the comune and street fields', () => {
  const definition = oneStep({ name: 'nascita', type: 'comune', label: L('Comune di nascita'), required: true }, { name: 'indirizzo', type: 'street', label: L('Indirizzo'), required: true });
  const streets = createStreetDirectory(STREETS);
  const run = (body: Record<string, string>, withStreets = true, locale: 'it' | 'en' = 'it') =>
    validateStep(definition, 's', body, {}, locale, { today: TODAY, streets: withStreets ? streets : null });

  it.each([
    [{ nascita: 'castro (le)', 'indirizzo.street': 'v. roma', 'indirizzo.number': '12' }, true, { nascita: { code: '075096', name: 'Castro', province: 'LE' }, indirizzo: { code: 'R1', street: 'Via Roma', number: '12' } }],
    [{ nascita: 'H501', 'indirizzo.street': 'Via Milano 7', 'indirizzo.number': 'snc' }, false, { nascita: { code: '058091', name: 'Roma', province: 'RM' }, indirizzo: { street: 'Via Milano 7', number: 'snc' } }],
  ])('accepts %j (street list: %s)', (body, withStreets, answers) => {
    expect(run(body, withStreets)).toEqual({ ok: true, answers });
  });

  it.each([
    [{}, 'it', ['Indica il comune per «Comune di nascita»', 'Indica la via o piazza', 'Inserisci il numero civico']],
    [{ nascita: 'Castro', 'indirizzo.street': 'Via Roma', 'indirizzo.number': '201' }, 'it', [
      '«Comune di nascita»: ci sono più comuni di nome Castro. Aggiungi la provincia tra parentesi: «Castro (BG)», «Castro (LE)»',
      'In Via Roma non esiste il civico 201. I civici di questa via sono: 1–199 (dispari), 2–200 (pari)',
    ]],
    [{ nascita: 'Atlantide', 'indirizzo.street': 'San Siro', 'indirizzo.number': '1' }, 'en', [
      '"Comune di nascita (en)": "Atlantide" is not an Italian comune. Write its name as in the ISTAT list, for example "Piacenza" or "Piacenza (PC)"',
      'Several streets match "San Siro": write the full name, for example «Via San Siro», «Vicolo San Siro»',
    ]],
    [{ nascita: 'Piacenza', 'indirizzo.street': 'Via Roma', 'indirizzo.number': 'dodici' }, 'it', ['Inserisci il numero civico come 12, 12/A oppure snc se non c’è']],
  ])('refuses %j', (body, locale, messages) => {
    const result = run(body as Record<string, string>, true, locale as 'it' | 'en');
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(messages);
  });

  it('suggests comuni and, with a street list, its streets; without one, says the street is free text', () => {
    const [comune, street] = stepView(definition, 's', {}, [], 'it', {}, streets).fields;
    expect(comune).toMatchObject({ kind: 'input', suggestions: { id: 'f-nascita-list' } });
    expect(comune!.kind === 'input' && comune!.suggestions?.options).toContain('Castro (LE)');
    expect(street!.kind === 'composite' && street!.parts[0]!.suggestions?.options).toContain('Piazza Cavalli');
    const [, free] = stepView(definition, 's', {}, [], 'en', {}, null).fields;
    const part = free!.kind === 'composite' ? free!.parts[0] : undefined;
    expect(part?.suggestions).toBeUndefined();
    expect(part?.hint).toContain('street list is not available yet');
  });
});

describe('the seeded procedures with places', () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });
  const streets = createStreetDirectory(STREETS);

  it('parse, and render every step holding a comune or a street in both languages', async () => {
    const definitions = (await loadProcedureDefinitions()).filter((d) => d.form.steps.some((s) => s.fields.some((f) => f.type === 'comune' || f.type === 'street')));
    expect(definitions.map((d) => d.slug)).toEqual(expect.arrayContaining(['cambio-residenza', 'passo-carrabile']));
    for (const definition of definitions) {
      for (const step of definition.form.steps.filter((s) => s.fields.some((f) => f.type === 'comune' || f.type === 'street'))) {
        for (const locale of ['it', 'en'] as const) {
          const view = stepView(definition.form, step.id, {}, [], locale, {}, streets);
          const html = env.renderString('{% from "forms/field.njk" import formFields %}{{ formFields(fields) }}', { fields: view.fields });
          expect(html, `${definition.slug} ${step.id} ${locale}`).toMatch(/<datalist id="f-[a-zA-Z-]+">/);
        }
      }
    }
  });
});
