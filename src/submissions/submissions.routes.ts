// The submissions domain's pages: the journey (journey.routes.ts, steps.routes.ts) and the
// personal area (area.routes.ts), with the protocol register's backlog as metrics.
import type { FastifyInstance } from 'fastify';
import areaRoutes from './area.routes.ts';
import journeyRoutes from './journey.routes.ts';
import stepsRoutes from './steps.routes.ts';
import partiesRoutes from './parties.routes.ts';
import exitRoutes from './exit.routes.ts';

export { applicantOf, requestApplicant, requestViewpoint } from './request-applicant.ts';

export default async function submissionsRoutes(app: FastifyInstance) {
  const service = app.services.submissions;
  app.metrics.gauge('sportello_protocol_backlog', 'Filings not yet numbered in the protocol register', async () => (await service.protocolBacklog()).count);
  app.metrics.gauge('sportello_protocol_lag_seconds', 'Age of the oldest filing not yet numbered', async () => (await service.protocolBacklog()).oldestSeconds);
  await app.register(journeyRoutes);
  await app.register(stepsRoutes);
  await app.register(partiesRoutes);
  await app.register(exitRoutes);
  await app.register(areaRoutes);
}
