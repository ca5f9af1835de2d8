// The person using the portal, as every other domain sees them on `request.user`: who they are
// (from their digital identity), how strongly they proved it (SPID level), for whom they act
// (themselves or a company), and what they may do (roles, offices, the help desk of an
// operator). Built on each request from the session and, for staff, the staff table.
import type { Company, IdentityClaims, PlaceOfBirth, ProviderKind } from './claims.ts';
import type { SpidLevel } from './levels.ts';

export type Role = 'citizen' | 'business' | 'clerk' | 'admin' | 'operator';

/** A member's role in one office: clerk, head (dirigente: adopts decisions, reopens) or auditor (reads only). */
export type OfficeRole = 'clerk' | 'head' | 'auditor';
export const OFFICE_ROLES: readonly OfficeRole[] = ['clerk', 'head', 'auditor'];

/** Per office, the ids of the only procedures a member sees there (an office not named: all of them). */
export type ProcedureLimits = Readonly<Record<string, readonly number[]>>;

export interface User {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  /** "Given Family", or the fiscal code when the provider sent no names. */
  displayName: string;
  birthDate: string | null;
  placeOfBirth: PlaceOfBirth | null;
  email: string | null;
  phone: string | null;
  spidLevel: SpidLevel;
  /** The configured provider id (e.g. "spid", "cie", "test-spid") and its kind. */
  provider: string;
  providerKind: ProviderKind;
  /** Always 'citizen'; 'business' while acting for a company; 'clerk', 'admin' and 'operator' (a help desk's) for staff. */
  roles: Role[];
  /** The offices a clerk belongs to (office codes of the catalogue), whatever their role there. */
  offices: string[];
  /** Of those, the offices they head (dirigente). */
  headOf: string[];
  /** Of those, the offices where they only read (auditor). */
  auditorOf: string[];
  /** Per office, the only procedures they see there (none named: all). */
  procedureLimits: ProcedureLimits;
  /** The help desk an operator works at (src/representation/help-desk), or null. */
  desk: string | null;
  /** The company the person acts for now, or null when acting for themselves. */
  company: Company | null;
  /** The companies the identity may act for. */
  companies: Company[];
  /** True until a person who may act for a company has said for whom they act. */
  companyChoicePending: boolean;
  /** When the provider authenticated the person (ms since epoch). */
  authenticatedAt: number;
}

/** What the session keeps of a login (sealed in the session cookie). */
export interface SessionIdentity extends IdentityClaims {
  provider: string;
  providerKind: ProviderKind;
  spidLevel: SpidLevel;
  /** For revocation at logout. */
  accessToken: string | null;
  /** The server-side session (table `sessions`): refused once revoked. */
  sessionId: string;
  /** A staff row existed at login: its roles are read again on every request. */
  staff: boolean;
  /** undefined: not chosen yet; null: for themselves; a company's fiscal code otherwise. */
  actingFor?: string | null;
  authenticatedAt: number;
  seenAt: number;
}

export interface StaffRecord {
  isAdmin: boolean;
  offices: string[];
  /** offices they head; absent: none */
  heads?: string[];
  /** offices they audit (read only); absent: none */
  audits?: string[];
  /** office -> procedure ids they are limited to; absent: no limit */
  limits?: Record<string, number[]>;
  /** the help desk of an operator; null: not an operator */
  desk: string | null;
}

export function displayName(identity: Pick<IdentityClaims, 'givenName' | 'familyName' | 'fiscalCode'>): string {
  return `${identity.givenName} ${identity.familyName}`.trim() || identity.fiscalCode;
}

export function buildUser(identity: SessionIdentity, staff: StaffRecord | null): User {
  const company = identity.actingFor ? (identity.companies.find((c) => c.fiscalCode === identity.actingFor) ?? null) : null;
  const roles: Role[] = ['citizen'];
  if (company) roles.push('business');
  if (staff && staff.offices.length > 0) roles.push('clerk');
  if (staff?.isAdmin) roles.push('admin');
  if (staff?.desk) roles.push('operator');
  return {
    fiscalCode: identity.fiscalCode,
    givenName: identity.givenName,
    familyName: identity.familyName,
    displayName: displayName(identity),
    birthDate: identity.birthDate,
    placeOfBirth: identity.placeOfBirth,
    email: identity.email,
    phone: identity.phone,
    spidLevel: identity.spidLevel,
    provider: identity.provider,
    providerKind: identity.providerKind,
    roles,
    offices: staff ? [...staff.offices] : [],
    headOf: staff?.heads ? [...staff.heads] : [],
    auditorOf: staff?.audits ? [...staff.audits] : [],
    procedureLimits: staff?.limits ? { ...staff.limits } : {},
    desk: staff?.desk ?? null,
    company,
    companies: identity.companies,
    companyChoicePending: identity.companies.length > 0 && identity.actingFor === undefined,
    authenticatedAt: identity.authenticatedAt,
  };
}
