// The person a journey or personal-area page is for: the logged-in user as an applicant, or a
// redirect to log in (at the level the procedure asks for) and come back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SpidLevel } from '../identity/levels.ts';
import { loginPath, loginRedirect } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import type { Applicant } from './access.ts';

/** The person as the journey sees them: the identity's data and the company they act for. */
export function applicantOf(user: User): Applicant {
  return {
    fiscalCode: user.fiscalCode,
    givenName: user.givenName,
    familyName: user.familyName,
    birthDate: user.birthDate ?? undefined,
    placeOfBirth: user.placeOfBirth?.locality,
    email: user.email ?? undefined,
    phone: user.phone ?? undefined,
    spidLevel: user.spidLevel,
    company: user.company ? { name: user.company.name, fiscalCode: user.company.fiscalCode, vatNumber: user.company.vatNumber ?? undefined } : undefined,
  };
}

/**
 * Logged in (and, for a legal representative, having said for whom they act), or sent to do
 * that first. A level below the procedure's gets its own page from the service's check.
 */
export function personOr(request: FastifyRequest, reply: FastifyReply, level?: SpidLevel): Applicant | null {
  const to = loginRedirect(request, request.user ? undefined : level);
  if (to || !request.user) {
    void reply.redirect(to ?? loginPath(request.url, { level }), 303);
    return null;
  }
  return applicantOf(request.user);
}
