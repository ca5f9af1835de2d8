// The headers of a page reached by a secret link or about one person's filing without login.
import type { FastifyReply } from 'fastify';

/** Pages reached by a secret link or about one person's filing: never cached, never indexed, never in a Referer to another site (same-origin: a form's POST needs its Origin). */
export function privatePage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'same-origin');
}

