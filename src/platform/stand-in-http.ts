// The HTTP pieces the development stand-ins of national services share (the company register's,
// ANPR's and INPS's): a JSON answer or an RFC 9457 problem, a bounded body, and listening on the
// port asked for or, when it is taken and that is allowed, on any free one.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

export const problem = (status: number, title: string, detail: string) => ({ type: 'about:blank', status, title, detail });

/** The request's body as text, refused past 64 KiB. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Listens on `port` (or any free one, when allowed and it is taken); answers the port. */
export async function listen(server: Server, host: string, options: { port?: number | undefined; fallbackToAnyPort?: boolean | undefined }): Promise<number> {
  const on = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await on(options.port ?? 0);
  } catch (error) {
    if (!options.fallbackToAnyPort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await on(0);
  }
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Stops listening and drops the connections still open (kept-alive clients). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
