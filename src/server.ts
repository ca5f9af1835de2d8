// Entry point: configuration, the app, listen; on SIGTERM/SIGINT stop taking requests, let the
// ones in flight finish, close the database.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { exposedStandInsWarning } from './platform/stand-ins.ts';
import { installProcessGuards } from './platform/process-guards.ts';
import { startupBanner } from './platform/banner.ts';

const config = loadConfig();
const app = await buildApp(config);
installProcessGuards(app.log);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: draining requests');
  const timer = setTimeout(() => {
    // say what is still holding the process (in every environment: the logger may be off)
    console.error(`shutdown: not done after 15 s, exiting; still active: ${process.getActiveResourcesInfo().join(', ')}`);
    process.exit(1);
  }, 15_000);
  timer.unref();
  // the listener closes at once; a keep-alive connection whose last request ends after that is
  // closed as soon as it is idle (the close only closes the ones idle at its start)
  const idle = setInterval(() => app.server.closeIdleConnections(), 200);
  idle.unref();
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: config.host });
console.log(startupBanner(app));
// in the log and on the console both: the logger may be quiet (LOG_LEVEL) or read by no one
const exposed = exposedStandInsWarning(app);
if (exposed) {
  app.log.error({ host: config.host }, exposed);
  console.error(`\n  WARNING: ${exposed}\n`);
}
