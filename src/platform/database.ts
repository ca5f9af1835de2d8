// Makes the open database available to every plugin as app.db (Kysely) and app.database
// (the handle: engine kind, scripts, pool statistics), and closes it with the app.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DatabaseHandle, DB } from '../db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: DB;
    database: DatabaseHandle;
  }
}

async function databasePlugin(app: FastifyInstance, options: { handle: DatabaseHandle; ownsHandle: boolean }) {
  app.decorate('database', options.handle);
  app.decorate('db', options.handle.db);
  options.handle.logErrorsTo(app.log);
  if (options.ownsHandle) app.addHook('onClose', async () => options.handle.close());
}

export default fp(databasePlugin, { name: 'database' });
