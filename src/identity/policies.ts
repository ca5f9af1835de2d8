// Who may do what, in one place: pure policy functions over the session user, and the Fastify
// guards (preHandlers) built on them. Not logged in: 303 to the login page, back here after.
// Logged in but not allowed into a staff area: 404, so that its existence is not revealed.
// A SPID level too low: 303 to the login page asking for the higher level.
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { STAFF_MIN_LEVEL, type SpidLevel } from './levels.ts';
import type { Role, User } from './user.ts';

// ---- pure policies ---------------------------------------------------------------------------

export function hasRole(user: User | null | undefined, role: Role): boolean {
  return !!user && user.roles.includes(role);
}

export function hasLevel(user: User | null | undefined, level: SpidLevel): boolean {
  return !!user && user.spidLevel >= level;
}

export function isClerk(user: User | null | undefined): boolean {
  return hasRole(user, 'clerk');
}

export function isAdmin(user: User | null | undefined): boolean {
  return hasRole(user, 'admin');
}

/** The clerks' desk: a clerk of at least one office, logged in at level 2 or more. */
export function canUseBackoffice(user: User | null | undefined): boolean {
  return isClerk(user) && hasLevel(user, STAFF_MIN_LEVEL);
}

/** Working an office's queue: a clerk of that office. */
export function canWorkInOffice(user: User | null | undefined, officeCode: string): boolean {
  return canUseBackoffice(user) && user!.offices.includes(officeCode);
}

/** The help desk ("sportello al pubblico"): an operator of a desk, logged in at level 2 or more. */
export function canUseHelpDesk(user: User | null | undefined): boolean {
  return hasRole(user, 'operator') && !!user!.desk && hasLevel(user, STAFF_MIN_LEVEL);
}

/** Procedures, offices and staff management. */
export function canAdminister(user: User | null | undefined): boolean {
  return isAdmin(user) && hasLevel(user, STAFF_MIN_LEVEL);
}

/** Acting for a company the identity carries. */
export function canActFor(user: User | null | undefined, companyFiscalCode: string): boolean {
  return !!user && user.companies.some((c) => c.fiscalCode === companyFiscalCode);
}

/**
 * On whose behalf the person files now: their own fiscal code, and the company's or '' when
 * acting for themselves. Drafts and submissions are keyed by this pair.
 */
export function applicantKey(user: User): { fiscalCode: string; companyFiscalCode: string } {
  return { fiscalCode: user.fiscalCode, companyFiscalCode: user.company?.fiscalCode ?? '' };
}

// ---- guards ----------------------------------------------------------------------------------

/** The login page that brings the person back to `returnTo` (a local path). */
export function loginPath(returnTo: string, options: { level?: SpidLevel | undefined; expired?: boolean | undefined } = {}): string {
  const query = new URLSearchParams();
  if (options.level) query.set('level', String(options.level));
  if (options.expired) query.set('expired', '1');
  query.set('returnTo', returnTo);
  return `/auth/login?${query.toString()}`;
}

/**
 * Where the person must go before this page, or null when they may see it. For a route whose
 * level depends on data (a procedure's own SPID level):
 *
 *   const to = loginRedirect(request, procedure.spidLevel);
 *   if (to) return reply.redirect(to, 303);
 */
export function loginRedirect(request: FastifyRequest, level?: SpidLevel): string | null {
  const user = request.user;
  if (!user) return loginPath(request.url, { level, expired: request.sessionExpired });
  if (user.companyChoicePending) return `/auth/choose-company?returnTo=${encodeURIComponent(request.url)}`;
  if (level && user.spidLevel < level) return loginPath(request.url, { level });
  return null;
}

/** Any logged-in person, at `level` or above (default: any level). */
export function requireUser(options: { level?: SpidLevel } = {}): preHandlerAsyncHookHandler {
  return async function requireUserGuard(request, reply) {
    const to = loginRedirect(request, options.level);
    if (to) await reply.redirect(to, 303);
  };
}

function staffGuard(allowed: (user: User, request: FastifyRequest) => boolean): preHandlerAsyncHookHandler {
  return async function staffAreaGuard(request, reply) {
    const user = request.user;
    if (!user) {
      await reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL, expired: request.sessionExpired }), 303);
      return;
    }
    // the role first: someone without it learns nothing, not even that a higher level would do
    if (!allowed({ ...user, spidLevel: 3 }, request)) throw new NotFoundError('staff area');
    if (user.spidLevel < STAFF_MIN_LEVEL) {
      await reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL }), 303);
    }
  };
}

/**
 * A clerk; with `office`, a clerk of the office the request names (e.g. from a route
 * parameter or the filing being opened).
 */
export function requireClerk(options: { office?: (request: FastifyRequest) => string | undefined } = {}): preHandlerAsyncHookHandler {
  return staffGuard((user, request) => {
    if (!options.office) return canUseBackoffice(user);
    const office = options.office(request);
    return office !== undefined && canWorkInOffice(user, office);
  });
}

/** An administrator. */
export function requireAdmin(): preHandlerAsyncHookHandler {
  return staffGuard((user) => canAdminister(user));
}

/** A help-desk operator. */
export function requireOperator(): preHandlerAsyncHookHandler {
  return staffGuard((user) => canUseHelpDesk(user));
}

/** Any of the staff `allowed` names (e.g. operators and administrators for the help desk's statistics). */
export function requireStaff(allowed: (user: User) => boolean): preHandlerAsyncHookHandler {
  return staffGuard(allowed);
}

