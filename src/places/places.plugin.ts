// The places domain in the portal: the administrator's street list page, and, in the embedded
// default (the bundled test identity provider, never in production), an example street list
// for the demo comune when none was uploaded, so that street fields show their suggestions and
// checks on a fresh `npm start`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import stradarioRoutes from './stradario.routes.ts';

const DEMO_STREETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed', 'stradario-esempio.csv');

async function placesPlugin(app: FastifyInstance) {
  if (app.config.identity.testIdp.enabled && app.config.env !== 'production') {
    app.addHook('onReady', async () => {
      await app.services.places.seedIfEmpty('stradario-esempio.csv', await readFile(DEMO_STREETS, 'utf8'));
    });
  }
  await app.register(stradarioRoutes);
}

export default fp(placesPlugin, { name: 'places', dependencies: ['services', 'config', 'views'] });
