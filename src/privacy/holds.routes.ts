// Legal holds from the back office (/backoffice/pratiche/:publicId/blocco-legale): the head of
// the case's office places one with a reason, or removes it; back to the case page with 303,
// or 422 on the case page's hold form when the reason is missing. Anyone else: 404.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { staffActor } from '../backoffice/backoffice.http.ts';
import { requireClerk } from '../identity/policies.ts';
import { PrivacyRefusal } from './privacy-refusal.ts';

const holdInput = z.object({ action: z.enum(['place', 'remove']), reason: z.string().trim().min(3).max(1000) });

export default async function holdsRoutes(app: FastifyInstance) {
  const holds = app.services.privacy.holds;

  app.post<{ Params: { publicId: string } }>('/backoffice/pratiche/:publicId/blocco-legale', { preHandler: requireClerk() }, async (request, reply) => {
    const staff = staffActor(request.user!);
    const { publicId } = request.params;
    // who may not hold the case learns nothing of it
    if (!(await holds.mayHold(staff, publicId))) return reply.callNotFound();
    const parsed = holdInput.safeParse(request.body);
    const problem = (key: string) =>
      reply.status(422).header('cache-control', 'no-store').view('privacy/hold-refused.njk', {
        pageTitle: request.t('privacy.case.hold.title'),
        summary: { title: request.t('privacy.errorSummary'), items: [{ href: '#r-reason', text: request.t(key as never) }] },
        error: request.t(key as never),
        publicId,
        action: parsed.success ? parsed.data.action : (request.body as Record<string, unknown> | undefined)?.action === 'remove' ? 'remove' : 'place',
      });
    if (!parsed.success) return problem('privacy.hold.error.reason');
    try {
      if (parsed.data.action === 'place') await holds.place({ kind: 'staff', staff }, publicId, parsed.data.reason);
      else await holds.remove({ kind: 'staff', staff }, publicId, parsed.data.reason);
    } catch (error) {
      if (error instanceof PrivacyRefusal) return problem(error.messageKey);
      throw error;
    }
    return reply.redirect(`/backoffice/pratiche/${publicId}?fatto=blocco-legale`, 303);
  });
}
