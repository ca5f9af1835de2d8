// Offices and staff (/admin/uffici, /admin/personale) and staff members' roles inside their
// offices (/admin/personale/:id/ruoli), one plugin each; registered inside the
// administration plugin, so its guard applies to them too.
import type { FastifyInstance } from 'fastify';
import officesRoutes from './offices.routes.ts';
import staffRolesRoutes from './staff-roles.routes.ts';
import staffRoutes from './staff.routes.ts';

export default async function peopleRoutes(app: FastifyInstance) {
  await app.register(officesRoutes);
  await app.register(staffRoutes);
  await app.register(staffRolesRoutes);
}
