// Liveness and readiness for load balancers and orchestrators: /healthz answers while the
// process runs; /readyz only when the database answers and every migration is applied.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { pendingMigrations, readMigrations } from '../db/migrator.ts';

async function healthPlugin(app: FastifyInstance) {
  const migrations = await readMigrations();

  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await sql`select 1`.execute(app.db);
      const pending = await pendingMigrations(app.database, migrations);
      if (pending.length > 0) return reply.status(503).send({ status: 'migrations pending', pending });
      return { status: 'ready', database: app.database.kind };
    } catch (error) {
      // the probe's answer stays terse; the log says why
      request.log.warn({ err: error }, 'readiness: database unreachable');
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });
}

export default fp(healthPlugin, { name: 'health', dependencies: ['database'] });
