// The pure policies: who may do what, from the session user alone.
import { describe, expect, it } from 'vitest';
import {
  applicantKey,
  canActFor,
  canAdminister,
  canUseBackoffice,
  canUseHelpDesk,
  canWorkInOffice,
  hasLevel,
  isAdmin,
  isClerk,
  loginPath,
} from '../../../src/identity/policies.ts';
import { buildUser, type SessionIdentity, type StaffRecord } from '../../../src/identity/user.ts';

function identity(overrides: Partial<SessionIdentity> = {}): SessionIdentity {
  return {
    fiscalCode: 'CSRGGL44L13H501E',
    givenName: 'Giulio',
    familyName: 'Cesare',
    birthDate: '1944-07-13',
    placeOfBirth: null,
    email: null,
    phone: null,
    companies: [],
    provider: 'test-spid',
    providerKind: 'spid',
    spidLevel: 2,
    accessToken: 'token',
    sessionId: 'session-1',
    staff: false,
    actingFor: null,
    authenticatedAt: 0,
    seenAt: 0,
    ...overrides,
  };
}

const companyA = { name: 'A S.r.l.', fiscalCode: '03334231200', vatNumber: '03334231200' };
const companyB = { name: 'B', fiscalCode: '97735020584', vatNumber: '97735020584' };

const citizen = buildUser(identity(), null);
const business = buildUser(identity({ companies: [companyA, companyB], actingFor: companyA.fiscalCode }), null);
const pendingChoice = buildUser(identity({ companies: [companyA], actingFor: undefined }), null);
const clerkStaff: StaffRecord = { isAdmin: false, offices: ['anagrafe'], desk: null };
const clerk = buildUser(identity({ staff: true }), clerkStaff);
const clerkL1 = buildUser(identity({ staff: true, spidLevel: 1 }), clerkStaff);
const admin = buildUser(identity({ staff: true }), { isAdmin: true, offices: [], desk: null });
const adminClerk = buildUser(identity({ staff: true }), { isAdmin: true, offices: ['tributi'], desk: null });

describe('roles', () => {
  it('everyone is a citizen; business while acting for a company; clerk with offices; admin by flag', () => {
    expect(citizen.roles).toEqual(['citizen']);
    expect(business.roles).toEqual(['citizen', 'business']);
    expect(pendingChoice.roles).toEqual(['citizen']);
    expect(pendingChoice.companyChoicePending).toBe(true);
    expect(clerk.roles).toEqual(['citizen', 'clerk']);
    expect(admin.roles).toEqual(['citizen', 'admin']);
    expect(adminClerk.roles).toEqual(['citizen', 'clerk', 'admin']);
    expect(buildUser(identity({ staff: true }), { isAdmin: false, offices: [], desk: null }).roles).toEqual(['citizen']);
  });

  it('acting for a company the identity does not carry counts as acting for nobody', () => {
    const forged = buildUser(identity({ companies: [companyA], actingFor: companyB.fiscalCode }), null);
    expect(forged.company).toBeNull();
    expect(forged.roles).toEqual(['citizen']);
  });

  it('displayName falls back to the fiscal code', () => {
    expect(citizen.displayName).toBe('Giulio Cesare');
    expect(buildUser(identity({ givenName: '', familyName: '' }), null).displayName).toBe('CSRGGL44L13H501E');
  });
});

describe('policies', () => {
  it.each([
    ['nobody', null, false, false],
    ['citizen', citizen, false, false],
    ['business', business, false, false],
    ['clerk', clerk, true, false],
    ['clerk at level 1', clerkL1, false, false],
    ['admin', admin, false, true],
    ['admin and clerk', adminClerk, true, true],
  ] as const)('%s: backoffice %s, administration %s', (_who, user, backoffice, administration) => {
    expect(canUseBackoffice(user)).toBe(backoffice);
    expect(canAdminister(user)).toBe(administration);
  });

  it('a clerk works only the offices they belong to', () => {
    expect(canWorkInOffice(clerk, 'anagrafe')).toBe(true);
    expect(canWorkInOffice(clerk, 'tributi')).toBe(false);
    expect(canWorkInOffice(clerkL1, 'anagrafe')).toBe(false);
    expect(canWorkInOffice(admin, 'anagrafe')).toBe(false);
    expect(canWorkInOffice(adminClerk, 'tributi')).toBe(true);
    expect(canWorkInOffice(null, 'anagrafe')).toBe(false);
  });

  it('a staff member with a help desk is an operator, at level 2 or more', () => {
    const operator = buildUser(identity({ staff: true }), { isAdmin: false, offices: [], desk: 'urp-centro' });
    expect(operator.roles).toEqual(['citizen', 'operator']);
    expect(operator.desk).toBe('urp-centro');
    expect(canUseHelpDesk(operator)).toBe(true);
    expect(canUseHelpDesk(buildUser(identity({ staff: true, spidLevel: 1 }), { isAdmin: false, offices: [], desk: 'urp-centro' }))).toBe(false);
    expect(canUseBackoffice(operator)).toBe(false);
    for (const other of [null, citizen, clerk, admin, adminClerk]) expect(canUseHelpDesk(other)).toBe(false);
  });

  it('role and level checks', () => {
    expect(isClerk(clerkL1)).toBe(true);
    expect(isAdmin(clerk)).toBe(false);
    expect(hasLevel(citizen, 2)).toBe(true);
    expect(hasLevel(citizen, 3)).toBe(false);
    expect(hasLevel(null, 1)).toBe(false);
  });

  it('acting for companies', () => {
    expect(canActFor(business, companyB.fiscalCode)).toBe(true);
    expect(canActFor(citizen, companyA.fiscalCode)).toBe(false);
    expect(applicantKey(citizen)).toEqual({ fiscalCode: 'CSRGGL44L13H501E', companyFiscalCode: '' });
    expect(applicantKey(business)).toEqual({ fiscalCode: 'CSRGGL44L13H501E', companyFiscalCode: '03334231200' });
  });

  it('loginPath carries the level, the expiry notice and the page to come back to', () => {
    expect(loginPath('/servizi/x?a=1')).toBe('/auth/login?returnTo=%2Fservizi%2Fx%3Fa%3D1');
    expect(loginPath('/x', { level: 3, expired: true })).toBe('/auth/login?level=3&expired=1&returnTo=%2Fx');
  });
});
