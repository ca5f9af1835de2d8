// The back office in the app: the clerks' pages (the payments of their offices' filings among
// them), the applicant's side of the workflow, cases opened for filings that predate the back
// office (the daily deadline job is scheduled in src/jobs.ts).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import applicantCaseRoutes from './applicant.routes.ts';
import backofficeRoutes from './backoffice.routes.ts';
import officePaymentsRoutes from './office-payments.routes.ts';

async function backofficePlugin(app: FastifyInstance) {
  app.services.backoffice.usePayments(app.services.payments);
  await app.register(backofficeRoutes);
  await app.register(officePaymentsRoutes);
  await app.register(applicantCaseRoutes);
  const service = app.services.backoffice;
  app.addHook('onReady', async () => {
    const opened = await service.ensureCases();
    if (opened > 0) app.log.info({ opened }, 'cases opened for earlier filings');
  });
}

export default fp(backofficePlugin, { name: 'backoffice', dependencies: ['services', 'identity', 'views', 'security'] });
