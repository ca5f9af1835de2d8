// Where the session keeps for whom the person chose to act: the choice only (ids), tied to the
// fiscal code of the login that made it, so that it never carries over to another login.
// The identity's own companies (SPID for legal persons) keep their choice in the identity
// (src/identity/user.ts actingFor); this is every other kind.
import type { FastifyRequest } from 'fastify';
import type { ActingChoice } from './acting.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    acting?: { fiscalCode: string; choice: ActingChoice };
  }
}

/** From now on the person acts as chosen (checked again on every request). */
export function startActing(request: FastifyRequest, choice: ActingChoice): void {
  request.session.set('acting', { fiscalCode: request.user!.fiscalCode, choice });
}

/** Back to acting for themselves. */
export function stopActing(request: FastifyRequest): void {
  request.session.set('acting', undefined);
}

/** The choice this login made, if any. */
export function actingChoiceOf(request: FastifyRequest): ActingChoice | null {
  const stored = request.session?.get('acting');
  if (!stored || !request.user || stored.fiscalCode !== request.user.fiscalCode) return null;
  return stored.choice;
}
