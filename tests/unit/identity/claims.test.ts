// Reading the person from the ID token and userinfo claims, and the claims request.
import { describe, expect, it } from 'vitest';
import { ClaimsError, claimsRequest, parseIdentityClaims } from '../../../src/identity/claims.ts';
import { acrForLevel, levelFromAcr, levelFromProviderAcr, SPID_ACR_VALUES } from '../../../src/identity/levels.ts';

const EID = 'https://attributes.eid.gov.it/';
const SPID = 'https://attributes.spid.gov.it/';

describe('parseIdentityClaims', () => {
  it('reads the person from the userinfo claims (eid namespace)', () => {
    const person = parseIdentityClaims(
      { sub: 'x', acr: acrForLevel(2) },
      {
        [`${EID}fiscal_number`]: 'TINIT-CSRGGL44L13H501E',
        given_name: 'Giulio',
        family_name: 'Cesare',
        birthdate: '1944-07-13',
        place_of_birth: { region: 'Lazio', locality: 'H501' },
        email: 'giulio@example.it',
        phone_number: '+393331234567',
      },
    );
    expect(person).toEqual({
      fiscalCode: 'CSRGGL44L13H501E',
      givenName: 'Giulio',
      familyName: 'Cesare',
      birthDate: '1944-07-13',
      placeOfBirth: { locality: 'H501', region: 'Lazio' },
      email: 'giulio@example.it',
      phone: '+393331234567',
      companies: [],
    });
  });

  it('accepts the older spid namespace', () => {
    const person = parseIdentityClaims({}, { [`${SPID}fiscal_number`]: 'TINIT-LVLDAA85T50G702B', given_name: 'Ada', family_name: 'Lovelace' });
    expect(person.fiscalCode).toBe('LVLDAA85T50G702B');
  });

  it('takes attributes from the ID token too (CIE), userinfo winning where both have one', () => {
    const person = parseIdentityClaims(
      { [`${EID}fiscal_number`]: 'TINIT-MRNLCU00A01H501J', given_name: 'Old', family_name: 'Marino', email: 'id@example.it' },
      { given_name: 'Luca', email: null },
    );
    expect(person).toMatchObject({ fiscalCode: 'MRNLCU00A01H501J', givenName: 'Luca', familyName: 'Marino', email: 'id@example.it' });
  });

  it('refuses an identity without a fiscal number', () => {
    expect(() => parseIdentityClaims({}, { given_name: 'No', family_name: 'Code' })).toThrow(ClaimsError);
    try {
      parseIdentityClaims({}, { [`${EID}fiscal_number`]: '' });
    } catch (error) {
      expect((error as ClaimsError).problem).toBe('fiscal_number_missing');
    }
  });

  it.each(['TINIT-CSRGGL44L13H501A', 'TINIT-SMTJNS99C01XXXXK', 'CSRGGL44', 'TINDE-CSRGGL44L13H501E'])('refuses the malformed fiscal number %s', (value) => {
    expect(() => parseIdentityClaims({}, { [`${EID}fiscal_number`]: value })).toThrow(expect.objectContaining({ problem: 'fiscal_number_invalid' }));
  });

  it('reads one company, or several as lists; leaves out malformed ones', () => {
    const one = parseIdentityClaims({}, {
      [`${EID}fiscal_number`]: 'TINIT-NREGNN70H70F205U',
      [`${EID}company_name`]: 'Neri Forniture S.r.l.',
      [`${EID}company_fiscal_number`]: 'TINIT-01199250158',
      [`${EID}vat_number`]: 'VATIT-01199250158',
    });
    expect(one.companies).toEqual([{ name: 'Neri Forniture S.r.l.', fiscalCode: '01199250158', vatNumber: '01199250158' }]);

    const several = parseIdentityClaims({}, {
      [`${EID}fiscal_number`]: 'TINIT-BNCPLA65D12L219E',
      [`${EID}company_name`]: ['Esempio Costruzioni S.r.l.', 'Cooperativa', 'Broken'],
      [`${EID}company_fiscal_number`]: ['TINIT-03334231200', 'TINIT-97735020584', 'TINIT-12345678987'],
      [`${EID}vat_number`]: ['VATIT-03334231200', 'VATIT-97735020584', 'VATIT-12345678987'],
    });
    expect(several.companies.map((c) => c.fiscalCode)).toEqual(['03334231200', '97735020584']);

    const vatOnly = parseIdentityClaims({}, { [`${EID}fiscal_number`]: 'TINIT-BNCPLA65D12L219E', [`${EID}vat_number`]: 'VATIT-00085240950' });
    expect(vatOnly.companies).toEqual([{ name: '00085240950', fiscalCode: '00085240950', vatNumber: '00085240950' }]);
  });

  it('drops what is not a date or is empty', () => {
    const person = parseIdentityClaims({}, { [`${EID}fiscal_number`]: 'TINIT-CSRGGL44L13H501E', birthdate: '13/07/1944', email: '  ', place_of_birth: 'H501' });
    expect(person).toMatchObject({ birthDate: null, email: null, placeOfBirth: { locality: 'H501', region: null }, givenName: '', familyName: '' });
  });
});

describe('claims request and levels', () => {
  it('asks SPID at userinfo only, CIE in the ID token too; the fiscal number is essential', () => {
    const spid = claimsRequest('spid');
    expect(spid.id_token).toBeUndefined();
    expect(spid.userinfo[`${EID}fiscal_number`]).toEqual({ essential: true });
    expect(Object.keys(spid.userinfo)).toEqual(expect.arrayContaining(['given_name', 'family_name', 'birthdate', 'place_of_birth', 'email', 'phone_number', `${EID}company_name`, `${EID}company_fiscal_number`, `${EID}vat_number`]));
    expect(claimsRequest('cie').id_token).toEqual(claimsRequest('cie').userinfo);
  });

  it('maps levels and acr values both ways, nothing else', () => {
    expect(acrForLevel(1)).toBe('https://www.spid.gov.it/SpidL1');
    expect(levelFromAcr('https://www.spid.gov.it/SpidL3')).toBe(3);
    expect(levelFromAcr('https://www.spid.gov.it/SpidL4')).toBeNull();
    expect(levelFromAcr('urn:mace:incommon:iap:silver')).toBeNull();
    expect(levelFromAcr(undefined)).toBeNull();
    expect(levelFromProviderAcr('https://www.spid.gov.it/SpidL2', SPID_ACR_VALUES)).toBe(2);
    // a provider that says the same thing for two levels is taken at the lower one
    expect(levelFromProviderAcr('silver', { 1: 'bronze', 2: 'silver', 3: 'silver' })).toBe(2);
    expect(levelFromProviderAcr('gold', { 1: 'bronze', 2: 'silver', 3: 'silver' })).toBeNull();
  });
});
