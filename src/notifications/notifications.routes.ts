// The notification pages, one plugin each: the person's inbox (/area-personale/messaggi) and
// contact preferences (/area-personale/preferenze, with the e-mail confirmation link), the
// administrators' view of the outbox (/admin/notifiche) and, outside production only, the
// development mailbox (/dev/mail) showing what the stand-ins received.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAdmin, requireUser } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { emailSchema, type Preferences } from './contacts.service.ts';
import { ADMIN_STATUSES } from './outbox.service.ts';
import type { DeliveryStatus } from './notifications.table.ts';

const pageQuery = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });
const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const emailForm = z.object({ email: emailSchema });
const ioForm = z.object({ io: z.enum(['on', 'off']).optional() });
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const adminQuery = z.object({
  stato: z.enum(ADMIN_STATUSES).catch('failed').default('failed'),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  riprovata: z.coerce.number().int().positive().optional().catch(undefined),
});

function parseId(params: unknown): number {
  const parsed = idParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError('id');
  return parsed.data.id;
}

const person = (request: FastifyRequest) => request.user!.fiscalCode;
const areaCrumb = (request: FastifyRequest) => ({ href: '/area-personale', label: request.t('notifications.personalArea') });

/** The person's inbox: the list of messages and one message. */
async function inboxRoutes(app: FastifyInstance) {
  const { inbox } = app.services.notifications;

  app.get('/area-personale/messaggi', { preHandler: requireUser() }, async (request, reply) => {
    const { pagina } = pageQuery.parse(request.query);
    const result = await inbox.list(person(request), request.locale, pagina);
    return reply.view('notifications/inbox.njk', { ...result, breadcrumbs: [areaCrumb(request), { label: request.t('notifications.inbox.title') }] });
  });

  app.get('/area-personale/messaggi/:id', { preHandler: requireUser() }, async (request, reply) => {
    const item = await inbox.read(person(request), parseId(request.params), request.locale);
    // the header's count was taken before this message was read
    if (!item.read && typeof reply.locals.unreadCount === 'number') reply.locals.unreadCount = Math.max(0, reply.locals.unreadCount - 1);
    return reply.view('notifications/message.njk', {
      item,
      breadcrumbs: [areaCrumb(request), { href: '/area-personale/messaggi', label: request.t('notifications.inbox.title') }, { label: item.message.subject }],
    });
  });
}

/** The person's contact preferences: the e-mail address and App IO. */
async function preferencesRoutes(app: FastifyInstance) {
  const { contacts } = app.services.notifications;

  async function preferencesPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, known?: Preferences) {
    const preferences = known ?? (await contacts.preferences(person(request)));
    return reply.view('notifications/preferences.njk', {
      preferences,
      breadcrumbs: [areaCrumb(request), { label: request.t('notifications.prefs.title') }],
      ...extra,
    });
  }

  app.get('/area-personale/preferenze', { preHandler: requireUser() }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const preferences = await contacts.preferences(person(request));
    let notice: string | undefined;
    if (query.salvato) notice = request.t('notifications.prefs.saved');
    else if (query.inviato && preferences.pendingEmail) notice = request.t('notifications.prefs.sent', { email: preferences.pendingEmail });
    else if (query.confermato && preferences.emailConfirmed && preferences.email) notice = request.t('notifications.confirm.done', { email: preferences.email });
    return preferencesPage(request, reply, { notice }, preferences);
  });

  // each change mails a confirmation link to the address given: a person may not use the
  // portal to mail strangers in a row (a refused address is not counted: nothing is sent)
  const emailChangeLimit = perPersonRateLimit({
    max: app.config.notifications.emailChangesPerHour,
    timeWindow: '1 hour',
    pageKey: 'error.tooMany.emailChange',
    hook: 'preHandler',
    backHref: () => '/area-personale/preferenze',
    allowList: (request) => !emailForm.safeParse(request.body ?? {}).success,
  });

  app.post('/area-personale/preferenze/email', { preHandler: requireUser(), config: { rateLimit: emailChangeLimit } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = emailForm.safeParse(body);
    const current = await contacts.preferences(person(request));
    let error: string | undefined;
    if (!parsed.success) error = request.t('notifications.prefs.error.email');
    else if (current.emailConfirmed && current.email === parsed.data.email) error = request.t('notifications.prefs.error.same');
    if (error || !parsed.success) {
      reply.status(422);
      return preferencesPage(request, reply, { errors: [{ field: 'email', text: error }], values: { email: typeof body.email === 'string' ? body.email.slice(0, 254) : '' } }, current);
    }
    await contacts.requestEmailChange(person(request), parsed.data.email, request.locale);
    return reply.redirect('/area-personale/preferenze?inviato=1', 303);
  });

  app.post('/area-personale/preferenze/app-io', { preHandler: requireUser() }, async (request, reply) => {
    const parsed = ioForm.safeParse(request.body ?? {});
    await contacts.setIoEnabled(person(request), parsed.success && parsed.data.io === 'on');
    return reply.redirect('/area-personale/preferenze?salvato=1', 303);
  });

}

/** The page the e-mail confirmation link opens, and its button. */
async function emailConfirmationRoutes(app: FastifyInstance) {
  const { contacts } = app.services.notifications;
  const confirmCrumbs = (request: FastifyRequest) => [
    areaCrumb(request),
    { href: '/area-personale/preferenze', label: request.t('notifications.prefs.title') },
    { label: request.t('notifications.confirm.title') },
  ];

  // The link in the e-mail opens a page with a button: mail scanners that follow links must
  // not confirm an address on their own.
  app.get('/area-personale/preferenze/conferma-email', { preHandler: requireUser() }, async (request, reply) => {
    const token = tokenSchema.safeParse((request.query as Record<string, unknown>).token);
    const email = token.success ? await contacts.pendingEmailFor(person(request), token.data) : undefined;
    if (!email) reply.status(400);
    return reply.view('notifications/confirm-email.njk', { email, token: token.success ? token.data : '', breadcrumbs: confirmCrumbs(request) });
  });

  app.post('/area-personale/preferenze/conferma-email', { preHandler: requireUser() }, async (request, reply) => {
    const token = tokenSchema.safeParse((request.body as Record<string, unknown> | undefined)?.token);
    const email = token.success ? await contacts.confirmEmail(person(request), token.data) : undefined;
    if (!email) {
      reply.status(400);
      return reply.view('notifications/confirm-email.njk', { email: undefined, token: '', breadcrumbs: confirmCrumbs(request) });
    }
    return reply.redirect('/area-personale/preferenze?confermato=1', 303);
  });
}

/** The outbox, for administrators: deliveries by status, and a retry. */
async function outboxRoutes(app: FastifyInstance) {
  const { outbox } = app.services.notifications;

  app.get('/admin/notifiche', { preHandler: requireAdmin() }, async (request, reply) => {
    const query = adminQuery.parse(request.query);
    const [counts, rows] = await Promise.all([outbox.counts(), outbox.list(query.stato as DeliveryStatus, query.pagina)]);
    return reply.view('notifications/admin-outbox.njk', {
      status: query.stato,
      statuses: ADMIN_STATUSES,
      counts,
      rows,
      page: query.pagina,
      retried: query.riprovata,
      maxAttempts: app.config.notifications.maxAttempts,
      breadcrumbs: [{ label: request.t('notifications.admin.title') }],
    });
  });

  app.post('/admin/notifiche/:id/riprova', { preHandler: requireAdmin() }, async (request, reply) => {
    const id = parseId(request.params);
    const delivery = await outbox.get(id);
    if (!delivery) throw new NotFoundError('delivery');
    const from = delivery.status;
    await outbox.retry(id);
    app.notifications.worker.nudge();
    request.log.info({ delivery: id, from }, 'notification retried by an administrator');
    return reply.redirect(`/admin/notifiche?stato=${encodeURIComponent(from)}&riprovata=${id}`, 303);
  });
}

/** Development only: what the stand-ins (the SMTP server, App IO) received. */
async function devMailRoutes(app: FastifyInstance) {
  const { devSmtp, ioStandIn } = app.notifications;
  // every e-mail to anyone: never kept by a browser or a proxy
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/dev/mail', async (request, reply) => {
    return reply.view('notifications/dev-mail.njk', {
      mails: devSmtp ? devSmtp.messages().reverse() : null,
      ioMessages: ioStandIn ? ioStandIn.messages().reverse() : null,
      breadcrumbs: [{ label: request.t('notifications.dev.title') }],
    });
  });

  app.get('/dev/mail/:id', async (request, reply) => {
    const mail = devSmtp?.get(parseId(request.params));
    if (!mail) throw new NotFoundError('mail');
    return reply.view('notifications/dev-mail-message.njk', {
      mail,
      breadcrumbs: [{ href: '/dev/mail', label: request.t('notifications.dev.title') }, { label: mail.subject }],
    });
  });

  app.get('/dev/mail/:id/html', async (request, reply) => {
    const mail = devSmtp?.get(parseId(request.params));
    if (!mail?.html) throw new NotFoundError('mail');
    // the e-mail's own HTML, shown as the mail client would, with nothing able to run
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    return reply.type('text/html; charset=utf-8').send(mail.html);
  });

  app.get<{ Params: { id: string; n: string } }>('/dev/mail/:id/allegati/:n', async (request, reply) => {
    const mail = devSmtp?.get(parseId(request.params));
    const attachment = mail?.attachments[Number(request.params.n)];
    if (!attachment) throw new NotFoundError('attachment');
    const filename = (attachment.filename ?? 'allegato').replace(/[^\w.-]/g, '_');
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.type(attachment.contentType || 'application/octet-stream').send(attachment.content);
  });
}

export default async function notificationsRoutes(app: FastifyInstance) {
  await app.register(inboxRoutes);
  await app.register(preferencesRoutes);
  await app.register(emailConfirmationRoutes);
  await app.register(outboxRoutes);
  if (app.config.env !== 'production' && (app.notifications.devSmtp || app.notifications.ioStandIn)) await app.register(devMailRoutes);
}
