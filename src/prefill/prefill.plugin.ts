// Prefill inside the portal: starts the ANPR/INPS stand-in when it is the registers configured
// (outside production only) and stops it when the app closes. The prefill itself happens in
// the journey's steps (src/submissions/journey.service.ts asks src/prefill/prefill.service.ts).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function prefillPlugin(app: FastifyInstance) {
  const handle = app.services.stateRegisters;
  await handle.start();
  const standIn = handle.standIn();
  if (standIn) app.log.info({ url: standIn.url }, 'ANPR/INPS stand-in listening (not for production)');
  app.addHook('onClose', async () => handle.close());
}

export default fp(prefillPlugin, { name: 'prefill', dependencies: ['services'] });
