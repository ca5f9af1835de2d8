// The rules of the delegation register that need no database: what a delegation's scope is in
// canonical form, what its status is on a given day (Rome calendar), and what makes a grant or
// a paper registration acceptable (fiscal codes, names, dates, the identity document). Pure;
// the service adds the rules that ask the database (identical open delegation, procedures).
import { isValidFiscalCode } from '../identity/fiscal-code.ts';
import { AREAS } from '../catalogue/areas.ts';
import { addDays, isCalendarDate } from '../platform/time.ts';
import type { Access, IdentityDocument, Scope } from './acting.ts';
import type { DelegationView } from './registers.ts';
import type { StoredStatus } from './delegations.table.ts';

export interface PersonInput {
  fiscalCode: string;
  givenName: string;
  familyName: string;
}

/** What the delegator (online) or the clerk (paper) decides of a delegation. */
export interface GrantInput {
  delegate: PersonInput;
  scope: Scope;
  access: Access;
  /** yyyy-mm-dd, Rome calendar, inclusive */
  validFrom: string;
  validTo: string | null;
}

/** A paper form's delegator: a person with no digital identity, known by the document shown. */
export interface PaperDelegatorInput extends PersonInput {
  birthDate: string;
}

/** Where a refused value is, as the service names it (the routes map it to their fields). */
export type IssueField =
  | 'delegate.fiscalCode'
  | 'delegate.givenName'
  | 'delegate.familyName'
  | 'scope'
  | 'scope.areas'
  | 'scope.procedures'
  | 'access'
  | 'validFrom'
  | 'validTo'
  | 'delegator.fiscalCode'
  | 'delegator.givenName'
  | 'delegator.familyName'
  | 'delegator.birthDate'
  | 'document.type'
  | 'document.number'
  | 'document.issuer'
  | 'document.expiresOn'
  | 'files.form'
  | 'files.document';

export const ISSUE_CODES = [
  'required',
  'fiscalCode',
  'self',
  'name',
  'date',
  'fromPast',
  'toBeforeFrom',
  'noAreas',
  'unknownArea',
  'noProcedures',
  'unknownProcedure',
  'duplicate',
  'birthDate',
  'birthDateMismatch',
  'documentType',
  'documentNumber',
  'documentExpired',
  'documentExpiry',
  'issuer',
  'clerkParty',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  field: IssueField;
  code: IssueCode;
}

/** At most this many procedures named one by one (the catalogue has fewer). */
export const MAX_PROCEDURES = 200;
const NAME = /^\p{L}[\p{L}\p{M}' .-]{0,79}$/u;

/** The scope with its lists sorted and without repeats. */
export function normalisedScope(scope: Scope): Scope {
  const list = (values: readonly string[]) => [...new Set(values)].sort();
  if (scope.kind === 'areas') return { kind: 'areas', areas: list(scope.areas) };
  if (scope.kind === 'procedures') return { kind: 'procedures', slugs: list(scope.slugs) };
  return { kind: 'all' };
}

/** The canonical text of a scope: two identical scopes have the same key. */
export function scopeKey(scope: Scope): string {
  const normal = normalisedScope(scope);
  if (normal.kind === 'areas') return `areas:${normal.areas.join(',')}`;
  if (normal.kind === 'procedures') return `procedures:${normal.slugs.join(',')}`;
  return 'all';
}

/** A delegation's status on `today`: an open one past its last day has expired. */
export function statusOn(row: { status: StoredStatus; valid_to: string | null }, today: string): DelegationView['status'] {
  if ((row.status === 'pending' || row.status === 'active') && row.valid_to !== null && row.valid_to < today) return 'expired';
  return row.status;
}

/** Active and within its dates: the delegate may act under it today. */
export function inEffect(view: Pick<DelegationView, 'status' | 'validFrom' | 'validTo'>, today: string): boolean {
  return view.status === 'active' && view.validFrom <= today && (view.validTo === null || view.validTo >= today);
}

function personIssues(person: PersonInput, prefix: 'delegate' | 'delegator'): Issue[] {
  const issues: Issue[] = [];
  if (!person.fiscalCode) issues.push({ field: `${prefix}.fiscalCode`, code: 'required' });
  else if (!isValidFiscalCode(person.fiscalCode)) issues.push({ field: `${prefix}.fiscalCode`, code: 'fiscalCode' });
  for (const part of ['givenName', 'familyName'] as const) {
    if (!person[part]) issues.push({ field: `${prefix}.${part}`, code: 'required' });
    else if (!NAME.test(person[part])) issues.push({ field: `${prefix}.${part}`, code: 'name' });
  }
  return issues;
}

/** The rules of a grant that need no database; `delegatorFiscalCode` is who gives it. */
export function grantIssues(delegatorFiscalCode: string, input: GrantInput, today: string): Issue[] {
  const issues = personIssues(input.delegate, 'delegate');
  if (input.delegate.fiscalCode && input.delegate.fiscalCode === delegatorFiscalCode) issues.push({ field: 'delegate.fiscalCode', code: 'self' });
  const scope = input.scope;
  if (scope.kind === 'areas') {
    if (scope.areas.length === 0) issues.push({ field: 'scope.areas', code: 'noAreas' });
    else if (!scope.areas.every((code) => AREAS.some((area) => area.code === code))) issues.push({ field: 'scope.areas', code: 'unknownArea' });
  } else if (scope.kind === 'procedures') {
    if (scope.slugs.length === 0) issues.push({ field: 'scope.procedures', code: 'noProcedures' });
    else if (scope.slugs.length > MAX_PROCEDURES) issues.push({ field: 'scope.procedures', code: 'unknownProcedure' });
  } else if (scope.kind !== 'all') {
    issues.push({ field: 'scope', code: 'required' });
  }
  if (input.access !== 'read' && input.access !== 'full') issues.push({ field: 'access', code: 'required' });
  if (!input.validFrom) issues.push({ field: 'validFrom', code: 'required' });
  else if (!isCalendarDate(input.validFrom)) issues.push({ field: 'validFrom', code: 'date' });
  else if (input.validFrom < today) issues.push({ field: 'validFrom', code: 'fromPast' });
  if (input.validTo !== null) {
    if (!isCalendarDate(input.validTo)) issues.push({ field: 'validTo', code: 'date' });
    else if (isCalendarDate(input.validFrom) && input.validTo < input.validFrom) issues.push({ field: 'validTo', code: 'toBeforeFrom' });
  }
  return issues;
}

// omocodia: a digit of the code replaced by a letter when two people would share it
const OMOCODIA = 'LMNPQRSTUV';
const MONTH_LETTERS = 'ABCDEHLMPRST';
const digitOf = (char: string) => (/\d/.test(char) ? Number(char) : OMOCODIA.indexOf(char));

/** Whether a birth date agrees with the year, month and day a codice fiscale encodes. */
export function birthDateMatchesFiscalCode(fiscalCode: string, birthDate: string): boolean {
  if (!isValidFiscalCode(fiscalCode) || !isCalendarDate(birthDate)) return false;
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const codedYear = digitOf(fiscalCode[6]!) * 10 + digitOf(fiscalCode[7]!);
  const codedDay = (digitOf(fiscalCode[9]!) * 10 + digitOf(fiscalCode[10]!)) % 40;
  return year % 100 === codedYear && MONTH_LETTERS.indexOf(fiscalCode[8]!) + 1 === month && codedDay === day;
}

/**
 * The shape of each document's number: the electronic identity card (CIE) two letters, five
 * digits, two letters (CA12345AB); the paper identity card two letters and seven digits
 * (AX1234567); the passport nine letters or digits (YA1234567); the driving licence ten
 * letters or digits (U1AB23456C, or the older MI1234567X).
 */
export const DOCUMENT_NUMBER: Readonly<Record<IdentityDocument['type'], RegExp>> = {
  cie: /^[A-Z]{2}\d{5}[A-Z]{2}$/,
  'carta-identita': /^[A-Z]{2}\d{7}$/,
  passaporto: /^[A-Z0-9]{9}$/,
  patente: /^[A-Z0-9]{10}$/,
};
export const DOCUMENT_TYPES = Object.keys(DOCUMENT_NUMBER) as IdentityDocument['type'][];
/** No Italian identity document is issued for more than ten years (a CIE to the birthday after). */
const LONGEST_VALIDITY_DAYS = 11 * 366;

/** A paper delegation's delegator and document, on the day of registration. */
export function paperIssues(delegator: PaperDelegatorInput, document: IdentityDocument, today: string): Issue[] {
  const issues = personIssues(delegator, 'delegator');
  if (!delegator.birthDate) issues.push({ field: 'delegator.birthDate', code: 'required' });
  else if (!isCalendarDate(delegator.birthDate) || delegator.birthDate > today || delegator.birthDate < '1900-01-01') issues.push({ field: 'delegator.birthDate', code: 'birthDate' });
  else if (isValidFiscalCode(delegator.fiscalCode) && !birthDateMatchesFiscalCode(delegator.fiscalCode, delegator.birthDate)) issues.push({ field: 'delegator.birthDate', code: 'birthDateMismatch' });
  const pattern = DOCUMENT_NUMBER[document.type];
  if (!pattern) issues.push({ field: 'document.type', code: 'documentType' });
  if (!document.number) issues.push({ field: 'document.number', code: 'required' });
  else if (pattern && !pattern.test(document.number)) issues.push({ field: 'document.number', code: 'documentNumber' });
  if (!document.issuer) issues.push({ field: 'document.issuer', code: 'required' });
  else if (document.issuer.length < 2 || document.issuer.length > 120) issues.push({ field: 'document.issuer', code: 'issuer' });
  if (!document.expiresOn) issues.push({ field: 'document.expiresOn', code: 'required' });
  else if (!isCalendarDate(document.expiresOn)) issues.push({ field: 'document.expiresOn', code: 'date' });
  else if (document.expiresOn < today) issues.push({ field: 'document.expiresOn', code: 'documentExpired' });
  else if (document.expiresOn > addDays(today, LONGEST_VALIDITY_DAYS)) issues.push({ field: 'document.expiresOn', code: 'documentExpiry' });
  return issues;
}
