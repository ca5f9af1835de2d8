// The privacy domain in the portal: the retention page and the records of processing in the
// administration, the privacy notice of each procedure, and legal holds from the back office.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import holdsRoutes from './holds.routes.ts';
import recordsRoutes from './records.routes.ts';
import retentionRoutes from './retention.routes.ts';

async function privacyPlugin(app: FastifyInstance) {
  await app.register(retentionRoutes);
  await app.register(recordsRoutes);
  await app.register(holdsRoutes);
}

export default fp(privacyPlugin, { name: 'privacy', dependencies: ['services', 'views'] });
