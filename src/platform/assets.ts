// Static files: Bootstrap Italia straight from its npm package (CSS, JS, fonts, icon sprite)
// under /assets/bootstrap-italia, and the portal's own files from public/ under /assets (among
// them the slim Bootstrap Italia the pages load, scripts/slim-assets.ts). Pages link the files
// of public/ with a version (`?v=` and a hash of the content), which lets production cache them
// for a year: a changed file gets a new URL.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

const VERSIONED_MAX_AGE = 365 * 24 * 3600;
const versions = new Map<string, string>();

/**
 * The URL of a file of public/ with its version (`/assets/css/x.css?v=1a2b3c4d5e`). Hashed once
 * per process when `remember` (production), on each call otherwise so edits show at once.
 */
export function versionedAssetUrl(file: string, remember: boolean): string {
  let version = remember ? versions.get(file) : undefined;
  if (!version) {
    version = createHash('sha256').update(readFileSync(path.join(PUBLIC_DIR, file))).digest('hex').slice(0, 10);
    if (remember) versions.set(file, version);
  }
  return `/assets/${file}?v=${version}`;
}

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
  if (app.config.env === 'production') {
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode === 200 && request.url.startsWith('/assets/') && /[?&]v=[0-9a-f]+$/.test(request.url)) {
        reply.header('cache-control', `public, max-age=${VERSIONED_MAX_AGE}, immutable`);
      }
      return payload;
    });
  }
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
