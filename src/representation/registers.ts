// What the acting resolver asks of the three registers that give a person the right to act for
// another: the delegation register (delegations.service.ts), the companies a person represents
// or works for (companies.service.ts, over the CompanyRegistry adapter), and the help desk's
// assisted sessions (help-desk.service.ts). Each answers "now" by the clock it was given.
import type { Company } from '../identity/claims.ts';
import type { Access, Basis, IdentityDocument, PartySnapshot, ProcedureRef, Scope } from './acting.ts';

/** A delegation as its two parties and the resolver see it. */
export interface DelegationView {
  id: string;
  delegator: PartySnapshot;
  delegate: PartySnapshot;
  scope: Scope;
  access: Access;
  /** YYYY-MM-DD, Rome calendar; inclusive */
  validFrom: string;
  validTo: string | null;
  status: 'pending' | 'active' | 'revoked' | 'expired' | 'refused';
  /** granted online by the delegator, or registered by a clerk from a signed paper form */
  origin: 'online' | 'paper';
}

export interface DelegationRegister {
  /** The delegation if the delegate holds it now: accepted, not revoked, within its dates. */
  activeFor(delegateFiscalCode: string, delegationId: string): Promise<DelegationView | null>;
  /** The delegations the person holds now (to choose whom to act for). */
  activeReceived(delegateFiscalCode: string): Promise<DelegationView[]>;
  /** An active full delegation from delegator to delegate covering the procedure, if any. */
  coveringDelegation(delegatorFiscalCode: string, delegateFiscalCode: string, procedure: ProcedureRef): Promise<DelegationView | null>;
}

/** A company the person may act for, and why. */
export interface CompanyRole {
  company: PartySnapshot;
  basis: Extract<Basis, { kind: 'legal-representative' } | { kind: 'employee' }>;
}

export interface CompanyRoles {
  /** The companies the person may act for now: the identity's own, the registry's, the authorisations. */
  actableCompanies(person: { fiscalCode: string; companies: readonly Company[] }): Promise<CompanyRole[]>;
  /** One of them, or null when the person may not (any more) act for it. */
  roleFor(person: { fiscalCode: string; companies: readonly Company[] }, companyFiscalCode: string): Promise<CompanyRole | null>;
}

/** A help-desk operator's session for a person at the desk. */
export interface AssistedSessionView {
  id: string;
  desk: string;
  operatorFiscalCode: string;
  person: PartySnapshot;
  document: IdentityDocument | null;
  startedAt: Date;
}

export interface AssistedSessions {
  /** The operator's session if it is still open (not ended, not past its time). */
  openSession(operatorFiscalCode: string, sessionId: string): Promise<AssistedSessionView | null>;
}
