// The person a journey or personal-area page is for: the applicant (the logged-in user, or
// whom they act for: request.acting, resolved by src/representation on every request) with the
// user as filer; or a redirect to log in (at the level the procedure asks for) and come back.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SpidLevel } from '../identity/levels.ts';
import { loginPath, loginRedirect } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { SELF, type Acting } from '../representation/acting.ts';
import { selfApplicant, viewpointOf, type Applicant, type Viewpoint } from './access.ts';
import { sessionAnonymousApplicant } from '../anonymous/anonymous-applicant.ts';

/** The applicant as the journey sees them: for themselves, the identity's data; otherwise the principal's. */
export function applicantOf(user: User, acting: Acting = SELF, professional?: Applicant['filer']['professional']): Applicant {
  const filer = { fiscalCode: user.fiscalCode, givenName: user.givenName, familyName: user.familyName, email: user.email ?? undefined, spidLevel: user.spidLevel, acting, professional };
  const principal = acting.principal;
  const me = {
    fiscalCode: user.fiscalCode,
    givenName: user.givenName,
    familyName: user.familyName,
    birthDate: user.birthDate ?? undefined,
    placeOfBirth: user.placeOfBirth?.locality,
    email: user.email ?? undefined,
    phone: user.phone ?? undefined,
    spidLevel: user.spidLevel,
  };
  if (!principal) return { ...selfApplicant(me), filer };
  if (principal.kind === 'company') {
    // the person who acts for the company is named beside it, as on every company filing
    return { ...me, company: { name: principal.name, fiscalCode: principal.fiscalCode, vatNumber: principal.vatNumber }, filer };
  }
  return {
    fiscalCode: principal.fiscalCode,
    givenName: principal.givenName ?? principal.name,
    familyName: principal.familyName ?? '',
    birthDate: principal.birthDate,
    placeOfBirth: principal.placeOfBirth,
    email: principal.email,
    phone: principal.phone,
    spidLevel: user.spidLevel,
    filer,
  };
}

/** The applicant of this request (request.acting, set by the representation plugin). */
export function requestApplicant(request: FastifyRequest): Applicant {
  return applicantOf(request.user!, request.acting ?? SELF, request.professional ?? undefined);
}

/** What the person sees of filings as they act now. */
export function requestViewpoint(request: FastifyRequest): Viewpoint {
  return viewpointOf(request.user!.fiscalCode, request.acting ?? SELF);
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
  return requestApplicant(request);
}

/** In the journey's pages, a person filing without login (src/anonymous) counts too; everyone else as personOr. */
export function journeyPersonOr(request: FastifyRequest, reply: FastifyReply, level?: SpidLevel): Applicant | null {
  return sessionAnonymousApplicant(request) ?? personOr(request, reply, level);
}
