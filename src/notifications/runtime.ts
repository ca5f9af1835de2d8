// Puts the delivery side together from the configuration: the e-mail and App IO channels, the
// worker, and outside production the stand-ins (the development mail server and the local App
// IO) when no real server is configured. The portal builds it in its notifications plugin; the
// separate worker process (src/worker.ts) builds it too, pointing at the stand-ins the portal
// started (same ports), since it cannot start its own and show what they received.
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { withFallbackPort } from '../platform/fallback-port.ts';
import { createIoChannel, createIoClient } from './channels/app-io.ts';
import { createEmailChannel, type SmtpSettings } from './channels/email.ts';
import type { DevSmtpServer } from './dev-smtp.ts';
import { startDomicileRuntime, type DomicileRuntime } from '../domicile/domicile.runtime.ts';
import type { FileStorage } from '../submissions/storage.ts';
import type { IoStandIn } from './io-stand-in.ts';
import { createWorker, type NotificationWorker, type WorkerLogger } from './worker.ts';

export interface NotificationRuntime {
  worker: NotificationWorker;
  /** the development mail server started in process, if any */
  devSmtp: DevSmtpServer | null;
  /** the local App IO stand-in started in process, if any */
  ioStandIn: IoStandIn | null;
  /** the PEC channel to digital domiciles, its receipt reader and stand-ins (src/domicile) */
  domicile: DomicileRuntime;
  close(): Promise<void>;
}

export async function startNotificationRuntime(options: {
  db: DB;
  config: Config;
  logger?: WorkerLogger;
  /** portal: start the stand-ins here; worker: use the ones the portal started */
  mode: 'portal' | 'worker';
  /** the portal's clock (the worker process: the system's) */
  clock?: Clock;
  /** where the case documents are, for the PEC channel's attachments */
  storage?: FileStorage;
}): Promise<NotificationRuntime> {
  const { db, config } = options;
  const clock = options.clock ?? systemClock;
  const n = config.notifications;
  const logger = options.logger ?? { info() {}, warn() {}, error() {} };
  const production = config.env === 'production';
  let devSmtp: DevSmtpServer | null = null;
  let ioStandIn: IoStandIn | null = null;

  let smtp: SmtpSettings;
  if (n.smtp) {
    smtp = n.smtp;
  } else {
    if (production) throw new Error('production needs SMTP_URL or SMTP_HOST: the development mail server is refused');
    if (options.mode === 'portal') {
      // loaded only when it runs: smtp-server is a development dependency, not in the production image
      const { startDevSmtp } = await import('./dev-smtp.ts');
      devSmtp = await withFallbackPort(n.devSmtpPort, (port) => startDevSmtp({ port, clock }), logger, 'development mail server');
      smtp = { host: '127.0.0.1', port: devSmtp.port, secure: false };
    } else {
      smtp = { host: '127.0.0.1', port: n.devSmtpPort, secure: false };
    }
  }

  let io: { apiUrl: string; apiKey: string } | null = null;
  if (n.io.enabled) {
    if (n.io.apiUrl) {
      io = { apiUrl: n.io.apiUrl, apiKey: n.io.apiKey ?? '' };
    } else {
      if (production) throw new Error('production needs IO_API_URL and IO_API_KEY: the App IO stand-in is refused');
      // loaded only outside production, where it is used (the worker process needs its key)
      const { IO_STAND_IN_KEY, startIoStandIn } = await import('./io-stand-in.ts');
      if (options.mode === 'portal') {
        ioStandIn = await withFallbackPort(n.devIoPort, (port) => startIoStandIn({ port, apiKey: n.io.apiKey ?? IO_STAND_IN_KEY, clock }), logger, 'App IO stand-in');
        io = { apiUrl: ioStandIn.url, apiKey: ioStandIn.apiKey };
      } else {
        io = { apiUrl: `http://127.0.0.1:${n.devIoPort}/api/v1`, apiKey: n.io.apiKey ?? IO_STAND_IN_KEY };
      }
    }
  }

  const common = { db, baseUrl: config.baseUrl, comuneName: config.comune.name };
  const email = createEmailChannel({ ...common, smtp, from: n.mailFrom });
  const ioChannel = createIoChannel({ ...common, client: io ? createIoClient({ ...io, clock }) : null });
  const domicile = await startDomicileRuntime({ db, config, clock, mode: options.mode, logger, ...(options.storage ? { storage: options.storage } : {}) });
  const worker = createWorker({
    db,
    channels: { email, io: ioChannel, pec: domicile.channel },
    maxAttempts: n.maxAttempts,
    backoffMs: n.backoffMs,
    pollMs: n.pollMs,
    logger,
    clock,
  });

  return {
    worker,
    devSmtp,
    ioStandIn,
    domicile,
    async close() {
      await worker.stop();
      email.close?.();
      await Promise.all([devSmtp?.close(), ioStandIn?.close(), domicile.close()]);
    },
  };
}
