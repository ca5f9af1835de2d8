// The reconciliation job in the portal process: every PAYMENTS_RECONCILE_INTERVAL_SECONDS it
// registers positions not yet with the provider and asks about pending ones, so a payment
// whose notification never came is settled all the same. One run at a time; stopped, and
// waited for, when the app closes. Several processes may run it: positions are claimed with
// SKIP LOCKED leases, so none is asked about twice at once.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function paymentsJobs(app: FastifyInstance) {
  const payments = app.services.payments;
  const seconds = app.config.payments.reconcileIntervalSeconds;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const run = () => {
    if (running) return running;
    running = payments
      .reconcile()
      .then((report) => {
        if (report.errors.length > 0) app.log.warn({ errors: report.errors.slice(0, 20) }, 'payments: some positions could not be checked');
        if (report.published + report.publishFailed + report.settled + report.attemptsExpired > 0) {
          app.log.info({ ...report, errors: report.errors.length }, 'payments reconciled');
        }
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'payments reconciliation failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  if (seconds > 0) {
    app.addHook('onReady', async () => {
      timer = setInterval(() => void run(), seconds * 1000);
      timer.unref();
    });
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
    await payments.close();
  });
}

export default fp(paymentsJobs, { name: 'payments-jobs', dependencies: ['services'] });
