// Listening and closing for the HTTP stand-ins (development and tests): a fixed development port,
// or any free one when that is taken and the caller allows it (the portal in development).
import type { Server } from 'node:http';

/** Listens on `port` (0: any), falling back to any free port on EADDRINUSE when allowed; resolves with the port. */
export async function listenStandIn(server: Server, options: { port?: number | undefined; host: string; fallbackToAnyPort?: boolean | undefined }): Promise<number> {
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (error) {
    if (!options.fallbackToAnyPort || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(0);
  }
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Closes the server, ending the connections still open. */
export function closeStandIn(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
