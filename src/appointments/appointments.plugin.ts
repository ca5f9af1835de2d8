// Appointments in the app: the journey's page that holds a time, the person's booking on their
// request, the office's day lists and calendars; outside production, the demo comune's calendars
// when there are none (the reminders and the sweep of lapsed holds are scheduled in src/jobs.ts).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import appointmentAreaRoutes from './area.routes.ts';
import appointmentBackofficeRoutes from './backoffice.routes.ts';
import appointmentJourneyRoutes from './journey.routes.ts';
import calendarFormRoutes from './calendars.routes.ts';

async function appointmentsPlugin(app: FastifyInstance) {
  await app.register(appointmentJourneyRoutes);
  await app.register(appointmentAreaRoutes);
  await app.register(appointmentBackofficeRoutes);
  await app.register(calendarFormRoutes);
  if (app.config.env !== 'production') {
    app.addHook('onReady', async () => {
      const seeded = await app.services.calendars.seedDemo();
      if (seeded > 0) app.log.info({ seeded }, 'demo booking calendars made');
    });
  }
}

export default fp(appointmentsPlugin, { name: 'appointments', dependencies: ['services', 'identity', 'views', 'security'] });
