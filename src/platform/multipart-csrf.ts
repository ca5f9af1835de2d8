// The CSRF token of a multipart form (a form with files) travels in its body, as the form's
// first field: a token in the action's URL would stay in the address bar and the history after
// a refused upload. The body is streamed to the reader, so the check before the handler
// (src/platform/security.ts) cannot read it: it marks the request, and readParts
// (src/platform/multipart.ts), the one way every route reads multipart, checks the first part
// before it yields anything.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from './errors.ts';

export const CSRF_FIELD = '_csrf';

const pending = new WeakSet<FastifyRequest>();
const submitted = new WeakMap<FastifyRequest, string>();

/** Marks a multipart request whose token is to be read from its body. */
export function deferCsrfToBody(request: FastifyRequest): void {
  pending.add(request);
}

/** Whether the request's token still waits in its body. */
export function csrfPendingInBody(request: FastifyRequest): boolean {
  return pending.has(request);
}

/** The token read from the body, for the CSRF plugin's getToken. */
export function bodyToken(request: FastifyRequest): string | undefined {
  return submitted.get(request);
}

/**
 * Checks the first part of a pending request: it must be the token field, and the token valid
 * for the session. Anything else is a 403, before any file is stored.
 */
export async function checkFirstPart(request: FastifyRequest, part: { kind: 'field' | 'file'; name: string; value?: string }): Promise<void> {
  if (part.kind !== 'field' || part.name !== CSRF_FIELD || !part.value) throw new ForbiddenError('csrf');
  submitted.set(request, part.value);
  await new Promise<void>((resolve, reject) => {
    // the CSRF plugin answers a refusal through reply.send: here it becomes the 403 thrown
    const refusal = { send: () => reject(new ForbiddenError('csrf')) } as unknown as FastifyReply;
    request.server.csrfProtection(request, refusal, () => resolve());
  });
  pending.delete(request);
}
