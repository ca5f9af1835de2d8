// What the portal asks an identity provider about a person, and how it reads the answer: the
// claims request (fiscal number, names, birth date and place, contacts, and for a person acting
// for a company its name, fiscal number and VAT number) and the parsing of the ID token and
// userinfo claims into the person the portal knows. Pure: no I/O.
import { parseCompanyFiscalNumber, parseFiscalNumber, parseVatNumber } from './fiscal-code.ts';

export const CLAIMS_NAMESPACE = 'https://attributes.eid.gov.it/';
/** The namespace of the first SPID OpenID Connect rules, still sent by some providers. */
export const LEGACY_CLAIMS_NAMESPACE = 'https://attributes.spid.gov.it/';

export type ProviderKind = 'spid' | 'cie' | 'oidc';

export interface Company {
  name: string;
  /** The company's codice fiscale (11 digits, or 16 characters for a sole trader). */
  fiscalCode: string;
  vatNumber: string | null;
}

export interface PlaceOfBirth {
  /** The Belfiore code of the comune (or Z... for a foreign country), as SPID sends it. */
  locality: string;
  region: string | null;
}

export interface IdentityClaims {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
  placeOfBirth: PlaceOfBirth | null;
  email: string | null;
  phone: string | null;
  /** The companies the identity may act for (a legal representative's). */
  companies: Company[];
}

export type ClaimsProblem = 'fiscal_number_missing' | 'fiscal_number_invalid';

export class ClaimsError extends Error {
  override name = 'ClaimsError';
  constructor(readonly problem: ClaimsProblem) {
    super(problem);
  }
}

const PERSON_ATTRIBUTES = ['fiscal_number'] as const;
const COMPANY_ATTRIBUTES = ['company_name', 'company_fiscal_number', 'vat_number'] as const;
const STANDARD_CLAIMS = ['given_name', 'family_name', 'birthdate', 'place_of_birth', 'email', 'phone_number'] as const;

type ClaimsRequestMember = Record<string, { essential: true } | null>;
export interface ClaimsRequest {
  userinfo: ClaimsRequestMember;
  id_token?: ClaimsRequestMember;
}

/**
 * The OpenID Connect `claims` request parameter. SPID providers release attributes at the
 * userinfo endpoint only; CIE releases them in the ID token too, so both are asked of it.
 */
export function claimsRequest(kind: ProviderKind): ClaimsRequest {
  const member: ClaimsRequestMember = {};
  for (const name of PERSON_ATTRIBUTES) member[`${CLAIMS_NAMESPACE}${name}`] = { essential: true };
  for (const name of STANDARD_CLAIMS) member[name] = name === 'given_name' || name === 'family_name' ? { essential: true } : null;
  for (const name of COMPANY_ATTRIBUTES) member[`${CLAIMS_NAMESPACE}${name}`] = null;
  return kind === 'cie' ? { userinfo: member, id_token: { ...member } } : { userinfo: member };
}

/** An attribute under either namespace, or bare (a generic provider's claim mapper). */
export function attribute(claims: Record<string, unknown>, name: string): unknown {
  return claims[`${CLAIMS_NAMESPACE}${name}`] ?? claims[`${LEGACY_CLAIMS_NAMESPACE}${name}`] ?? claims[name];
}

function text(value: unknown, max = 200): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed ? trimmed.slice(0, max) : null;
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function placeOfBirth(value: unknown): PlaceOfBirth | null {
  if (typeof value === 'string') return text(value, 100) ? { locality: text(value, 100)!, region: null } : null;
  if (!value || typeof value !== 'object') return null;
  const place = value as Record<string, unknown>;
  const locality = text(place.locality, 100);
  return locality ? { locality, region: text(place.region, 100) } : null;
}

function birthDate(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

/**
 * The companies carried by the identity. A SPID identity of a legal person carries one; the
 * bundled test provider sends lists for a representative of several. A company whose codes
 * are malformed is left out rather than trusted.
 */
function companies(claims: Record<string, unknown>): Company[] {
  const names = list(attribute(claims, 'company_name'));
  const fiscalCodes = list(attribute(claims, 'company_fiscal_number'));
  const vatNumbers = list(attribute(claims, 'vat_number'));
  const count = Math.max(names.length, fiscalCodes.length, vatNumbers.length);
  const result: Company[] = [];
  for (let i = 0; i < count; i++) {
    const vatNumber = parseVatNumber(vatNumbers[i]);
    const fiscalCode = parseCompanyFiscalNumber(fiscalCodes[i]) ?? vatNumber;
    if (!fiscalCode) continue;
    if (result.some((c) => c.fiscalCode === fiscalCode)) continue;
    result.push({ name: text(names[i]) ?? fiscalCode, fiscalCode, vatNumber });
  }
  return result;
}

/**
 * The person from the claims of the ID token and the userinfo response (userinfo wins where
 * both have a value). Refuses an identity without a valid fiscal number: it is the key of
 * everything the person files.
 */
export function parseIdentityClaims(idToken: Record<string, unknown>, userinfo: Record<string, unknown> = {}): IdentityClaims {
  const claims: Record<string, unknown> = { ...idToken };
  for (const [key, value] of Object.entries(userinfo)) if (value !== undefined && value !== null) claims[key] = value;

  const rawFiscal = attribute(claims, 'fiscal_number');
  if (rawFiscal === undefined || rawFiscal === null || rawFiscal === '') throw new ClaimsError('fiscal_number_missing');
  const fiscalCode = parseFiscalNumber(rawFiscal);
  if (!fiscalCode) throw new ClaimsError('fiscal_number_invalid');

  return {
    fiscalCode,
    givenName: text(claims.given_name, 100) ?? '',
    familyName: text(claims.family_name, 100) ?? '',
    birthDate: birthDate(claims.birthdate),
    placeOfBirth: placeOfBirth(claims.place_of_birth),
    email: text(claims.email, 254),
    phone: text(claims.phone_number, 40),
    companies: companies(claims),
  };
}
