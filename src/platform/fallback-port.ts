// A development stand-in's fixed port (DEV_*_PORT) may be taken by another program or another
// portal on the same machine: the stand-in then takes any free port and says so, rather than the
// portal failing to start. Port 0 (tests) is any free port already.

export async function withFallbackPort<T>(port: number, start: (port: number) => Promise<T>, logger: { warn(obj: object, msg?: string): void }, what: string): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    logger.warn({ port }, `${what}: port in use, taking any free port`);
    return start(0);
  }
}
