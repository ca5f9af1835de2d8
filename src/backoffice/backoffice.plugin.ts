// The back office in the app: the clerks' pages (the payments of their offices' filings among
// them), the applicant's side of the workflow, cases opened for filings that predate the back
// office (the daily deadline job is scheduled in src/jobs.ts).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import applicantCaseRoutes from './applicant.routes.ts';
import bulkRoutes from './bulk.routes.ts';
import exportsRoutes from './exports.routes.ts';
import caseFilesRoutes from './case-files.routes.ts';
import caseRoutes from './case.routes.ts';
import officePaymentsRoutes from './office-payments.routes.ts';
import queueRoutes from './queue.routes.ts';
import statisticsRoutes from './statistics.routes.ts';

async function backofficePlugin(app: FastifyInstance) {
  const service = app.services.backoffice;
  await app.register(queueRoutes);
  await app.register(caseRoutes);
  await app.register(caseFilesRoutes);
  await app.register(statisticsRoutes);
  await app.register(bulkRoutes);
  await app.register(exportsRoutes);
  await app.register(officePaymentsRoutes);
  await app.register(applicantCaseRoutes);
  app.addHook('onReady', async () => {
    const opened = await service.ensureCases();
    if (opened > 0) app.log.info({ opened }, 'cases opened for earlier filings');
  });
}

export default fp(backofficePlugin, { name: 'backoffice', dependencies: ['services', 'identity', 'views', 'security'] });
