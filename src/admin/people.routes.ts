// Offices and staff (/admin/uffici, /admin/personale), one plugin each; registered inside the
// administration plugin, so its guard applies to them too.
import type { FastifyInstance } from 'fastify';
import officesRoutes from './offices.routes.ts';
import staffRoutes from './staff.routes.ts';

export default async function peopleRoutes(app: FastifyInstance) {
  await app.register(officesRoutes);
  await app.register(staffRoutes);
}
