// The start-up banner on the console: written once the server listens, with the address it
// really listens on (the configured public URL may differ: a proxy in front, or port 0).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function startupBanner(app: FastifyInstance): string {
  const address = app.server.listening ? (app.server.address() as AddressInfo | string | null) : null;
  if (!address || typeof address === 'string') throw new Error('the server is not listening yet: no banner before listen');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const listening = `http://${host}:${address.port}/`;
  const publicUrl = `${app.config.baseUrl}/`;
  const database = app.database.kind === 'pglite' ? `embedded PGlite in ${app.config.dataDir}` : 'PostgreSQL';
  const behind = publicUrl === listening ? '' : `\n  (listening on ${listening})`;
  return `\n  Sportello is running at ${publicUrl}  (database: ${database})${behind}\n`;
}
