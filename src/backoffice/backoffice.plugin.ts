// The back office in the app: the clerks' pages (the payments of their offices' filings among
// them), the applicant's side of the workflow, cases opened for filings that predate the back
// office (the daily deadline job is scheduled in src/jobs.ts); an auditor's POSTs on a case are
// refused here before any input is read.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { canUseBackoffice } from '../identity/policies.ts';
import applicantCaseRoutes from './applicant.routes.ts';
import { staffActor } from './backoffice.http.ts';
import caseFilesRoutes from './case-files.routes.ts';
import caseRoutes from './case.routes.ts';
import officePaymentsRoutes from './office-payments.routes.ts';
import queueRoutes from './queue.routes.ts';
import statisticsRoutes from './statistics.routes.ts';
import staffAlertsRoutes, { unreadCountHook } from './staff-alerts.routes.ts';

const CASE_POSTS = '/backoffice/pratiche/:publicId/';

async function backofficePlugin(app: FastifyInstance) {
  const service = app.services.backoffice;
  // Denied by default for whoever only reads in an office (its auditor): every POST on a case,
  // today's actions and any added later, is refused before its input is read.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !request.routeOptions.url?.startsWith(CASE_POSTS)) return;
    const user = request.user;
    if (!canUseBackoffice(user) || user!.auditorOf.length === 0) return;
    await service.assertMayAct(staffActor(user!), (request.params as { publicId: string }).publicId);
  });
  await app.register(queueRoutes);
  await app.register(caseRoutes);
  await app.register(caseFilesRoutes);
  await app.register(statisticsRoutes);
  await app.register(officePaymentsRoutes);
  await app.register(applicantCaseRoutes);
  await app.register(staffAlertsRoutes);
  // the unread alerts in the sections of every back office page
  app.addHook('preHandler', unreadCountHook(app));
  app.addHook('onReady', async () => {
    const opened = await service.ensureCases();
    if (opened > 0) app.log.info({ opened }, 'cases opened for earlier filings');
  });
}

export default fp(backofficePlugin, { name: 'backoffice', dependencies: ['services', 'identity', 'views', 'security'] });
