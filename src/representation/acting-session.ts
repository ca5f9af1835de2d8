// For whom the logged-in person acts, as the session cookie keeps it: the choice (ids only,
// src/representation/acting.ts ActingChoice) and whose login made it, so that a choice never
// outlives the person who made it. The resolver checks the choice again on every request.
import type { FastifyRequest } from 'fastify';
import type { ActingChoice } from './acting.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    acting?: { fiscalCode: string; choice: ActingChoice };
  }
}

/** From now on the logged-in person acts as `choice` says. */
export function startActing(request: FastifyRequest, choice: ActingChoice): void {
  request.session.set('acting', { fiscalCode: request.user!.fiscalCode, choice });
}

/** Back to acting for themselves. */
export function stopActing(request: FastifyRequest): void {
  request.session.set('acting', undefined);
}
