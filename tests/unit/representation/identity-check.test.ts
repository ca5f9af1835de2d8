// The help desk's plausibility checks, pure: what a codice fiscale encodes (omocodia included),
// the names' letters, the document numbers per type, the expiry bounds.
import { describe, expect, it } from 'vitest';
import { decodeFiscalCode, documentProblems, identityProblems, likelyBirthDate, namesCode, type PersonInput } from '../../../src/representation/identity-check.ts';

const TODAY = '2026-03-02';
const teresa: PersonInput = {
  fiscalCode: 'RNLTRS40A41H501A',
  givenName: 'Teresa',
  familyName: 'Rinaldi',
  birthDate: '1940-01-01',
  sex: 'F',
  document: { type: 'cie', number: 'CA12345AB', issuer: 'Comune di Roma', expiresOn: '2030-01-01' },
  namesConfirmed: false,
};

describe('what a codice fiscale says', () => {
  it('decodes year, month, day and sex, omocodia letters too', () => {
    expect(decodeFiscalCode('RNLTRS40A41H501A')).toEqual({ year: 40, month: 1, day: 1, sex: 'F' });
    expect(decodeFiscalCode('RSSMRA80A01H501U')).toEqual({ year: 80, month: 1, day: 1, sex: 'M' });
    // 8 -> U, 0 -> L: the same person, an omocodia variant
    expect(decodeFiscalCode('RSSMRAULALMHRLMU')).toMatchObject({ year: 80, month: 1, day: 1, sex: 'M' });
  });

  it('reads the birth date as the latest past one', () => {
    expect(likelyBirthDate('RNLTRS40A41H501A', TODAY)).toBe('1940-01-01');
    expect(likelyBirthDate('MRNLCU00A01H501J', TODAY)).toBe('2000-01-01');
  });

  it('has the letters of the names', () => {
    expect(namesCode('Rinaldi', 'Teresa')).toBe('RNLTRS');
    expect(namesCode('Sarti', 'Laura')).toBe('SRTLRA');
    expect(namesCode('Lovelace', 'Ada')).toBe('LVLDAA');
    // four consonants or more in a given name: the first, third and fourth
    expect(namesCode('De Luca', 'Maria Teresa')).toBe('DLCMTR');
    expect(namesCode('Fò', 'Niccolò')).toBe('FOXNCL');
  });
});

describe('the identity at the desk', () => {
  it('accepts a plausible person and says what is wrong with the others', () => {
    expect(identityProblems(teresa, TODAY, true)).toEqual([]);
    expect(identityProblems({ ...teresa, familyName: 'Bianchi', givenName: 'Teresa' }, TODAY, true).map((p) => p.key)).toEqual(['helpDesk.error.namesMismatch']);
    expect(identityProblems({ ...teresa, familyName: 'Bianchi', givenName: 'Teresa', namesConfirmed: true }, TODAY, true)).toEqual([]);
    expect(identityProblems({ ...teresa, birthDate: '2027-01-01' }, TODAY, true).map((p) => p.key)).toEqual(['helpDesk.error.birthDateMismatch', 'helpDesk.error.birthDateFuture']);
    expect(identityProblems({ ...teresa, document: null }, TODAY, false)).toEqual([]);
    expect(identityProblems({ ...teresa, document: null }, TODAY, true).map((p) => p.key)).toEqual(['helpDesk.error.documentRequired']);
  });

  it('checks each document type\'s number, the issuer and the expiry', () => {
    const doc = (type: 'carta-identita' | 'cie' | 'passaporto' | 'patente', number: string, expiresOn = '2030-01-01') => documentProblems({ type, number, issuer: 'Comune di Roma', expiresOn }, TODAY, true);
    expect(doc('carta-identita', 'AU1234567')).toEqual([]);
    expect(doc('passaporto', 'YA1234567')).toEqual([]);
    expect(doc('patente', 'U1A12345BC')).toEqual([]);
    expect(doc('patente', 'RM1234567X')).toEqual([]);
    expect(doc('cie', 'AU1234567')[0]).toEqual({ field: 'documentNumber', key: 'helpDesk.error.documentNumber.cie', params: { example: 'CA12345AB' } });
    expect(doc('cie', 'CA12345AB', TODAY)).toEqual([]);
    expect(doc('cie', 'CA12345AB', '2026-03-01').map((p) => p.key)).toEqual(['helpDesk.error.documentExpired']);
    expect(doc('cie', 'CA12345AB', '2037-03-01')).toEqual([]);
    expect(doc('cie', 'CA12345AB', '2038-03-10').map((p) => p.key)).toEqual(['helpDesk.error.documentExpiryFar']);
    expect(doc('cie', 'CA12345AB', '2026-02-30').map((p) => p.key)).toEqual(['helpDesk.error.date']);
  });
});
