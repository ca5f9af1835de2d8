// The one services object routes call: each domain's service, built over the same database.
// Tests build the same object through buildApp; nothing here is mocked.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createAdminService } from './admin/admin.service.ts';
import { createCatalogueService } from './catalogue/catalogue.service.ts';
import type { DB } from './db/database.ts';
import type { Config } from './config.ts';
import { createIdentityService } from './identity/identity.service.ts';
import { createNotificationsService } from './notifications/notifications.service.ts';
import { createPaymentsService } from './payments/payments.service.ts';

export function createServices(db: DB, config: Config) {
  return {
    catalogue: createCatalogueService(db),
    // procedure builder, versions, offices and staff (src/admin)
    admin: createAdminService(db),
    identity: createIdentityService(db, config),
    payments: createPaymentsService(db, config),
    notifications: createNotificationsService(db, config),
  };
}

export type Services = ReturnType<typeof createServices>;

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export default fp(
  async (app: FastifyInstance) => {
    app.decorate('services', createServices(app.db, app.config));
  },
  { name: 'services', dependencies: ['database', 'config'] },
);
