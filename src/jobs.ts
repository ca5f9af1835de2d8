// Every background job of the portal, in one list, and the plugin that runs them through the
// scheduler (src/platform/jobs.ts): each periodic job in one process across the replicas, the
// outbox worker in every process that enables it. The portal starts them when it is ready and
// stops them, waiting for the runs in progress, before it closes; `npm run worker` runs the
// list's worker side.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { msUntilNextRun } from './backoffice/deadline-job.ts';
import { STAFF_ALERTS_EVERY_MS, STAFF_DEADLINES_HOUR, STAFF_DIGEST_HOUR } from './backoffice/staff-alerts.jobs.ts';
import type { Config } from './config.ts';
import type { NotificationWorker } from './notifications/worker.ts';
import type { ReceiptReader } from './domicile/pec-receipts.ts';
import { reconcilePayments } from './payments/payments.jobs.ts';
import { revocationPoller } from './identity/session-revocations.ts';
import { insightFlusher } from './insight/insight.jobs.ts';
import { advisoryLockLeadership, createScheduler, every, singleProcessLeadership, type Job, type Scheduler } from './platform/jobs.ts';
import type { Services } from './services.ts';

const HOUR_MS = 3_600_000;

export interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The jobs of a portal process (`portal`) or of a `npm run worker` process (`worker`). */
export function backgroundJobs(where: 'portal' | 'worker', context: { services: Services; config: Config; worker: NotificationWorker; log: JobLog; pecReceipts?: ReceiptReader | null }): Job[] {
  const { services, config, worker, log } = context;
  const jobs: Job[] = [];
  if (where === 'portal') {
    // The registrar numbers filings in the process that committed them, right after the commit
    // (an in-process batcher: the person waits for the number). This tick is only its safety
    // net for filings nobody flushed (a process that stopped in between); it takes the intake
    // barrier exclusively, so one replica doing it is enough and spares the intake the others.
    jobs.push({ name: 'protocol-safety-net', nextRunIn: every(config.submissions.protocolFlushMs), run: () => services.registrar.flush() });
    // expired drafts (and their files) go once an hour
    jobs.push({
      name: 'draft-purge',
      nextRunIn: every(HOUR_MS),
      run: async () => {
        const purged = await services.submissions.purgeExpiredDrafts();
        if (purged > 0) log.info({ purged }, 'expired drafts purged');
      },
    });
    // filings without login never confirmed expire (src/anonymous); checked every ten minutes
    jobs.push({
      name: 'anonymous-expiry',
      nextRunIn: every(HOUR_MS / 6),
      run: async () => {
        const expired = await services.anonymous.expirePending();
        if (expired > 0) log.info({ expired }, 'unconfirmed anonymous filings expired');
      },
    });
    // the rows of sessions long expired go once an hour
    jobs.push({ name: 'session-prune', nextRunIn: every(HOUR_MS), run: async () => void (await services.identity.pruneSessions()) });
    // the company register's answers expired for a day go once an hour
    jobs.push({ name: 'company-checks-prune', nextRunIn: every(HOUR_MS), run: async () => void (await services.companies.pruneChecks()) });
    // every replica learns the sessions ended in the others (src/identity/session-revocations.ts)
    const pollSeconds = config.identity.session.revocationPollSeconds;
    if (pollSeconds > 0) jobs.push({ name: 'session-revocations', everyReplica: revocationPoller(() => services.identity.pollRevocations(), pollSeconds * 1000, log) });
    if (config.backoffice.deadlineJobEnabled) {
      jobs.push({
        name: 'deadline-job',
        runAtStart: true,
        nextRunIn: (now) => msUntilNextRun(now, config.backoffice.deadlineJobHour),
        run: async () => {
          const result = await services.backoffice.runDeadlineJob();
          log.info({ result }, 'deadline job done');
        },
      });
    }
    // alerts to staff (src/backoffice/staff-alerts.service.ts): the case log read every minute,
    // the deadlines scanned each morning, the digests sent each evening; off where the deadline
    // job is off (tests run them by hand)
    if (config.backoffice.deadlineJobEnabled) {
      jobs.push({ name: 'staff-alerts', nextRunIn: every(STAFF_ALERTS_EVERY_MS), run: async () => void (await services.staffAlerts.consumeEvents()) });
      jobs.push({ name: 'staff-alert-deadlines', runAtStart: true, nextRunIn: (now) => msUntilNextRun(now, STAFF_DEADLINES_HOUR), run: async () => void (await services.staffAlerts.scanDeadlines()) });
      jobs.push({ name: 'staff-alert-digests', nextRunIn: (now) => msUntilNextRun(now, STAFF_DIGEST_HOUR), run: async () => void (await services.staffAlerts.sendDigests()) });
    }
    const seconds = config.payments.reconcileIntervalSeconds;
    if (seconds > 0) jobs.push({ name: 'payments-reconciliation', nextRunIn: every(seconds * 1000), run: () => reconcilePayments(services.payments, log) });
    // the API's webhooks (src/api/webhooks.service.ts): the case log read, due deliveries sent, expired tokens pruned
    const webhookSeconds = config.api.webhooksPollSeconds;
    if (webhookSeconds > 0) {
      jobs.push({
        name: 'api-webhooks',
        nextRunIn: every(webhookSeconds * 1000),
        run: async () => {
          await services.api.webhooks.consumeEvents();
          await services.api.webhooks.deliverDue();
          await services.api.clients.pruneTokens();
        },
      });
    }
    // appointments (src/appointments): lapsed holds give their seats back; the day-before reminders
    jobs.push({ name: 'appointment-holds', nextRunIn: every(60_000), run: async () => void (await services.appointments.sweepHolds()) });
    jobs.push({ name: 'appointment-reminders', nextRunIn: every(15 * 60_000), run: async () => void (await services.appointments.sendReminders()) });
    // the external protocol registry's queue (src/protocol): registrations sent, retried with backoff
    if (services.protocolRegistry.external) jobs.push({ name: 'protocol-registrations', nextRunIn: every(config.protocolRegistry.pollMs), run: async () => void (await services.protocolRegistry.work()) });
    // service insight (src/insight): each process writes the counters it holds in memory
    jobs.push({ name: 'insight-flush', everyReplica: insightFlusher(services.insight, config.insight.flushMs, log) });
    // the document wallet (src/wallet): documents expired for months go, once an hour
    jobs.push({ name: 'wallet-expiry', nextRunIn: every(HOUR_MS), run: async () => void (await services.wallet.purgeExpired()) });
    // retention (src/privacy, docs/retention.md): closed filings past their time purged, once a day at 3;
    // it does nothing until an administrator has seen the dry run and turned it on
    jobs.push({
      name: 'retention',
      nextRunIn: (now) => msUntilNextRun(now, 3),
      run: async () => {
        const { ran, filings, attachments, bytes, more, failed } = await services.privacy.retention.run();
        // counts only: nothing personal in the log
        if (ran && (filings > 0 || more)) log.info({ filings, attachments, bytes, more }, 'retention: closed filings purged');
        if (failed > 0) log.warn({ failed }, 'retention: filings not purged (storage error), tried again next run');
      },
    });
  }
  // The outbox is a queue whose rows are claimed with SKIP LOCKED: every replica may deliver
  // (more throughput, never a message twice), and the one that enqueued nudges its own worker.
  if (where === 'worker' || config.notifications.workerInProcess) jobs.push({ name: 'notifications-worker', everyReplica: worker });
  // the PEC receipts in the comune's mailbox (src/domicile/pec-receipts.ts), in one process
  const receiptsEvery = config.domicile.receiptsPollSeconds;
  if (where === 'portal' && context.pecReceipts && receiptsEvery > 0) {
    const reader = context.pecReceipts;
    jobs.push({ name: 'pec-receipts', nextRunIn: every(receiptsEvery * 1000), run: async () => void (await reader.pollOnce()) });
  }
  return jobs;
}

/** The scheduler over a database: advisory-lock leaders on PostgreSQL (a URL), this process on PGlite. */
export function jobScheduler(database: { url?: string | undefined }, jobs: Job[], log: JobLog): Scheduler {
  const leadership = database.url ? advisoryLockLeadership(database.url, (error) => log.warn({ err: error }, 'jobs: lost the lock session')) : singleProcessLeadership();
  return createScheduler({ jobs, leadership, log });
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Scheduler;
  }
}

async function jobsPlugin(app: FastifyInstance) {
  const jobs = backgroundJobs('portal', { services: app.services, config: app.config, worker: app.notifications.worker, log: app.log, pecReceipts: app.notifications.domicile.receipts });
  const scheduler = jobScheduler(app.database, jobs, app.log);
  app.decorate('jobs', scheduler);
  app.addHook('onReady', async () => scheduler.start());
  // before the services and the database close
  app.addHook('preClose', async () => scheduler.stop());
}

export default fp(jobsPlugin, { name: 'jobs', dependencies: ['services', 'notifications', 'database', 'config'] });
