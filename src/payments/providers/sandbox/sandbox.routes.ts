// The payment sandbox's own page: what a provider's checkout shows, clearly marked as a test
// system. The person picks an outcome (and how the notification should reach the portal) and
// is sent back to the portal's return URL.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../platform/errors.ts';
import { DELIVERIES } from './callbacks.ts';
import { SANDBOX_PATH, type SandboxPsp } from './psp.ts';

const params = z.object({ id: z.string().uuid() });
const body = z.object({
  action: z.enum(['pay', 'fail', 'cancel']),
  delivery: z.enum(DELIVERIES).catch('random'),
});

export default async function sandboxRoutes(app: FastifyInstance, options: { psp: SandboxPsp }) {
  const { psp } = options;

  app.get(`${SANDBOX_PATH}/pagamento/:id`, async (request, reply) => {
    const parsed = params.safeParse(request.params);
    const found = parsed.success ? await psp.session(parsed.data.id) : undefined;
    if (!found) throw new NotFoundError('sandbox session');
    reply.header('cache-control', 'no-store');
    return reply.view('payments/sandbox-checkout.njk', {
      session: found.session,
      position: found.position,
      deliveries: DELIVERIES,
      pageTitle: request.t('payments.sandbox.title'),
    });
  });

  app.post(`${SANDBOX_PATH}/pagamento/:id`, async (request, reply) => {
    const parsed = params.safeParse(request.params);
    const choice = body.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('sandbox session');
    if (!choice.success) return reply.redirect(`${SANDBOX_PATH}/pagamento/${parsed.data.id}`, 303);
    const back = await psp.complete(parsed.data.id, choice.data.action, choice.data.delivery);
    if (!back) throw new NotFoundError('sandbox session');
    return reply.redirect(back, 303);
  });
}
