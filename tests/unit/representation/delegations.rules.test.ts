// The delegation register's rules that need no database: the canonical scope, the status and
// whether a delegation is in force on a day, what a grant and a paper registration must hold.
import { describe, expect, it } from 'vitest';
import { covers, type Scope } from '../../../src/representation/acting.ts';
import {
  birthDateMatchesFiscalCode,
  grantIssues,
  inEffect,
  paperIssues,
  scopeKey,
  statusOn,
  type GrantInput,
} from '../../../src/representation/delegations.rules.ts';

const TODAY = '2026-03-02';
const DELEGATOR = 'CSRGGL44L13H501E';
const grant = (over: Partial<GrantInput> = {}): GrantInput => ({
  delegate: { fiscalCode: 'LVLDAA85T50G702B', givenName: 'Ada', familyName: 'Lovelace' },
  scope: { kind: 'all' },
  access: 'full',
  validFrom: TODAY,
  validTo: null,
  ...over,
});
const codes = (issues: { field: string; code: string }[]) => issues.map((i) => `${i.field} ${i.code}`);

describe('the scope', () => {
  it('has one key for identical scopes, whatever the order or repeats', () => {
    expect(scopeKey({ kind: 'all' })).toBe('all');
    expect(scopeKey({ kind: 'areas', areas: ['tributi', 'anagrafe-stato-civile', 'tributi'] })).toBe(scopeKey({ kind: 'areas', areas: ['anagrafe-stato-civile', 'tributi'] }));
    expect(scopeKey({ kind: 'procedures', slugs: ['a'] })).not.toBe(scopeKey({ kind: 'areas', areas: ['a'] }));
  });

  const procedure = { slug: 'rimborso-imu', area: 'tributi' };
  const table: [Scope, boolean][] = [
    [{ kind: 'all' }, true],
    [{ kind: 'areas', areas: ['tributi'] }, true],
    [{ kind: 'areas', areas: ['servizi-sociali', 'anagrafe-stato-civile'] }, false],
    [{ kind: 'procedures', slugs: ['rimborso-imu', 'cambio-residenza'] }, true],
    [{ kind: 'procedures', slugs: ['cambio-residenza'] }, false],
  ];
  for (const [scope, expected] of table) {
    it(`${scopeKey(scope)} ${expected ? 'covers' : 'does not cover'} rimborso-imu (tributi)`, () => {
      expect(covers(scope, procedure)).toBe(expected);
    });
  }
});

describe('the status on a day', () => {
  const row = (status: 'pending' | 'active' | 'refused' | 'revoked', valid_to: string | null) => ({ status, valid_to });
  it('is the stored one until the last day has passed; then an open delegation has expired', () => {
    expect(statusOn(row('active', '2026-03-02'), '2026-03-02')).toBe('active');
    expect(statusOn(row('active', '2026-03-02'), '2026-03-03')).toBe('expired');
    expect(statusOn(row('pending', '2026-03-02'), '2026-03-03')).toBe('expired');
    expect(statusOn(row('active', null), '2099-01-01')).toBe('active');
    expect(statusOn(row('revoked', '2026-03-02'), '2026-03-03')).toBe('revoked');
    expect(statusOn(row('refused', '2026-03-02'), '2026-03-03')).toBe('refused');
  });

  it('is in force only when active and within the dates, both inclusive', () => {
    const view = { status: 'active' as const, validFrom: '2026-03-05', validTo: '2026-03-10' };
    expect(['2026-03-04', '2026-03-05', '2026-03-10', '2026-03-11'].map((day) => inEffect(view, day))).toEqual([false, true, true, false]);
    expect(inEffect({ ...view, status: 'pending' }, '2026-03-06')).toBe(false);
    expect(inEffect({ ...view, validTo: null }, '2030-01-01')).toBe(true);
  });
});

describe('a grant', () => {
  it('passes when whole', () => {
    expect(grantIssues(DELEGATOR, grant(), TODAY)).toEqual([]);
    expect(grantIssues(DELEGATOR, grant({ scope: { kind: 'areas', areas: ['tributi'] }, validTo: TODAY }), TODAY)).toEqual([]);
  });

  const refusals: [string, Partial<GrantInput>, string[]][] = [
    ['oneself', { delegate: { fiscalCode: DELEGATOR, givenName: 'Giulio', familyName: 'Cesare' } }, ['delegate.fiscalCode self']],
    ['a wrong check character', { delegate: { fiscalCode: 'LVLDAA85T50G702C', givenName: 'Ada', familyName: 'Lovelace' } }, ['delegate.fiscalCode fiscalCode']],
    ['no names', { delegate: { fiscalCode: 'LVLDAA85T50G702B', givenName: '', familyName: '<b>' } }, ['delegate.givenName required', 'delegate.familyName name']],
    ['a start in the past', { validFrom: '2026-03-01' }, ['validFrom fromPast']],
    ['no start', { validFrom: '' }, ['validFrom required']],
    ['an end before the start', { validFrom: '2026-03-10', validTo: '2026-03-09' }, ['validTo toBeforeFrom']],
    ['a day that does not exist', { validTo: '2026-02-30' }, ['validTo date']],
    ['no area', { scope: { kind: 'areas', areas: [] } }, ['scope.areas noAreas']],
    ['an unknown area', { scope: { kind: 'areas', areas: ['luna'] } }, ['scope.areas unknownArea']],
    ['no procedure', { scope: { kind: 'procedures', slugs: [] } }, ['scope.procedures noProcedures']],
  ];
  for (const [what, over, expected] of refusals) {
    it(`refuses ${what}`, () => {
      expect(codes(grantIssues(DELEGATOR, grant(over), TODAY))).toEqual(expected);
    });
  }
});

describe('a paper registration', () => {
  const delegator = { fiscalCode: 'RNLTRS40A41H501A', givenName: 'Teresa', familyName: 'Rinaldi', birthDate: '1940-01-01' };
  const cie = { type: 'cie' as const, number: 'CA12345AB', issuer: 'Comune di Roma', expiresOn: '2030-01-01' };

  it('reads the birth date the fiscal code encodes (women add 40 to the day; omocodia letters)', () => {
    expect(birthDateMatchesFiscalCode('RNLTRS40A41H501A', '1940-01-01')).toBe(true);
    expect(birthDateMatchesFiscalCode('CSRGGL44L13H501E', '1944-07-13')).toBe(true);
    expect(birthDateMatchesFiscalCode('CSRGGL44L13H501E', '1944-07-14')).toBe(false);
    expect(birthDateMatchesFiscalCode('RSSMRA80A01H501U', '1980-01-01')).toBe(true);
  });

  it('passes with a valid document of each type', () => {
    expect(paperIssues(delegator, cie, TODAY)).toEqual([]);
    expect(paperIssues(delegator, { ...cie, type: 'carta-identita', number: 'AX1234567' }, TODAY)).toEqual([]);
    expect(paperIssues(delegator, { ...cie, type: 'passaporto', number: 'YA1234567' }, TODAY)).toEqual([]);
    expect(paperIssues(delegator, { ...cie, type: 'patente', number: 'U1AB23456C' }, TODAY)).toEqual([]);
    // valid on its last day
    expect(paperIssues(delegator, { ...cie, expiresOn: TODAY }, TODAY)).toEqual([]);
  });

  it('refuses an expired document, an implausible expiry, a number not of its type, a birth date not of the fiscal code', () => {
    expect(codes(paperIssues(delegator, { ...cie, expiresOn: '2026-03-01' }, TODAY))).toEqual(['document.expiresOn documentExpired']);
    expect(codes(paperIssues(delegator, { ...cie, expiresOn: '2045-01-01' }, TODAY))).toEqual(['document.expiresOn documentExpiry']);
    expect(codes(paperIssues(delegator, { ...cie, number: 'AX1234567' }, TODAY))).toEqual(['document.number documentNumber']);
    expect(codes(paperIssues(delegator, { ...cie, type: 'passaporto', number: 'YA12345' }, TODAY))).toEqual(['document.number documentNumber']);
    expect(codes(paperIssues({ ...delegator, birthDate: '1940-01-02' }, cie, TODAY))).toEqual(['delegator.birthDate birthDateMismatch']);
    expect(codes(paperIssues({ ...delegator, birthDate: '2027-01-01' }, cie, TODAY))).toEqual(['delegator.birthDate birthDate']);
    expect(codes(paperIssues(delegator, { ...cie, issuer: '' }, TODAY))).toEqual(['document.issuer required']);
  });
});
