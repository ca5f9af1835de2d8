// The fiscal number and VAT number as identity providers send them (the vectors of docs/specs/fiscal-codes.md).
import { describe, expect, it } from 'vitest';
import {
  fiscalCodeCheckChar,
  isValidFiscalCode,
  isValidVatNumber,
  parseCompanyFiscalNumber,
  parseFiscalNumber,
  parseVatNumber,
} from '../../../src/identity/fiscal-code.ts';
import { TEST_PEOPLE } from '../../../src/identity/test-idp/people.ts';

describe('codice fiscale', () => {
  it.each(['CSRGGL44L13H501E', 'LVLDAA85T50G702B', 'MRNLCU00A01H501J', 'BNZVCN32S10E57PV'])('%s is valid', (code) => {
    expect(isValidFiscalCode(code)).toBe(true);
  });

  it.each([
    ['CSRGGL44L13H501A', 'E'],
    ['CLMCST42R12D969Z', 'N'],
    ['SPNDNL80R13C555X', 'T'],
  ])('%s has a wrong check character (should be %s)', (code, right) => {
    expect(isValidFiscalCode(code)).toBe(false);
    expect(fiscalCodeCheckChar(code.slice(0, 15))).toBe(right);
  });

  it('computes the example of the specification: CSRGGL44L13H501 -> E', () => {
    expect(fiscalCodeCheckChar('CSRGGL44L13H501')).toBe('E');
  });

  it.each(['SMTJNS99C01XXXXK', 'csrggl44l13h501e', 'CSRGGL44L13H501', 'CSRGGL44L13H501EE', ''])('%s is badly formed', (code) => {
    expect(isValidFiscalCode(code)).toBe(false);
  });
});

describe('fiscal_number claim', () => {
  it.each([
    ['TINIT-CSRGGL44L13H501E', 'CSRGGL44L13H501E'],
    ['tinit-lvldaa85t50g702b', 'LVLDAA85T50G702B'],
    [' TINIT-BNZVCN32S10E57PV ', 'BNZVCN32S10E57PV'],
    ['MRNLCU00A01H501J', 'MRNLCU00A01H501J'],
  ])('%s -> %s', (claim, code) => {
    expect(parseFiscalNumber(claim)).toBe(code);
  });

  it.each([
    ['a wrong check character', 'TINIT-CSRGGL44L13H501A'],
    ['a bad format', 'TINIT-SMTJNS99C01XXXXK'],
    ["another country's identifier", 'TINDE-CSRGGL44L13H501E'],
    ['an empty value', 'TINIT-'],
    ['not a string', 42],
    ['nothing', undefined],
  ])('refuses %s', (_what, claim) => {
    expect(parseFiscalNumber(claim)).toBeNull();
  });
});

describe('partita IVA and company fiscal number', () => {
  it.each(['97735020584', '03334231200', '00085240950', '01199250158'])('%s is valid', (vat) => {
    expect(isValidVatNumber(vat)).toBe(true);
    expect(parseVatNumber(`VATIT-${vat}`)).toBe(vat);
    expect(parseCompanyFiscalNumber(`TINIT-${vat}`)).toBe(vat);
  });

  it.each(['12345678987', '13747520544', '77777777777', '00000000000', '1234567890', 'VATIT-'])('%s is not', (vat) => {
    expect(isValidVatNumber(vat)).toBe(false);
    expect(parseVatNumber(vat)).toBeNull();
  });

  it('accepts the EU form IT + 11 digits and a sole trader with a personal fiscal code', () => {
    expect(parseVatNumber('IT03334231200')).toBe('03334231200');
    expect(parseCompanyFiscalNumber('TINIT-CSRGGL44L13H501E')).toBe('CSRGGL44L13H501E');
  });
});

describe('the test provider people', () => {
  it('carry valid fiscal codes and VAT numbers, except the identities broken on purpose', () => {
    for (const person of TEST_PEOPLE) {
      if (person.group === 'edge') {
        expect(parseFiscalNumber(person.fiscalNumber ?? undefined), person.id).toBeNull();
        continue;
      }
      expect(parseFiscalNumber(person.fiscalNumber), person.id).toBe(person.id);
      for (const company of person.companies ?? []) expect(isValidVatNumber(company.vatNumber), company.name).toBe(true);
    }
  });
});
