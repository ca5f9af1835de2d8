// Acting for others: for whom the logged-in person acts right now (themselves, a company, a
// person who delegated them, a professional's client, the person at the help desk), on what
// ground, with which right (read or full) and over which procedures. The session remembers
// only the choice (`ActingChoice`, ids); `resolveActing` (acting-resolver.ts) checks it again
// on every request against the registers, so a revoked or expired right ends on the next
// request. Pure: no I/O here.

/** What a party may do on a filing: see it, or also act on it (answer, pay, withdraw, file). */
export type Access = 'read' | 'full';

/** Which procedures a right covers: all, those of some catalogue areas, or named ones (slugs). */
export type Scope = { kind: 'all' } | { kind: 'areas'; areas: string[] } | { kind: 'procedures'; slugs: string[] };

/** A person or company as a filing records them (the snapshot at the time). */
export interface PartySnapshot {
  kind: 'person' | 'company';
  fiscalCode: string;
  /** "Given Family" for a person, the company's name */
  name: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  birthDate?: string | undefined;
  placeOfBirth?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  vatNumber?: string | undefined;
}

/** A person as a filing or a register records them; absent facts are left out. */
export function personParty(person: { fiscalCode: string; givenName: string; familyName: string; birthDate?: string | null | undefined; placeOfBirth?: string | null | undefined; email?: string | null | undefined; phone?: string | null | undefined }): PartySnapshot {
  const party: PartySnapshot = { kind: 'person', fiscalCode: person.fiscalCode, name: `${person.givenName} ${person.familyName}`.trim() || person.fiscalCode, givenName: person.givenName, familyName: person.familyName };
  if (person.birthDate) party.birthDate = person.birthDate;
  if (person.placeOfBirth) party.placeOfBirth = person.placeOfBirth;
  if (person.email) party.email = person.email;
  if (person.phone) party.phone = person.phone;
  return party;
}

/** An identity document shown at the help desk or attached to a paper delegation. */
export interface IdentityDocument {
  type: 'carta-identita' | 'cie' | 'passaporto' | 'patente';
  number: string;
  issuer: string;
  /** YYYY-MM-DD */
  expiresOn: string;
}

/** A professional's order and registration number, shown to the offices on what they file. */
export interface ProfessionalProfile {
  orderName: string;
  registrationNumber: string;
  province: string;
}

/** What the session keeps of the choice: ids only, resolved again on every request. */
export type ActingChoice =
  | { kind: 'self' }
  /** a company the person represents (identity claims or company registry) or works for (authorisation) */
  | { kind: 'company'; fiscalCode: string }
  /** a person who delegated them (delegation register) */
  | { kind: 'delegator'; delegationId: string }
  /** a professional's client, named by the professional */
  | { kind: 'client'; client: PartySnapshot }
  /** a help-desk operator's assisted session for the person at the desk */
  | { kind: 'assisted'; sessionId: string };

/** On what ground the person acts for the principal; recorded on every filing made so. */
export type Basis =
  | { kind: 'self' }
  | { kind: 'legal-representative'; source: 'identity' | 'registry'; checkedAt: string }
  | { kind: 'employee'; authorisationId: string; authorisedBy: string }
  | { kind: 'delegate'; delegationId: string }
  | { kind: 'professional'; order: string; registrationNumber: string; delegationId?: string | undefined }
  | { kind: 'assisted'; sessionId: string; desk: string; operatorFiscalCode: string };

/** The choice, checked now. */
export interface Acting {
  choice: ActingChoice;
  /** for whom: null when the person acts for themselves */
  principal: PartySnapshot | null;
  basis: Basis;
  access: Access;
  scope: Scope;
}

export const SELF: Acting = { choice: { kind: 'self' }, principal: null, basis: { kind: 'self' }, access: 'full', scope: { kind: 'all' } };

/** Acting for a company the identity itself carries (SPID for legal persons): full right, every procedure. */
export function identityCompanyActing(company: { name: string; fiscalCode: string; vatNumber?: string | null | undefined }, checkedAt: string): Acting {
  return {
    choice: { kind: 'company', fiscalCode: company.fiscalCode },
    principal: { kind: 'company', fiscalCode: company.fiscalCode, name: company.name, vatNumber: company.vatNumber ?? undefined },
    basis: { kind: 'legal-representative', source: 'identity', checkedAt },
    access: 'full',
    scope: { kind: 'all' },
  };
}

/** The procedure a right is checked against. */
export interface ProcedureRef {
  slug: string;
  area: string;
}

/** Whether a scope covers a procedure. */
export function covers(scope: Scope, procedure: ProcedureRef): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'areas':
      return scope.areas.includes(procedure.area);
    case 'procedures':
      return scope.slugs.includes(procedure.slug);
  }
}

/** The narrower of two rights. */
export function narrower(a: Access, b: Access): Access {
  return a === 'full' && b === 'full' ? 'full' : 'read';
}

/** May the acting person file this procedure for the principal? */
export function mayFile(acting: Acting, procedure: ProcedureRef): boolean {
  return acting.access === 'full' && covers(acting.scope, procedure);
}

/** The key drafts are kept under, beside the person's own fiscal code: '' for themselves. */
export function onBehalfOf(acting: Acting): string {
  if (acting.choice.kind === 'assisted') return `assisted:${acting.choice.sessionId}`;
  return acting.principal?.fiscalCode ?? '';
}
