// Who may apply for a procedure: the person as the identity describes them (and the company
// they act for), who owns their drafts and filings, and the refusals when the procedure asks
// for a higher SPID level or is for the other audience (citizens or businesses).
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { DomainError } from '../platform/errors.ts';
import type { ApplicantSnapshot, CompanySnapshot, Owner } from './submissions.table.ts';

/** The person filing, as the identity says, and the company they act for, if any. */
export interface Applicant extends ApplicantSnapshot {
  company?: CompanySnapshot | undefined;
}

export function ownerOf(applicant: Applicant): Owner {
  return { fiscalCode: applicant.fiscalCode, companyFiscalCode: applicant.company?.fiscalCode ?? '' };
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

/** Refuses a person the procedure is not for (its SPID level, its audience). */
export function checkAccess(applicant: Applicant, definition: ProcedureDefinition): void {
  if (applicant.spidLevel < definition.spidLevel) throw new InsufficientLevelError(definition.spidLevel);
  if (definition.audience === 'businesses' && !applicant.company) throw new WrongAudienceError('businesses');
  if (definition.audience === 'citizens' && applicant.company) throw new WrongAudienceError('citizens');
}
