// Static files: Bootstrap Italia straight from its npm package (CSS, JS, fonts, icon sprite)
// under /assets/bootstrap-italia, and the portal's own files from public/ under /assets.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAssetCompression } from './asset-compression.ts';

const require = createRequire(import.meta.url);
const bootstrapItaliaDist = path.join(path.dirname(require.resolve('bootstrap-italia/package.json')), 'dist');
export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

/**
 * Requests not logged (Fastify's disableRequestLogging): a page brings a dozen assets, which at
 * info level would bury the pages' own requests. Errors while serving them are still logged.
 */
export function unloggedRequest(request: { url: string }): boolean {
  return request.url.startsWith('/assets/');
}

async function assetsPlugin(app: FastifyInstance) {
  const maxAge = app.config.env === 'production' ? '7d' : 0;
  registerAssetCompression(app);
  await app.register(fastifyStatic, {
    root: bootstrapItaliaDist,
    prefix: '/assets/bootstrap-italia/',
    allowedPath: (pathname) => /^\/(css|js|fonts|svg)\//.test(pathname) && !pathname.endsWith('.map'),
    maxAge,
    decorateReply: false,
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge, decorateReply: false });
}

export default fp(assetsPlugin, { name: 'assets' });
