// The person who files without login: no identity, only a random code kept in their session
// cookie (sealed by @fastify/secure-session), which owns their drafts as a fiscal code would.
// The journey treats them as an applicant acting for themselves; the access check lets them
// only into procedures that allow filing without login (src/submissions/access.ts).
import type { FastifyRequest } from 'fastify';
import { selfApplicant, type Applicant } from '../submissions/access.ts';
import { isAnonymousCode } from './tokens.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** the anonymous applicant's code while they fill in a report (src/anonymous) */
    anonymous: { code: string };
  }
}

/** The name the back office shows for an applicant without login. */
export const ANONYMOUS_NAME = 'Anonimo';

export function anonymousApplicant(code: string, email?: string): Applicant {
  return selfApplicant({ fiscalCode: code, givenName: ANONYMOUS_NAME, familyName: '', email, spidLevel: 0 });
}

/** The anonymous applicant of this request's session, when there is no logged-in person. */
export function sessionAnonymousApplicant(request: FastifyRequest): Applicant | null {
  if (request.user) return null;
  const code = request.session.get('anonymous')?.code;
  return code && isAnonymousCode(code) ? anonymousApplicant(code) : null;
}

export const isAnonymous = (applicant: Applicant): boolean => isAnonymousCode(applicant.filer.fiscalCode);
