import { describe, expect, it } from 'vitest';
import {
  codiceFiscaleCheckChar,
  codiceFiscaleProblem,
  ibanProblem,
  isValidCap,
  isValidCodiceFiscale,
  isValidEmail,
  isValidIban,
  isValidMarcaDaBolloSerial,
  isValidPartitaIva,
  isValidPhone,
  MARCA_DA_BOLLO_DIGITS,
  normalizeEmail,
  normalizeIban,
  normalizePartitaIva,
  normalizePhone,
  partitaIvaCheckDigit,
} from '../../../src/forms/validators/index.ts';

describe('codice fiscale (docs/specs/fiscal-codes.md)', () => {
  it.each(['CSRGGL44L13H501E', 'LVLDAA85T50G702B', 'MRNLCU00A01H501J', 'BNZVCN32S10E57PV'])('%s is valid', (cf) => {
    expect(codiceFiscaleProblem(cf)).toBeNull();
    expect(isValidCodiceFiscale(cf)).toBe(true);
  });

  it.each([
    ['CSRGGL44L13H501A', 'E'],
    ['CLMCST42R12D969Z', 'N'],
    ['SPNDNL80R13C555X', 'T'],
  ])('%s has a wrong check character (should be %s)', (cf, expected) => {
    expect(codiceFiscaleProblem(cf)).toBe('check');
    expect(codiceFiscaleCheckChar(cf.slice(0, 15))).toBe(expected);
  });

  it('SMTJNS99C01XXXXK has a bad format', () => {
    expect(codiceFiscaleProblem('SMTJNS99C01XXXXK')).toBe('format');
  });

  it('computes the worked example of the spec (sum 108 -> E)', () => {
    expect(codiceFiscaleCheckChar('CSRGGL44L13H501')).toBe('E');
  });

  it('accepts lowercase and spaces as typed, and refuses wrong lengths and month letters', () => {
    expect(isValidCodiceFiscale(' csrggl44l13 h501e ')).toBe(true);
    expect(isValidCodiceFiscale('CSRGGL44L13H501')).toBe(false);
    expect(codiceFiscaleProblem('CSRGGL44Z13H501E')).toBe('format'); // Z is no month
  });
});

describe('partita IVA', () => {
  it.each(['97735020584', '03334231200', '00085240950', '01199250158'])('%s is valid', (piva) => {
    expect(isValidPartitaIva(piva)).toBe(true);
  });

  it.each([
    ['12345678987', 6],
    ['13747520544', 5],
    ['77777777777', 0],
  ])('%s is invalid (check digit should be %d)', (piva, check) => {
    expect(isValidPartitaIva(piva)).toBe(false);
    expect(partitaIvaCheckDigit(piva.slice(0, 10))).toBe(check);
  });

  it('accepts the IT prefix of the EU VAT number and spaces; refuses other lengths and all zeros', () => {
    expect(normalizePartitaIva('IT 03334231200')).toBe('03334231200');
    expect(isValidPartitaIva('IT03334231200')).toBe(true);
    expect(isValidPartitaIva('0333423120')).toBe(false);
    expect(isValidPartitaIva('00000000000')).toBe(false);
  });
});

describe('IBAN', () => {
  it('accepts a valid Italian IBAN, with spaces and in lowercase', () => {
    expect(isValidIban('IT60X0542811101000000123456')).toBe(true);
    expect(isValidIban('it60 x054 2811 1010 0000 0123 456')).toBe(true);
    expect(normalizeIban('it60 x054 2811 1010 0000 0123 456')).toBe('IT60X0542811101000000123456');
  });

  it('refuses a wrong check', () => {
    expect(ibanProblem('IT61X0542811101000000123456')).toBe('check');
    expect(ibanProblem('IT60X0542811101000000123457')).toBe('check');
  });

  it('checks the Italian length and layout', () => {
    expect(ibanProblem('IT60X054281110100000012345')).toBe('italianLength');
    expect(ibanProblem('IT6000542811101000000123456')).toBe('format'); // CIN must be a letter
  });

  it('accepts a foreign IBAN by the generic mod-97 check', () => {
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(ibanProblem('GB83WEST12345698765432')).toBe('check');
    expect(ibanProblem('GB82')).toBe('format');
  });
});

describe('CAP, marca da bollo, phone, e-mail', () => {
  it('CAP is five digits', () => {
    expect(isValidCap('00184')).toBe(true);
    expect(isValidCap('0018')).toBe(false);
    expect(isValidCap('00184a')).toBe(false);
  });

  it(`marca da bollo identification number is ${MARCA_DA_BOLLO_DIGITS} digits`, () => {
    // the identificativo of the contrassegno telematico, as printed: 14 digits
    expect(isValidMarcaDaBolloSerial('01234567890123')).toBe(true);
    expect(isValidMarcaDaBolloSerial('0123 4567 8901 23')).toBe(true);
    expect(isValidMarcaDaBolloSerial('0123-4567-8901-23')).toBe(true);
    expect(isValidMarcaDaBolloSerial('0123456789012')).toBe(false);
    expect(isValidMarcaDaBolloSerial('0123456789012345')).toBe(false);
    expect(isValidMarcaDaBolloSerial('0123456789012A')).toBe(false);
    expect(isValidMarcaDaBolloSerial('')).toBe(false);
  });

  it('phone: Italian and international, normalised compact', () => {
    expect(isValidPhone('06 1234567')).toBe(true);
    expect(isValidPhone('+39 333 123 4567')).toBe(true);
    expect(normalizePhone('0039 333-123.4567')).toBe('+393331234567');
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidPhone('333 12a4567')).toBe(false);
    expect(isValidPhone('++39333123456')).toBe(false);
  });

  it('e-mail: one @, a dotted domain, no spaces; domain lowercased', () => {
    expect(isValidEmail('mario.rossi@comune.example.it')).toBe(true);
    expect(isValidEmail('mario.rossi@pec.it')).toBe(true);
    expect(normalizeEmail(' Mario@Comune.IT ')).toBe('Mario@comune.it');
    for (const bad of ['mario', 'mario@', 'mario@comune', 'ma rio@comune.it', 'mario..rossi@comune.it', '@comune.it', 'mario@comune..it']) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
  });
});
