import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../src/forms/answers.ts';
import { FIELD_TYPES } from '../../../src/forms/definition.ts';
import { fieldModules } from '../../../src/forms/fields/index.ts';
import type { FormBody } from '../../../src/forms/inputs.ts';
import { summaryView, validateStep, valuesFromAnswers, stepView, type FieldError } from '../../../src/forms/index.ts';
import type { Locale } from '../../../src/forms/messages.ts';
import { L, OPTIONS, oneStep, TODAY } from './helpers.ts';

type Field = Record<string, unknown> & { name: string; type: string };

/** Validates a one-field step; returns the answer or the errors. */
function submit(field: Field, body: FormBody, locale: Locale = 'it', previous: Answers = {}) {
  const definition = oneStep(field);
  const result = validateStep(definition, 's', body, previous, locale, { today: TODAY });
  return result.ok ? { answer: result.answers[field.name], errors: [] as FieldError[] } : { answer: undefined, errors: result.errors };
}
const messages = (r: { errors: FieldError[] }) => r.errors.map((e) => e.message);
/** The summary text of an answer, through the public summary. */
function summaryOf(field: Field, answer: Answers[string], locale: Locale = 'it'): string {
  const row = summaryView(oneStep(field), { [field.name]: answer }, locale).steps[0]?.rows[0];
  return row?.text ?? '';
}

describe('the registry', () => {
  it('has a module for every field type', () => {
    expect(Object.keys(fieldModules).sort()).toEqual([...FIELD_TYPES].sort());
  });
});

describe('text and textarea', () => {
  const text = { name: 'nome', type: 'text', label: L('Nome', 'Name'), required: true, minLength: 2, maxLength: 12 };

  it('trims and collapses spaces', () => {
    expect(submit(text, { nome: '  Mario   Rossi ' }).answer).toBe('Mario Rossi');
  });

  it('says what is missing, in the locale', () => {
    expect(messages(submit(text, { nome: '  ' }))).toEqual(['Compila il campo «Nome»']);
    expect(messages(submit(text, {}, 'en'))).toEqual(['Fill in "Name"']);
  });

  it('checks minLength and maxLength in characters', () => {
    expect(messages(submit(text, { nome: 'M' }))).toEqual(['«Nome» deve avere almeno 2 caratteri']);
    expect(messages(submit(text, { nome: 'Mariangela Rossi' }, 'en'))).toEqual(['"Name" must be 12 characters or fewer']);
    expect(submit(text, { nome: 'Nicolò' }).answer).toBe('Nicolò');
  });

  it('an optional empty text gives no answer', () => {
    expect(submit({ ...text, required: false }, { nome: '' })).toEqual({ answer: undefined, errors: [] });
  });

  it('textarea keeps line breaks (normalised) and shows one line each in the summary', () => {
    const notes = { name: 'note', type: 'textarea', label: L('Note') };
    expect(submit(notes, { note: 'riga uno\r\nriga due\n' }).answer).toBe('riga uno\nriga due');
    expect(summaryView(oneStep(notes), { note: 'a\nb' }, 'it').steps[0]?.rows[0]?.lines).toEqual(['a', 'b']);
  });
});

describe('numbers and money', () => {
  it('integer: grouping, bounds', () => {
    const people = { name: 'persone', type: 'integer', label: L('Persone'), required: true, min: 1, max: 20 };
    expect(submit(people, { persone: '3' }).answer).toBe(3);
    expect(messages(submit(people, { persone: '0' }))).toEqual(['«Persone» deve essere almeno 1']);
    expect(messages(submit(people, { persone: '21' }))).toEqual(['«Persone» può essere al massimo 20']);
    expect(messages(submit(people, { persone: '2,5' }))).toEqual(['«Persone»: inserisci un numero intero, ad esempio 12']);
  });

  it('decimal: either separator', () => {
    const area = { name: 'superficie', type: 'decimal', label: L('Superficie'), min: 0 };
    expect(submit(area, { superficie: '85,5' }).answer).toBe(85.5);
    expect(submit(area, { superficie: '85.5' }).answer).toBe(85.5);
    expect(messages(submit(area, { superficie: '-1' }))).toEqual(['«Superficie» deve essere almeno 0']);
    expect(summaryOf(area, 85.5)).toBe('85,5');
    expect(summaryOf(area, 85.5, 'en')).toBe('85.5');
  });

  it('money: typed in many ways, stored as integer cents, shown in euro', () => {
    const amount = { name: 'importo', type: 'money', label: L('Importo', 'Amount'), required: true, min: 0.5, max: 5000 };
    expect(submit(amount, { importo: '12,50' }).answer).toBe(1250);
    expect(submit(amount, { importo: '12.50' }).answer).toBe(1250);
    expect(submit(amount, { importo: '1.234,56' }).answer).toBe(123456);
    expect(summaryOf(amount, 123456)).toBe('€ 1.234,56');
    expect(summaryOf(amount, 123456, 'en')).toBe('€1,234.56');
    expect(messages(submit(amount, { importo: '12,505' }))).toEqual(['«Importo»: inserisci l’importo con al massimo due decimali']);
    expect(messages(submit(amount, { importo: 'dodici' }, 'en'))).toEqual(['"Amount": enter an amount in euro, like 12.50']);
    expect(messages(submit(amount, { importo: '0,10' }))).toEqual(['«Importo» deve essere almeno € 0,50']);
    expect(messages(submit(amount, { importo: '5000,01' }))).toEqual(['«Importo» può essere al massimo € 5.000,00']);
    expect(messages(submit(amount, {}))).toEqual(['Inserisci l’importo per «Importo»']);
  });

  it('money: the page shows the stored amount the way a person types it', () => {
    const amount = { name: 'importo', type: 'money', label: L('Importo') };
    const definition = oneStep(amount);
    expect(valuesFromAnswers(definition, 's', { importo: 123456 }, 'it')).toEqual({ importo: '1234,56' });
  });
});

describe('date', () => {
  const date = { name: 'nascita', type: 'date', label: L('Data di nascita', 'Date of birth'), required: true };

  it('reads yyyy-mm-dd and dd/mm/yyyy, shows dd/mm/yyyy', () => {
    expect(submit(date, { nascita: '2026-11-26' }).answer).toBe('2026-11-26');
    expect(submit(date, { nascita: '26/11/2026' }).answer).toBe('2026-11-26');
    expect(summaryOf(date, '2026-11-26')).toBe('26/11/2026');
  });

  it('refuses dates that do not exist', () => {
    expect(messages(submit(date, { nascita: '31/02/2026' }))).toEqual(['«Data di nascita»: inserisci una data vera, ad esempio 26/11/2026']);
    expect(messages(submit(date, {}, 'en'))).toEqual(['Enter the date for "Date of birth"']);
  });
});

describe('email and phone', () => {
  it('email', () => {
    const email = { name: 'email', type: 'email', label: L('Email'), required: true };
    expect(submit(email, { email: ' Mario.Rossi@Example.IT ' }).answer).toBe('Mario.Rossi@example.it');
    expect(messages(submit(email, { email: 'mario@' }))).toEqual(['Inserisci un indirizzo email nel formato corretto, ad esempio nome@esempio.it']);
    expect(messages(submit(email, {}, 'en'))).toEqual(['Enter an email address']);
  });

  it('phone', () => {
    const phone = { name: 'telefono', type: 'phone', label: L('Telefono'), required: true };
    expect(submit(phone, { telefono: '+39 333 123 4567' }).answer).toBe('+393331234567');
    expect(messages(submit(phone, { telefono: 'tre tre tre' }))).toEqual([
      'Inserisci un numero di telefono valido, ad esempio 06 1234567 o +39 333 1234567',
    ]);
  });
});

describe('choices', () => {
  const radio = { name: 'scelta', type: 'radio', label: L('Scelta', 'Choice'), required: true, options: OPTIONS };

  it('radio stores the value and shows the label', () => {
    expect(submit(radio, { scelta: 'beta' }).answer).toBe('beta');
    expect(summaryOf(radio, 'alfa')).toBe('Alfa');
    expect(summaryOf(radio, 'alfa', 'en')).toBe('Alpha');
    expect(messages(submit(radio, { scelta: 'delta' }))).toEqual(['Scegli una delle risposte proposte per «Scelta»']);
    expect(messages(submit(radio, {}, 'en'))).toEqual(['Choose an answer for "Choice"']);
  });

  it('select works the same, with an empty placeholder first', () => {
    const select = { ...radio, type: 'select' };
    expect(submit(select, { scelta: 'gamma' }).answer).toBe('gamma');
    expect(messages(submit(select, { scelta: '' }))).toEqual(['Scegli una risposta per «Scelta»']);
    const view = stepView(oneStep(select), 's', { scelta: 'gamma' }, [], 'it').fields[0];
    expect(view?.kind === 'select' && view.options.map((o) => [o.value, o.selected])).toEqual([
      ['', false],
      ['alfa', false],
      ['beta', false],
      ['gamma', true],
    ]);
  });

  it('checkboxes: several values in option order, counts, unknown values refused', () => {
    const boxes = { name: 'servizi', type: 'checkboxes', label: L('Servizi'), required: true, max: 2, options: OPTIONS };
    expect(submit(boxes, { servizi: ['gamma', 'alfa', 'alfa'] }).answer).toEqual(['alfa', 'gamma']);
    expect(submit(boxes, { servizi: 'beta' }).answer).toEqual(['beta']);
    expect(messages(submit(boxes, {}))).toEqual(['Scegli almeno una risposta per «Servizi»']);
    expect(messages(submit(boxes, { servizi: ['alfa', 'beta', 'gamma'] }))).toEqual(['Scegli al massimo 2 risposte per «Servizi»']);
    expect(messages(submit(boxes, { servizi: ['alfa', 'zeta'] }))).toEqual(['Scegli una delle risposte proposte per «Servizi»']);
    expect(messages(submit({ ...boxes, required: false, min: 2 }, { servizi: 'alfa' }))).toEqual(['Scegli almeno 2 risposte per «Servizi»']);
    expect(summaryView(oneStep(boxes), { servizi: ['alfa', 'gamma'] }, 'it').steps[0]?.rows[0]?.lines).toEqual(['Alfa', 'Gamma']);
  });

  it('yesno is a boolean, shown as Sì/No or Yes/No', () => {
    const yesno = { name: 'residente', type: 'yesno', label: L('Sei residente?'), required: true };
    expect(submit(yesno, { residente: 'yes' }).answer).toBe(true);
    expect(submit(yesno, { residente: 'no' }).answer).toBe(false);
    expect(messages(submit(yesno, {}))).toEqual(['Rispondi sì o no a «Sei residente?»']);
    expect(summaryOf(yesno, true)).toBe('Sì');
    expect(summaryOf(yesno, false, 'en')).toBe('No');
    expect(summaryOf(yesno, true, 'en')).toBe('Yes');
  });

  it('declaration: a required one must be ticked; an optional one unticked is false', () => {
    const declaration = { name: 'dichiaro', type: 'declaration', label: L('Dichiarazione'), declaration: L('Dichiaro il vero'), required: true };
    expect(submit(declaration, { dichiaro: 'yes' }).answer).toBe(true);
    expect(messages(submit(declaration, {}))).toEqual(['Per continuare conferma la dichiarazione «Dichiarazione»']);
    expect(submit({ ...declaration, required: false }, {}).answer).toBe(false);
    expect(summaryView(oneStep(declaration), { dichiaro: true }, 'it').steps[0]?.rows[0]?.lines).toEqual(['Confermata', 'Dichiaro il vero']);
  });
});

describe('Italian identifiers', () => {
  const cf = { name: 'cf', type: 'codiceFiscale', label: L('Codice fiscale'), required: true };

  it('codice fiscale: normalised, with the messages of the spec', () => {
    expect(submit(cf, { cf: 'csrggl44l13h501e' }).answer).toBe('CSRGGL44L13H501E');
    expect(submit(cf, { cf: 'BNZVCN32S10E57PV' }).answer).toBe('BNZVCN32S10E57PV');
    expect(messages(submit(cf, { cf: 'CSRGGL44L13H501A' }))).toEqual(['Il codice fiscale non è valido: controlla il carattere finale']);
    expect(messages(submit(cf, { cf: 'CSRGGL44L13H501A' }, 'en'))).toEqual(['The tax code is not valid: check the last character']);
    expect(messages(submit(cf, { cf: 'SMTJNS99C01XXXXK' }))[0]).toMatch(/^Il codice fiscale deve avere 16 caratteri/);
    expect(messages(submit(cf, {}))).toEqual(['Inserisci il codice fiscale']);
    expect(messages(submit(cf, {}, 'en'))).toEqual(['Enter the tax code']);
  });

  it('partita IVA', () => {
    const piva = { name: 'piva', type: 'partitaIva', label: L('Partita IVA'), required: true };
    expect(submit(piva, { piva: 'IT 97735020584' }).answer).toBe('97735020584');
    expect(messages(submit(piva, { piva: '12345678987' }))).toEqual(['La partita IVA non è valida: controlla le cifre']);
    expect(messages(submit(piva, { piva: '1234' }))).toEqual(['La partita IVA deve avere 11 cifre']);
  });

  it('IBAN: compact uppercase stored, groups of four shown', () => {
    const iban = { name: 'iban', type: 'iban', label: L('IBAN'), required: true };
    expect(submit(iban, { iban: 'it60 x054 2811 1010 0000 0123 456' }).answer).toBe('IT60X0542811101000000123456');
    expect(submit(iban, { iban: 'GB82 WEST 1234 5698 7654 32' }).answer).toBe('GB82WEST12345698765432');
    expect(summaryOf(iban, 'IT60X0542811101000000123456')).toBe('IT60 X054 2811 1010 0000 0123 456');
    expect(messages(submit(iban, { iban: 'IT61X0542811101000000123456' }))).toEqual(['L’IBAN non è valido: controlla di averlo copiato senza errori']);
    expect(messages(submit(iban, { iban: 'IT60X05428111010000001234' }))).toEqual([
      'Un IBAN italiano ha 27 caratteri: controlla di averlo copiato per intero',
    ]);
  });

  it('CAP', () => {
    const cap = { name: 'cap', type: 'cap', label: L('CAP'), required: true };
    expect(submit(cap, { cap: '00184' }).answer).toBe('00184');
    expect(messages(submit(cap, { cap: '184' }))).toEqual(['Il CAP deve avere 5 cifre']);
  });
});

describe('composite fields', () => {
  const address = { name: 'residenza', type: 'address', label: L('Residenza'), required: true };
  const full = { 'residenza.street': 'Via Roma', 'residenza.number': '12/a', 'residenza.cap': '00184', 'residenza.city': 'Roma', 'residenza.province': 'rm' };

  it('address: five sub-inputs into one answer', () => {
    expect(submit(address, full).answer).toEqual({ street: 'Via Roma', number: '12/A', cap: '00184', city: 'Roma', province: 'RM' });
    expect(submit(address, { ...full, 'residenza.number': 'S.N.C.' }).answer).toMatchObject({ number: 'snc' });
    expect(summaryOf(address, { street: 'Via Roma', number: '12', cap: '00184', city: 'Roma', province: 'RM' })).toBe('Via Roma 12, 00184 Roma (RM)');
  });

  it('address: one error per wrong part, linked to that part', () => {
    const result = submit(address, { ...full, 'residenza.cap': '184', 'residenza.province': 'Roma', 'residenza.street': '' });
    expect(result.errors).toEqual([
      { field: 'residenza.street', inputId: 'f-residenza-street', message: 'Inserisci la via o la piazza' },
      { field: 'residenza.cap', inputId: 'f-residenza-cap', message: 'Il CAP deve avere 5 cifre' },
      { field: 'residenza.province', inputId: 'f-residenza-province', message: 'La provincia si indica con la sigla di 2 lettere, ad esempio RM' },
    ]);
  });

  it('address: optional and empty gives no answer; optional and partly filled must be completed', () => {
    expect(submit({ ...address, required: false }, {})).toEqual({ answer: undefined, errors: [] });
    expect(submit({ ...address, required: false }, { 'residenza.city': 'Roma' }).errors.map((e) => e.field)).toEqual([
      'residenza.street',
      'residenza.number',
      'residenza.cap',
      'residenza.province',
    ]);
  });

  it('cadastral: foglio and particella required, subalterno optional', () => {
    const cadastral = { name: 'catasto', type: 'cadastral', label: L('Dati catastali'), required: true };
    expect(submit(cadastral, { 'catasto.foglio': '012', 'catasto.particella': '345' }).answer).toEqual({ foglio: '12', particella: '345' });
    expect(submit(cadastral, { 'catasto.foglio': '12', 'catasto.particella': '345', 'catasto.subalterno': '3' }).answer).toEqual({
      foglio: '12',
      particella: '345',
      subalterno: '3',
    });
    expect(messages(submit(cadastral, { 'catasto.foglio': 'dodici', 'catasto.particella': '345', 'catasto.subalterno': 'x' }))).toEqual([
      'Il foglio è un numero, ad esempio 12 (a volte seguito da una lettera, ad esempio 12A)',
      'Il subalterno è un numero, ad esempio 3',
    ]);
    expect(summaryOf(cadastral, { foglio: '12', particella: '345', subalterno: '3' })).toBe('Foglio 12, particella 345, subalterno 3');
  });

  it('marca da bollo: 14-digit identifier and a date of issue not in the future', () => {
    const bollo = { name: 'bollo', type: 'marcaDaBollo', label: L('Marca da bollo'), required: true };
    expect(submit(bollo, { 'bollo.serial': '0123 4567 8901 23', 'bollo.issuedOn': '26/11/2026' }).answer).toEqual({
      serial: '01234567890123',
      issuedOn: '2026-11-26',
    });
    expect(submit(bollo, { 'bollo.serial': '0123456789012345', 'bollo.issuedOn': '2026-11-27' }).errors).toEqual([
      { field: 'bollo.serial', inputId: 'f-bollo-serial', message: 'Il numero identificativo della marca da bollo deve avere 14 cifre' },
      { field: 'bollo.issuedOn', inputId: 'f-bollo-issuedOn', message: 'La data di emissione della marca da bollo non può essere nel futuro' },
    ]);
    expect(summaryOf(bollo, { serial: '01234567890123', issuedOn: '2026-11-26' })).toBe('Marca da bollo n. 01234567890123 del 26/11/2026');
  });
});

describe('file references', () => {
  const pdf = { id: 'u1', name: 'planimetria.pdf', size: 120_000, contentType: 'application/pdf', sha256: 'a'.repeat(64) };
  const jpg = { id: 'u2', name: 'foto.jpg', size: 3 * 1024 * 1024, contentType: 'image/jpeg', sha256: 'b'.repeat(64) };
  const files = { name: 'allegati', type: 'file', label: L('Allegati'), required: true, accept: ['application/pdf'], maxSizeMb: 2, max: 1 };

  it('takes the list from the stored answers, not from the body', () => {
    expect(submit(files, { allegati: 'forged' }, 'it', { allegati: [pdf] }).answer).toEqual([pdf]);
  });

  it('checks required, count, content type and size', () => {
    expect(messages(submit(files, {}))).toEqual(['Allega il file per «Allegati»']);
    expect(messages(submit(files, {}, 'it', { allegati: [pdf, jpg] }))).toEqual(['Il file «foto.jpg» non è di un tipo accettato per «Allegati»']);
    expect(messages(submit({ ...files, accept: undefined }, {}, 'it', { allegati: [pdf, jpg] }))).toEqual(['Il file «foto.jpg» supera il limite di 2 MB']);
    expect(messages(submit({ ...files, accept: undefined, maxSizeMb: undefined }, {}, 'it', { allegati: [pdf, jpg] }))).toEqual([
      'Puoi allegare al massimo 1 file per «Allegati»',
    ]);
    expect(messages(submit(files, {}, 'it', { allegati: [{ id: 'x' }] }))).toEqual(['Un file allegato a «Allegati» non è più disponibile: caricalo di nuovo']);
  });

  it('summarises names and sizes', () => {
    expect(summaryOf(files, [pdf])).toBe('planimetria.pdf (117 KB)');
  });
});

describe('repeatable group', () => {
  const members = {
    name: 'componenti',
    type: 'group',
    label: L('Componenti', 'Members'),
    required: true,
    min: 1,
    max: 2,
    fields: [
      { name: 'nome', type: 'text', label: L('Nome', 'Name'), required: true },
      { name: 'cf', type: 'codiceFiscale', label: L('Codice fiscale'), required: true },
    ],
  };

  it('reads items from indexed inputs, ignoring blank slots', () => {
    const body = {
      'componenti._items': '3',
      'componenti[0].nome': 'Giulio Cesare',
      'componenti[0].cf': 'CSRGGL44L13H501E',
      'componenti[1].nome': '',
      'componenti[1].cf': ' ',
      'componenti[2].nome': 'Ada Lovelace',
      'componenti[2].cf': 'lvldaa85t50g702b',
    };
    expect(submit(members, body).answer).toEqual([
      { nome: 'Giulio Cesare', cf: 'CSRGGL44L13H501E' },
      { nome: 'Ada Lovelace', cf: 'LVLDAA85T50G702B' },
    ]);
  });

  it('refuses fewer than min and more than max items', () => {
    expect(submit(members, { 'componenti[0].nome': '' }).errors).toEqual([
      { field: 'componenti', inputId: 'f-componenti-0-nome', message: 'Aggiungi almeno un elemento in «Componenti»' },
    ]);
    const three = {
      'componenti[0].nome': 'A',
      'componenti[0].cf': 'CSRGGL44L13H501E',
      'componenti[1].nome': 'B',
      'componenti[1].cf': 'LVLDAA85T50G702B',
      'componenti[2].nome': 'C',
      'componenti[2].cf': 'MRNLCU00A01H501J',
    };
    expect(messages(submit(members, three, 'en'))).toEqual(['Add no more than 2 items to "Members"']);
    expect(messages(submit({ ...members, required: false, min: 2, max: 3 }, { 'componenti[0].nome': 'A', 'componenti[0].cf': 'CSRGGL44L13H501E' }))).toEqual([
      'Aggiungi almeno 2 elementi in «Componenti»',
    ]);
  });

  it('names the item in the messages of its sub-fields, and links to the sub-input', () => {
    const result = submit(members, { 'componenti[0].nome': 'A', 'componenti[0].cf': 'CSRGGL44L13H501E', 'componenti[1].nome': 'B' });
    expect(result.errors).toEqual([{ field: 'componenti[1].cf', inputId: 'f-componenti-1-cf', message: 'Inserisci il codice fiscale' }]);
    const text = submit(members, { 'componenti[0].cf': 'CSRGGL44L13H501E' }, 'en');
    expect(text.errors).toEqual([{ field: 'componenti[0].nome', inputId: 'f-componenti-0-nome', message: 'Fill in "Name (Members 1)"' }]);
  });

  it('summarises one line per item', () => {
    const definition = oneStep(members);
    const rows = summaryView(definition, { componenti: [{ nome: 'Giulio Cesare', cf: 'CSRGGL44L13H501E' }] }, 'it').steps[0]?.rows;
    expect(rows?.[0]?.lines).toEqual(['Componenti 1: Nome: Giulio Cesare; Codice fiscale: CSRGGL44L13H501E']);
  });
});
