// The notifications domain inside the portal: the delivery runtime (channels, the worker in
// process unless NOTIFICATIONS_WORKER=false, the stand-ins outside production), the unread
// count every page of a logged-in person shows in the header, and the routes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rememberContact } from './contacts.service.ts';
import notificationsRoutes from './notifications.routes.ts';
import { startNotificationRuntime, type NotificationRuntime } from './runtime.ts';

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationRuntime;
  }
}

const NO_COUNT = /^\/(assets|api|healthz|readyz|metrics|auth|dev)(\/|$|\?)/;

async function notificationsPlugin(app: FastifyInstance) {
  const runtime = await startNotificationRuntime({ db: app.db, config: app.config, logger: app.log, mode: 'portal', clock: app.services.clock, storage: app.services.storage });
  app.decorate('notifications', runtime);
  if (runtime.devSmtp) app.log.info({ port: runtime.devSmtp.port }, 'development mail server listening (messages at /dev/mail; not for production)');
  if (runtime.ioStandIn) app.log.info({ url: runtime.ioStandIn.url }, 'App IO stand-in listening (not for production)');
  const { registryStandIn, pecStandIn } = runtime.domicile;
  if (registryStandIn) app.log.info({ url: registryStandIn.inadUrl.replace(/\/inad$/, '') }, 'INAD/INI-PEC stand-in listening (not for production)');
  if (pecStandIn) app.log.info({ smtpPort: pecStandIn.smtpPort, imapPort: pecStandIn.imapPort }, 'stand-in PEC provider listening (not for production)');

  // the worker is started with the other jobs (src/jobs.ts) when NOTIFICATIONS_WORKER allows
  // stop sending before the database closes
  app.addHook('preClose', async () => runtime.worker.stop());
  app.addHook('onClose', async () => runtime.close());

  // Identity calls rememberContact at login; this keeps the e-mail of people already logged in
  // (or logged in by an identity that does not) known too, once per person and process.
  const remembered = new Set<string>();

  app.addHook('preHandler', async (request, reply) => {
    const user = request.user;
    if (!user || request.method !== 'GET' || NO_COUNT.test(request.url)) return;
    if (!remembered.has(user.fiscalCode)) {
      if (remembered.size > 50_000) remembered.clear();
      await rememberContact(app.db, user.fiscalCode, user.email);
      remembered.add(user.fiscalCode);
    }
    const unreadCount = await app.services.notifications.inbox.unreadCount(user.fiscalCode);
    const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
    reply.locals = {
      ...reply.locals,
      unreadCount,
      areaSections: [
        ...sections,
        { href: '/area-personale/messaggi', label: unreadCount ? `${request.t('notifications.inbox.title')} (${unreadCount})` : request.t('notifications.inbox.title') },
        { href: '/area-personale/preferenze', label: request.t('notifications.inbox.preferences') },
      ],
    };
  });

  await app.register(notificationsRoutes);
}

export default fp(notificationsPlugin, { name: 'notifications', dependencies: ['services', 'views', 'security', 'database', 'config'] });
