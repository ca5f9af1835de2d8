// The document wallet inside the portal: "Documenti" among the personal area's sections (and
// the "save to my documents" buttons on a filing's page, for a person acting for themselves),
// then the wallet's pages (wallet.routes.ts). The expiry clean-up runs in src/jobs.ts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import walletRoutes, { WALLET_PATH } from './wallet.routes.ts';

async function walletPlugin(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.user || request.method !== 'GET') return;
    const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
    const self = !request.acting || request.acting.choice.kind === 'self';
    reply.locals = { ...reply.locals, areaSections: [...sections, { href: WALLET_PATH, label: request.t('wallet.tab') }], walletSave: self };
  });
  await app.register(walletRoutes);
}

export default fp(walletPlugin, { name: 'wallet', dependencies: ['services', 'views', 'identity'] });
