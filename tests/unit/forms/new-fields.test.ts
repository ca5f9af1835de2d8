// Table-driven tests of the field capabilities of issue 18: a text's pattern (and the check
// that keeps dangerous patterns out of definitions), the time and vehicle plate types, the
// 14-digit marca da bollo and where single-use answers are found.
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../src/forms/answers.ts';
import { fieldSchema } from '../../../src/forms/definition.ts';
import { htmlPattern, matchesPattern, patternProblem } from '../../../src/forms/fields/pattern.ts';
import { parseTime } from '../../../src/forms/fields/time.ts';
import type { FormBody } from '../../../src/forms/inputs.ts';
import { applyAction, readAction, singleUseAnswers, stepView, summaryView, validateStep, type FieldError, type InputView } from '../../../src/forms/index.ts';
import type { Locale } from '../../../src/forms/messages.ts';
import { formatTarga, normalizeTarga, targaKind } from '../../../src/forms/validators/targa.ts';
import { form, L, oneStep, TODAY } from './helpers.ts';

type Field = Record<string, unknown> & { name: string; type: string };

function submit(field: Field, body: FormBody, locale: Locale = 'it') {
  const result = validateStep(oneStep(field), 's', body, {}, locale, { today: TODAY });
  return result.ok ? { answer: result.answers[field.name], errors: [] as FieldError[] } : { answer: undefined, errors: result.errors };
}
const messages = (r: { errors: FieldError[] }) => r.errors.map((e) => e.message);
const summaryOf = (field: Field, answer: Answers[string], locale: Locale = 'it') => summaryView(oneStep(field), { [field.name]: answer }, locale).steps[0]?.rows[0]?.text ?? '';
const inputOf = (field: Field, locale: Locale = 'it') => stepView(oneStep(field), 's', {}, [], locale).fields[0] as InputView;

describe('pattern on text fields', () => {
  const protocollo = {
    name: 'pratica',
    type: 'text',
    label: L('Numero di pratica', 'Case number'),
    required: true,
    pattern: { regex: '[A-Z]{2}-\\d{4}/\\d{2}', message: L('Scrivi il numero come AB-1234/26', 'Write the number like AB-1234/26') },
  };

  it.each([
    ['AB-1234/26', 'AB-1234/26'],
    ['  ZX-0000/00 ', 'ZX-0000/00'],
  ])('accepts %j', (typed, stored) => {
    expect(submit(protocollo, { pratica: typed }).answer).toBe(stored);
  });

  it.each([
    ['ab-1234/26', 'it', 'Scrivi il numero come AB-1234/26'],
    ['AB-1234/26x', 'it', 'Scrivi il numero come AB-1234/26'],
    ['xAB-1234/26', 'en', 'Write the number like AB-1234/26'],
    ['AB1234/26', 'en', 'Write the number like AB-1234/26'],
  ] as const)('refuses %j with the definition\'s message (%s)', (typed, locale, message) => {
    expect(messages(submit(protocollo, { pratica: typed }, locale))).toEqual([message]);
  });

  it('checks the length before the pattern, and leaves an optional field empty', () => {
    expect(messages(submit({ ...protocollo, maxLength: 5 }, { pratica: 'AB-1234/26' }))).toEqual(['«Numero di pratica» può avere al massimo 5 caratteri']);
    expect(submit({ ...protocollo, required: false }, { pratica: '' }).answer).toBeUndefined();
  });

  it('puts the pattern on the input where browsers read it alike', () => {
    expect(inputOf(protocollo).pattern).toBe('[A-Z]{2}-\\d{4}/\\d{2}');
    // "[a-z-]" is fine for the server ("u") but not for browsers ("v"): no attribute, server check only
    const loose = { ...protocollo, pattern: { regex: '[a-z-]+', message: L('Solo lettere minuscole') } };
    expect(inputOf(loose).pattern).toBeUndefined();
    expect(matchesPattern('[a-z-]+', 'ab-c')).toBe(true);
    expect(htmlPattern('[a-z-]+')).toBeNull();
  });

  it.each([
    ['[A-Z]{2}\\d{4}', null],
    ['\\d{5}(-\\d{4})?', null],
    ['(?:ab|cd)', null],
    ['(?<anno>\\d{4})/\\d+', null],
    ['[(+)*]+', null],
    ['', 'empty'],
    ['a'.repeat(201), 'longer than 200'],
    ['(unclosed', 'not a valid regular expression'],
    ['(a+)+', 'repeats a group'],
    ['(a*)*b', 'repeats a group'],
    ['(a|ab)*', 'repeats a group'],
    ['(\\d{2,})+', 'repeats a group'],
    ['((ab)+c){2,}', 'repeats a group'],
    ['(a)\\1', 'backreferences'],
    ['(?=a)a', 'lookahead'],
    ['a+b+c+d+', 'more than 3 unbounded'],
  ])('pattern %j: %s', (source, problem) => {
    const found = patternProblem(source);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('refuses a definition with a dangerous pattern or without its message', () => {
    const base = { name: 'x', type: 'text', label: L('X') };
    expect(fieldSchema.safeParse({ ...base, pattern: { regex: '(a+)+$', message: L('m') } }).success).toBe(false);
    expect(fieldSchema.safeParse({ ...base, pattern: { regex: '\\d+' } }).success).toBe(false);
    expect(fieldSchema.safeParse({ ...base, pattern: { regex: '\\d+', message: { it: 'solo cifre' } } }).success).toBe(false);
    expect(fieldSchema.safeParse({ ...base, pattern: { regex: '\\d+', message: L('Solo cifre', 'Digits only') } }).success).toBe(true);
    // only text fields have a pattern
    expect(fieldSchema.safeParse({ ...base, type: 'textarea', pattern: { regex: '\\d+', message: L('m') } }).success).toBe(false);
  });
});

describe('time', () => {
  const orario = { name: 'orario', type: 'time', label: L('Orario di inizio', 'Start time'), required: true };

  it.each([
    ['09:30', '09:30'],
    ['9:30', '09:30'],
    ['09.30', '09:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['14:15:00', '14:15'],
  ])('reads %j as %s', (typed, stored) => {
    expect(parseTime(typed)).toBe(stored);
    expect(submit(orario, { orario: typed }).answer).toBe(stored);
  });

  it.each(['24:00', '12:60', '9:5', '0930', 'nove', '12:30:15', '-1:00', '12:30 pm'])('refuses %j', (typed) => {
    expect(parseTime(typed)).toBeNull();
    expect(messages(submit(orario, { orario: typed }))).toEqual(['«Orario di inizio»: inserisci un’ora nel formato hh:mm (24 ore), ad esempio 09:30']);
  });

  const bounded = { ...orario, earliest: '08:00', latest: '18:00', stepMinutes: 15 };
  it.each([
    ['08:00', []],
    ['18:00', []],
    ['12:45', []],
    // one message per input: the first problem
    ['07:59', ['«Orario di inizio» non può essere prima delle 08:00']],
    ['18:15', ['«Orario di inizio» non può essere dopo le 18:00']],
    ['12:10', ['«Orario di inizio»: scegli un orario a intervalli di 15 minuti, ad esempio 08:00']],
  ])('bounds and step: %s', (typed, expected) => {
    expect(messages(submit(bounded, { orario: typed }))).toEqual(expected);
  });

  it('says so in English, and when left empty', () => {
    expect(messages(submit(bounded, { orario: '19:00' }, 'en'))).toEqual(['"Start time" cannot be later than 18:00']);
    expect(messages(submit(orario, { orario: '' }))).toEqual(['Compila il campo «Orario di inizio»']);
  });

  it('renders a time input with its step, bounds and a hint', () => {
    const input = inputOf(bounded);
    expect(input).toMatchObject({ inputType: 'time', step: 900, min: '08:00', max: '18:00', hint: 'Nel formato hh:mm (24 ore), ad esempio 09:30' });
    expect(summaryOf(orario, '09:30')).toBe('09:30');
  });

  it('refuses bounds that are not hh:mm in a definition', () => {
    expect(fieldSchema.safeParse({ ...orario, earliest: '8:00' }).success).toBe(false);
    expect(fieldSchema.safeParse({ ...orario, stepMinutes: 0 }).success).toBe(false);
  });
});

describe('vehicle plate (targa)', () => {
  const targa = { name: 'targa', type: 'targa', label: L('Targa del veicolo', 'Number plate'), required: true };

  it.each([
    ['AB 123 CD', 'AB123CD', 'auto', 'AB 123 CD'],
    ['ab123cd', 'AB123CD', 'auto', 'AB 123 CD'],
    ['GA-456-ZZ', 'GA456ZZ', 'auto', 'GA 456 ZZ'],
    ['XA 123 AB', 'XA123AB', 'auto', 'XA 123 AB'],
    ['AB 12345', 'AB12345', 'moto', 'AB 12345'],
    ['x2b4c5', 'X2B4C5', 'ciclomotore', 'X2B4C5'],
    ['4X7Y2', '4X7Y2', 'ciclomotore', '4X7Y2'],
  ])('accepts %j as %s (%s)', (typed, stored, kind, shown) => {
    expect(normalizeTarga(typed)).toBe(stored);
    expect(targaKind(typed)).toBe(kind);
    expect(submit(targa, { targa: typed }).answer).toBe(stored);
    expect(summaryOf(targa, stored)).toBe(shown);
    expect(formatTarga(stored)).toBe(shown);
  });

  it.each([
    ['AI 123 CD', 'no I in the letters'],
    ['AB 123 CO', 'no O'],
    ['QB 123 CD', 'no Q'],
    ['AB 123 CU', 'no U'],
    ['AB 1234 CD', 'too many digits'],
    ['MI 123456', 'old provincial plate'],
    ['123456', 'digits only'],
    ['ABCDEF', 'letters only'],
    ['AB12', 'too short'],
    ['AB 123 C€', 'not a letter'],
  ])('refuses %j (%s)', (typed) => {
    expect(targaKind(typed)).toBeNull();
    expect(messages(submit(targa, { targa: typed }))).toEqual([
      '«Targa del veicolo» non è una targa italiana valida: ad esempio AB 123 CD (auto), AB 12345 (moto) o X2B4C5 (ciclomotore)',
    ]);
  });

  it('renders an input that keeps capitals, with a hint', () => {
    expect(inputOf(targa, 'en')).toMatchObject({ inputType: 'text', autocapitalize: 'characters', spellcheck: false, hint: 'With or without spaces, like AB 123 CD' });
  });
});

describe('marca da bollo and single-use answers', () => {
  const bollo = { name: 'bollo', type: 'marcaDaBollo', label: L('Marca da bollo'), required: true };

  it.each([
    ['01234567890123', '2026-11-26', null],
    ['0123 4567 8901 23', '2026-01-01', null],
    ['0123456789012', '2026-11-26', 'bollo.serial'],
    ['012345678901234', '2026-11-26', 'bollo.serial'],
    ['0123456789012345', '2026-11-26', 'bollo.serial'],
    ['01234567890123', '2026-11-27', 'bollo.issuedOn'],
    ['01234567890123', '31/02/2026', 'bollo.issuedOn'],
  ])('serial %j issued %s: error on %s', (serial, issuedOn, errorOn) => {
    const result = submit(bollo, { 'bollo.serial': serial, 'bollo.issuedOn': issuedOn });
    expect(result.errors.map((e) => e.field)).toEqual(errorOn ? [errorOn] : []);
  });

  it('finds stamps at the top of a step and inside group items', () => {
    const definition = form([
      { id: 'a', title: L('A'), fields: [bollo] },
      { id: 'b', title: L('B'), fields: [{ name: 'atti', type: 'group', label: L('Atti'), fields: [{ name: 'marca', type: 'marcaDaBollo', label: L('Marca') }] }] },
    ]);
    const answers = { bollo: { serial: '11111111111111', issuedOn: TODAY }, atti: [{}, { marca: { serial: '22222222222222', issuedOn: TODAY } }] } as Answers;
    expect(singleUseAnswers(definition, answers)).toEqual([
      { stepId: 'a', input: 'bollo.serial', inputId: 'f-bollo-serial', value: '11111111111111' },
      { stepId: 'b', input: 'atti[1].marca.serial', inputId: 'f-atti-1-marca-serial', value: '22222222222222' },
    ]);
    expect(singleUseAnswers(definition, answers, 'b')).toHaveLength(1);
  });
});

describe('files and groups inside groups', () => {
  const pdf = { id: 'u1', name: 'ci.pdf', size: 2048, contentType: 'application/pdf', sha256: 'c'.repeat(64) };
  const famiglia = oneStep({
    name: 'componenti',
    type: 'group',
    label: L('Componente', 'Member'),
    required: true,
    fields: [
      { name: 'nome', type: 'text', label: L('Nome'), required: true },
      { name: 'documento', type: 'file', label: L('Documento'), required: true },
      { name: 'figli', type: 'group', label: L('Figlio', 'Child'), max: 3, fields: [{ name: 'nomeFiglio', type: 'text', label: L('Nome del figlio'), required: true }] },
    ],
  });

  it.each([
    ['a member with a document and two children', { 'componenti[0].nome': 'Livia', 'componenti[0].figli[0].nomeFiglio': 'Druso', 'componenti[0].figli[1].nomeFiglio': 'Tiberio' }, { componenti: [{ documento: [pdf] }] }, []],
    ['a member without children', { 'componenti[0].nome': 'Livia' }, { componenti: [{ documento: [pdf] }] }, []],
    ['a member without the document', { 'componenti[0].nome': 'Livia' }, {}, ['componenti[0].documento']],
    ['a child without a name', { 'componenti[0].nome': 'Livia', 'componenti[0].figli._items': '1', 'componenti[0].figli[0].nomeFiglio': ' ', 'componenti[0].figli[1].nomeFiglio': 'x' }, { componenti: [{ documento: [pdf] }] }, []],
  ] as const)('%s', (_case, body, previous, errorsOn) => {
    const result = validateStep(famiglia, 's', body as FormBody, previous as unknown as Answers, 'it', { today: TODAY });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(errorsOn);
  });

  it('stores the document and the children in the member\'s item; the file is never read from the body', () => {
    const result = validateStep(famiglia, 's', { 'componenti[0].nome': 'Livia', 'componenti[0].documento': 'forged', 'componenti[0].figli[0].nomeFiglio': 'Druso' }, { componenti: [{ documento: [pdf] }] } as unknown as Answers, 'it', { today: TODAY });
    expect(result.ok && result.answers.componenti).toEqual([{ nome: 'Livia', documento: [pdf], figli: [{ nomeFiglio: 'Druso' }] }]);
  });

  it('renders the file input inside the item, a multipart form, and the inner group\'s buttons', () => {
    const view = stepView(famiglia, 's', {}, [], 'it');
    expect(view.hasFileFields).toBe(true);
    const group = view.fields[0]!;
    if (group.kind !== 'group') throw new Error('not a group');
    const [nome, documento, figli] = group.items[0]!.fields;
    expect(nome!.name).toBe('componenti[0].nome');
    expect(documento).toMatchObject({ kind: 'file', name: 'componenti[0].documento', id: 'f-componenti-0-documento' });
    expect(figli).toMatchObject({ kind: 'group', name: 'componenti[0].figli', add: { value: 'add:componenti[0].figli' } });
  });

  it('summarises the member with the document and the children', () => {
    const text = summaryView(famiglia, { componenti: [{ nome: 'Livia', documento: [pdf], figli: [{ nomeFiglio: 'Druso' }] }] } as unknown as Answers, 'it').steps[0]!.rows[0]!.text;
    expect(text).toContain('Documento: ci.pdf (2 KB)');
    expect(text).toContain('Nome del figlio: Druso');
  });
});

describe('buttons of a group inside an item', () => {
  const form2 = oneStep({
    name: 'g',
    type: 'group',
    label: L('G'),
    fields: [{ name: 'h', type: 'group', label: L('H'), max: 2, fields: [{ name: 'x', type: 'text', label: L('X') }] }],
  });
  it.each([
    ['add:g[0].h', { kind: 'add', field: 'g[0].h' }],
    ['remove:g[1].h:0', { kind: 'remove', field: 'g[1].h', index: 0 }],
    ['removeFile:g[0].doc:abc', { kind: 'removeFile', field: 'g[0].doc', fileId: 'abc' }],
    ['add:g[0].h[1].k[2].z', null],
    ['add:g[0]', null],
  ])('reads %j', (value, action) => {
    expect(readAction({ _action: value })).toEqual(action);
  });

  it('adds and removes inner items, up to the inner max', () => {
    const body = { 'g[0].h[0].x': 'a', 'g[0].h[1].x': 'b' };
    const added = applyAction(form2, 's', body, {}, { kind: 'add', field: 'g[0].h' });
    expect((added.g as Array<{ h: unknown[] }>)[0]!.h).toHaveLength(2);
    const removed = applyAction(form2, 's', body, {}, { kind: 'remove', field: 'g[0].h', index: 0 });
    expect((removed.g as Array<{ h: Array<{ x: string }> }>)[0]!.h).toEqual([{ x: 'b' }]);
  });
});
