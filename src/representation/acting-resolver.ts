// Checks the session's acting choice against the registers, now: the company role (identity,
// registry or authorisation), the delegation (accepted, in its dates, not revoked), the
// professional's profile, the help desk's open session. A choice that no longer holds resolves
// to null: the caller ends it, and the person acts for themselves from this request on.
import type { DB } from '../db/database.ts';
import { canUseHelpDesk } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { identityCompanyActing, SELF, type Acting, type ActingChoice } from './acting.ts';
import { findProfile, type ProfessionalProfile } from './professionals.repository.ts';
import type { AssistedSessions, CompanyRoles, DelegationRegister } from './registers.ts';

export interface Registers {
  delegations: DelegationRegister;
  companies: CompanyRoles;
  assisted: AssistedSessions;
}

export interface Resolved {
  acting: Acting;
  /** the professional's profile while they act for a client */
  professional: ProfessionalProfile | null;
}

export function createActingResolver(db: DB, registers: Registers) {
  return async function resolveActing(user: User, choice: ActingChoice | null): Promise<Resolved | null> {
    // SPID for legal persons: the identity itself says for which company (src/identity)
    if (user.company) return { acting: identityCompanyActing(user.company, new Date(user.authenticatedAt).toISOString()), professional: null };
    if (!choice || choice.kind === 'self') return { acting: SELF, professional: null };
    switch (choice.kind) {
      case 'company': {
        const role = await registers.companies.roleFor(user, choice.fiscalCode);
        return role && { acting: { choice, principal: role.company, basis: role.basis, access: 'full', scope: { kind: 'all' } }, professional: null };
      }
      case 'delegator': {
        const delegation = await registers.delegations.activeFor(user.fiscalCode, choice.delegationId);
        if (!delegation) return null;
        return { acting: { choice, principal: delegation.delegator, basis: { kind: 'delegate', delegationId: delegation.id }, access: delegation.access, scope: delegation.scope }, professional: null };
      }
      case 'client': {
        const profile = await findProfile(db, user.fiscalCode);
        if (!profile) return null;
        const basis = { kind: 'professional' as const, order: profile.orderName, registrationNumber: profile.registrationNumber };
        return { acting: { choice, principal: choice.client, basis, access: 'full', scope: { kind: 'all' } }, professional: profile };
      }
      case 'assisted': {
        // an operator no longer at a desk acts for nobody there, even with a session still open
        if (!canUseHelpDesk(user)) return null;
        const session = await registers.assisted.openSession(user.fiscalCode, choice.sessionId);
        if (!session) return null;
        const basis = { kind: 'assisted' as const, sessionId: session.id, desk: session.desk, operatorFiscalCode: session.operatorFiscalCode };
        return { acting: { choice, principal: session.person, basis, access: 'full', scope: { kind: 'all' } }, professional: null };
      }
    }
  };
}

export type ActingResolver = ReturnType<typeof createActingResolver>;
