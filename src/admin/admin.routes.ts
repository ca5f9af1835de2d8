// The administration area (/admin), for administrators only: anyone else logged in gets 404 on
// every page and action (before any other check, so not even a form's token tells them it
// exists); someone not logged in is sent to log in. Here: the guard, and the plugin that
// registers the area's pages, one plugin per concept (the list of procedures and a new one,
// import of a definition file, the audit of changes, the builder's pages, offices and staff),
// and serves the builder's small script.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireAdmin } from '../identity/policies.ts';
import auditRoutes from './audit.routes.ts';
import builderRoutes from './builder.routes.ts';
import importRoutes from './import.routes.ts';
import peopleRoutes from './people.routes.ts';
import procedureListRoutes from './procedure-list.routes.ts';

const CLIENT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'builder.client.js');

function isAdminUrl(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

/**
 * The guard of the whole /admin area, also of the pages other domains put there (the
 * notifications outbox): registered at the root (app.ts, right after identity), onRequest, so
 * that it runs before the body is read and before the CSRF check, and nobody but an
 * administrator learns anything from /admin, not even that a form exists there.
 */
export const adminGuard = fp(
  async (app: FastifyInstance) => {
    const guard = requireAdmin();
    app.addHook('onRequest', async function adminAreaGuard(request, reply) {
      if (isAdminUrl(request.url)) await guard.call(this, request, reply);
    });
  },
  { name: 'admin-guard', dependencies: ['identity'] },
);

export default async function adminRoutes(app: FastifyInstance) {
  // the same guard on this plugin's own routes, whatever else is registered; added before the
  // plugins below are registered, so it applies to every route of theirs too
  app.addHook('onRequest', requireAdmin());
  let script: string | null = null;

  // the builder's script (progressive enhancement; every page works without it)
  app.get('/admin/builder.js', async (_request, reply) => {
    script ??= await readFile(CLIENT_SCRIPT, 'utf8');
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'private, max-age=300').send(script);
  });

  await app.register(procedureListRoutes);
  await app.register(importRoutes);
  await app.register(auditRoutes);
  await app.register(builderRoutes);
  await app.register(peopleRoutes);
}
