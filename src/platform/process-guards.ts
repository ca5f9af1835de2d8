// Last-resort handlers of a process (the portal, the worker): a promise rejected with nobody
// awaiting it, or an exception thrown outside any request, is logged before anything else
// happens. An uncaught exception leaves the process in an unknown state: it is logged as fatal
// and the process exits (the orchestrator restarts it). An unhandled rejection is logged as an
// error and the process goes on, as the failure belongs to one piece of work, not to the process.
import type { Logger } from 'pino';

type GuardLog = Pick<Logger, 'error' | 'fatal'> & { flush?: (cb?: (err?: Error) => void) => void };

let installed = false;

export function installProcessGuards(log: GuardLog, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ err: error, origin }, 'uncaught exception: exiting');
    // pino writes asynchronously: let the line out before the process ends
    if (log.flush) log.flush(() => exit(1));
    else exit(1);
  });
}
