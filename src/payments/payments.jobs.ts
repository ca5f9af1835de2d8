// The reconciliation job: it registers positions not yet with the provider and asks about
// pending ones, so a payment whose notification never came is settled all the same. It runs
// every PAYMENTS_RECONCILE_INTERVAL_SECONDS through the scheduler (src/jobs.ts), in one
// process at a time; positions are claimed with SKIP LOCKED leases all the same, so none is
// asked about twice at once. The plugin closes the provider when the app closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PaymentsService } from './payments.service.ts';
import { logMismatch } from './settlement.service.ts';

export async function reconcilePayments(payments: PaymentsService, log: { info(o: object, m: string): void; warn(o: object, m: string): void }): Promise<void> {
  const report = await payments.reconcile();
  for (const m of report.mismatches) logMismatch(log, m);
  if (report.errors.length > 0) log.warn({ errors: report.errors.slice(0, 20) }, 'payments: some positions could not be checked');
  if (report.published + report.publishFailed + report.settled + report.attemptsExpired > 0) {
    log.info({ ...report, mismatches: report.mismatches.length, errors: report.errors.length }, 'payments reconciled');
  }
}

async function paymentsJobs(app: FastifyInstance) {
  // after the scheduler has stopped (preClose) and waited for a run in progress
  app.addHook('onClose', async () => app.services.payments.close());
}

export default fp(paymentsJobs, { name: 'payments-jobs', dependencies: ['services'] });
