// Compression of the static files under /assets (Bootstrap Italia's 600 KB stylesheet and 1 MB
// script, the icon sprite, the portal's CSS): brotli or gzip as the browser asks, each file
// compressed once per version (its ETag) and kept in memory. A phone on a slow network then
// downloads about a seventh of the bytes before the first paint. Pages are not compressed here
// (they are small and personal); a reverse proxy in front may still compress everything.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';

const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;
const MIN_BYTES = 1024;
const MAX_ENTRIES = 200;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The encoding to use: brotli when accepted, else gzip, else none (q=0 means refused). */
export function preferredEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const accepted = new Map(
    header.split(',').map((part) => {
      const [name = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
      return [name.trim(), q === undefined ? 1 : Number(q)] as const;
    }),
  );
  const wants = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return wants('br') ? 'br' : wants('gzip') ? 'gzip' : null;
}

async function toBuffer(payload: unknown): Promise<Buffer | null> {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload);
  if (payload && typeof (payload as Readable).pipe === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of payload as Readable) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
  return null;
}

export function registerAssetCompression(app: FastifyInstance): void {
  const cache = new Map<string, { etag: string; body: Buffer }>();
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !request.url.startsWith('/assets/')) return payload;
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? '')) || reply.getHeader('content-encoding')) return payload;
    reply.header('vary', 'Accept-Encoding');
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const etag = String(reply.getHeader('etag') ?? '');
    const key = `${encoding} ${request.url.split('?')[0]}`;
    const hit = etag ? cache.get(key) : undefined;
    let body: Buffer;
    if (hit && hit.etag === etag) {
      (payload as Readable | null)?.destroy?.();
      body = hit.body;
    } else {
      const raw = await toBuffer(payload);
      if (!raw || raw.length < MIN_BYTES) return raw ?? payload;
      body = encoding === 'br' ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : await gzipAsync(raw, { level: 9 });
      if (etag) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, { etag, body });
      }
    }
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return body;
  });
}
