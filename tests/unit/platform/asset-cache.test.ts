// Cache lifetimes of the static files in production: a file of public/ linked with its content's
// version (`asset()` in templates) is kept a year, unchanged for good; the same file without the
// version, and Bootstrap Italia's own files, for 7 days; outside production nothing is kept.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import assetsPlugin, { versionedAssetUrl } from '../../../src/platform/assets.ts';

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function serve(env: string): Promise<FastifyInstance> {
  app = Fastify();
  app.decorate('config', { env } as never);
  await app.register(assetsPlugin);
  return app;
}

describe('static files\' cache headers', () => {
  it('in production: a year and immutable with the version, 7 days without', async () => {
    const portal = await serve('production');
    const url = versionedAssetUrl('css/bootstrap-italia.slim.css', true);
    expect(url).toMatch(/^\/assets\/css\/bootstrap-italia\.slim\.css\?v=[0-9a-f]{10}$/);
    const versioned = await portal.inject(url);
    expect(versioned.statusCode).toBe(200);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await portal.inject('/assets/css/bootstrap-italia.slim.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=604800');
    const font = await portal.inject('/assets/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2');
    expect(font.headers['cache-control']).toBe('public, max-age=604800');
  });

  it('elsewhere: revalidated every time, even with the version', async () => {
    const portal = await serve('development');
    const res = await portal.inject(versionedAssetUrl('js/bootstrap-italia.slim.js', false));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0');
  });
});
