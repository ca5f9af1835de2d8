// Who may apply for a procedure and who sees a filing. The applicant is the person or company
// the request is for; the filer is the person logged in, acting for themselves or for the
// applicant (src/representation/acting.ts). Drafts belong to the filer and to whom they act
// for; filings are seen by their parties (submission_parties) through a viewpoint computed
// from the acting choice. Refusals: a SPID level too low, the other audience, a right that does
// not cover the procedure.
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { DomainError } from '../platform/errors.ts';
import { covers, identityCompanyActing, mayFile, narrower, onBehalfOf, SELF, type Access, type Acting, type ProcedureRef, type ProfessionalProfile } from '../representation/acting.ts';
import type { ApplicantSnapshot, CompanySnapshot, FilerSnapshot, Owner, PartyRole } from './submissions.table.ts';
import { isAnonymousCode } from '../anonymous/tokens.ts';

/** The person logged in, and for whom and on what ground they act. */
export interface Filer {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email?: string | undefined;
  spidLevel: number;
  acting: Acting;
  /** a professional's order and registration number, when they act for a client */
  professional?: ProfessionalProfile | undefined;
}

/** The person the request is for (or the company's representative), and the company, if any. */
export interface Applicant extends ApplicantSnapshot {
  company?: CompanySnapshot | undefined;
  filer: Filer;
}

/** A person filing for themselves (what a login with no other choice is). */
export function selfApplicant(person: ApplicantSnapshot & { company?: CompanySnapshot | undefined }, acting?: Acting): Applicant {
  acting ??= person.company ? identityCompanyActing(person.company, new Date(0).toISOString()) : SELF;
  return { ...person, filer: { fiscalCode: person.fiscalCode, givenName: person.givenName, familyName: person.familyName, email: person.email, spidLevel: person.spidLevel, acting } };
}

/** The key of the filer's drafts: their own fiscal code and for whom they act. */
export function ownerOf(applicant: Applicant): Owner {
  return { fiscalCode: applicant.filer.fiscalCode, onBehalfOf: onBehalfOf(applicant.filer.acting) };
}

export function filerSnapshot(filer: Filer): FilerSnapshot {
  return {
    fiscalCode: filer.fiscalCode,
    name: `${filer.givenName} ${filer.familyName}`.trim() || filer.fiscalCode,
    email: filer.email,
    basis: filer.acting.basis,
    professional: filer.professional,
  };
}

/** Whoever acts for the applicant (not the applicant themselves). */
export function actsForAnother(applicant: Applicant): boolean {
  return applicant.filer.acting.principal !== null;
}

/** The person's identity is below the level the procedure requires: log in again higher. */
export class InsufficientLevelError extends DomainError {
  override readonly statusCode = 403;
  constructor(readonly required: number) {
    super(`SPID level ${required} required`);
  }
}

/** The procedure is for businesses and the person acts for themselves, or the other way. */
export class WrongAudienceError extends DomainError {
  override readonly statusCode = 403;
  constructor(readonly audience: string) {
    super(`procedure for ${audience}`);
  }
}

/** The right the person acts on does not cover this procedure (scope, read-only, not for others). */
export class NotCoveredError extends DomainError {
  override readonly statusCode = 403;
  constructor(readonly reason: 'scope' | 'read-only' | 'not-for-others') {
    super(`acting right does not cover the procedure: ${reason}`);
  }
}

/** Refuses a person the procedure is not for (its SPID level, its audience, the acting right). */
export function checkAccess(applicant: Applicant, definition: ProcedureDefinition): void {
  // a person without login (src/anonymous) only where the procedure allows it; elsewhere: log in
  if (isAnonymousCode(applicant.filer.fiscalCode)) {
    if (!definition.anonymousFiling) throw new InsufficientLevelError(definition.spidLevel);
    return;
  }
  if (applicant.filer.spidLevel < definition.spidLevel) throw new InsufficientLevelError(definition.spidLevel);
  if (definition.audience === 'businesses' && !applicant.company) throw new WrongAudienceError('businesses');
  if (definition.audience === 'citizens' && applicant.company) throw new WrongAudienceError('citizens');
  const acting = applicant.filer.acting;
  if (acting.choice.kind === 'client' && definition.filingForOthers === false) throw new NotCoveredError('not-for-others');
  if (!mayFile(acting, definition)) throw new NotCoveredError(acting.access === 'read' ? 'read-only' : 'scope');
}

// ---- the parties a filing records ------------------------------------------------------------

export interface FilingParty {
  fiscalCode: string;
  kind: 'person' | 'company';
  role: PartyRole;
  access: Access;
}

/**
 * Who a filing names and the right each keeps on it. The applicant (the person, or the company)
 * has the full right, and so do co-applicants. The filer keeps reading what they filed for
 * someone else (a delegate, a company's representative or employee); a professional, who
 * answers for the case on a procura, keeps the full right. A help-desk operator is staff: no
 * party, the filing records the desk.
 */
export function partiesOf(applicant: Applicant, coApplicants: readonly string[] = []): FilingParty[] {
  const acting = applicant.filer.acting;
  const parties: FilingParty[] = applicant.company
    ? [{ fiscalCode: applicant.company.fiscalCode, kind: 'company', role: 'applicant', access: 'full' }]
    : [{ fiscalCode: applicant.fiscalCode, kind: 'person', role: 'applicant', access: 'full' }];
  for (const code of coApplicants) parties.push({ fiscalCode: code, kind: 'person', role: 'co_applicant', access: 'full' });
  if (acting.choice.kind !== 'self' && acting.choice.kind !== 'assisted') {
    parties.push({ fiscalCode: applicant.filer.fiscalCode, kind: 'person', role: 'filer', access: acting.basis.kind === 'professional' ? 'full' : 'read' });
  }
  return parties;
}

// ---- who sees a filing ---------------------------------------------------------------------

/**
 * The filings a person sees as they act now: those where a party has `partyCode` in one of
 * `roles` (the applicant side only when acting for another), narrowed to the procedures the
 * right covers, to what the filer made themselves (a professional's client), or to an assisted
 * session; with at most `cap` as right.
 */
export interface Viewpoint {
  partyCode: string;
  roles: PartyRole[];
  /** only filings this person filed */
  filerFiscalCode?: string | undefined;
  /** only filings made in this help-desk session */
  assistedSessionId?: string | undefined;
  scope: Acting['scope'];
  cap: Access;
}

const APPLICANT_SIDE: PartyRole[] = ['applicant', 'co_applicant'];

export function viewpointOf(filerFiscalCode: string, acting: Acting): Viewpoint {
  const principal = acting.principal;
  switch (acting.choice.kind) {
    case 'self':
      return { partyCode: filerFiscalCode, roles: [...APPLICANT_SIDE, 'filer'], scope: acting.scope, cap: 'full' };
    case 'client':
      return { partyCode: principal!.fiscalCode, roles: APPLICANT_SIDE, filerFiscalCode, scope: acting.scope, cap: acting.access };
    case 'assisted':
      return { partyCode: principal!.fiscalCode, roles: APPLICANT_SIDE, assistedSessionId: acting.choice.sessionId, scope: acting.scope, cap: acting.access };
    default:
      return { partyCode: principal!.fiscalCode, roles: APPLICANT_SIDE, scope: acting.scope, cap: acting.access };
  }
}

/** The right a viewpoint gives on a filing it found (party right, narrowed by the acting right), or null outside its scope. */
export function accessThrough(viewpoint: Viewpoint, partyAccess: Access, procedure: ProcedureRef): Access | null {
  if (!covers(viewpoint.scope, procedure)) return null;
  return narrower(partyAccess, viewpoint.cap);
}
