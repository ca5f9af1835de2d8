// The documents domain in the app: the administrators' template pages (under the /admin guard)
// and the clerk's "Genera documento" on a case.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import caseDocumentsRoutes from './case-documents.routes.ts';
import templatesRoutes from './templates.routes.ts';

async function documentsPlugin(app: FastifyInstance) {
  await app.register(templatesRoutes);
  await app.register(caseDocumentsRoutes);
}

export default fp(documentsPlugin, { name: 'documents', dependencies: ['services', 'identity', 'views', 'security', 'admin-guard'] });
