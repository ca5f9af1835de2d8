// The procedure builder's pages (/admin/procedimenti/:id/...), one plugin per concept: the
// overview with the content checks and the publish button, and the service page; the form's
// steps; their fields (also inside repeatable groups); the preview of each step; fees;
// routing; versions with their differences, and export. Every change is one small form that
// posts and redirects back (303), or shows the page again with 422 and an error summary; the
// pages work without JavaScript. Routes parse their input, call the admin service once, and
// render; the edits themselves are the builder service's.
import type { FastifyInstance } from 'fastify';
import feesRoutes from './fees.routes.ts';
import fieldsRoutes from './fields.routes.ts';
import previewRoutes from './preview.routes.ts';
import previewJourneyRoutes from './preview-journey.routes.ts';
import contentChecksRoutes from './content-checks.routes.ts';
import procedureRoutes from './procedure.routes.ts';
import routingRoutes from './routing.routes.ts';
import { sectionBoxRoutes } from './builder-pages.ts';
import stepsRoutes from './steps.routes.ts';
import versionsRoutes from './versions.routes.ts';

export default async function builderRoutes(app: FastifyInstance) {
  await app.register(procedureRoutes);
  await app.register(stepsRoutes);
  await app.register(fieldsRoutes);
  await app.register(previewRoutes);
  await app.register(previewJourneyRoutes);
  await app.register(contentChecksRoutes);
  await app.register(feesRoutes);
  await app.register(routingRoutes);
  // computed values and exit pages, as one YAML box (builder-pages.ts)
  await app.register(async (scope) => sectionBoxRoutes(scope, 'logic', () => ({})));
  await app.register(versionsRoutes);
}
