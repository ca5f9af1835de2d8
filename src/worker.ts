// `npm run worker`: the notification worker as a process of its own, for installations that
// run it apart from the portal (set NOTIFICATIONS_WORKER=false on the portal then). Several
// can run at once against one PostgreSQL: each claims rows with FOR UPDATE SKIP LOCKED, so
// nothing is sent twice. It needs DATABASE_URL: the embedded PGlite belongs to the portal's
// process alone. On SIGTERM/SIGINT it finishes the message in hand and exits.
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { pendingMigrations } from './db/migrator.ts';
import { startNotificationRuntime } from './notifications/runtime.ts';
import { createLogger } from './platform/logger.ts';
import { installProcessGuards } from './platform/process-guards.ts';

const config = loadConfig();
// one JSON line per event, through the portal's logger factory (nothing personal)
const log = createLogger(config, 'notifications-worker');
installProcessGuards(log);

if (!config.database.url) {
  log.fatal({}, 'the worker process needs DATABASE_URL (PostgreSQL); with the embedded database the portal delivers in process');
  process.exit(1);
}

const handle = await openDatabase({ ...config.database, log });
const pending = await pendingMigrations(handle);
if (pending.length > 0) {
  log.fatal({ pending }, 'migrations pending: run `npm run migrate` (or start the portal) first');
  await handle.close();
  process.exit(1);
}

// the domains' modules register their attachment renderers when the services are built
// (imported here, after the checks, so a misconfigured start says why before loading them)
const { createServices } = await import('./services.ts');
const { backgroundJobs, jobScheduler } = await import('./jobs.ts');
const services = await createServices(handle.db, config, undefined, log);
const runtime = await startNotificationRuntime({ db: handle.db, config, logger: log, mode: 'worker', storage: services.storage });
// the worker's side of the one list of background jobs
const scheduler = jobScheduler(handle, backgroundJobs('worker', { services, config, worker: runtime.worker, log }), log);
scheduler.start();
log.info({ worker: runtime.worker.id, pollMs: config.notifications.pollMs }, 'notification worker started');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'stopping the notification worker');
  const timer = setTimeout(() => process.exit(1), 30_000);
  timer.unref();
  await scheduler.stop();
  await runtime.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
