// The administrator's pages of the API (/admin/api/clienti): the clients (a new one shows its
// secret once), a client's page (a new secret, disable or enable, webhook subscriptions, whose
// signing secret is shown once too), the client's edit page, a subscription's edit page (URL,
// events, a new signing secret, deletion) and its delivery log with the replay of a delivery after a
// confirmation. Every change is in the administration's audit log (the services record it).
// The /admin guard (src/admin/admin.routes.ts) answers 404 to anyone but an administrator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { officesByCode, proceduresOfOffices } from '../catalogue/catalogue.service.ts';
import { adminNav, formErrors, noErrors } from '../admin/admin.view.ts';
import { SCOPES, type ApiClientRow } from './api.table.ts';
import { EVENT_TYPES } from './webhooks.service.ts';
import { urlProblem } from './webhook-targets.ts';

const BASE = '/admin/api/clienti';
const many = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(500));
const idParams = z.object({ clientId: z.coerce.number().int().positive() });
const deliveryParams = idParams.extend({ deliveryId: z.coerce.number().int().positive() });
const subscriptionParams = idParams.extend({ subscriptionId: z.coerce.number().int().positive() });

/** An address's ids; an address no page makes is a 404. */
function paramsOf<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const result = schema.safeParse(request.params);
  if (!result.success) throw new NotFoundError('api client');
  return result.data;
}

const clientInput = z.object({
  name: z.string().trim().min(1, 'api.error.name').max(100, 'api.error.name'),
  scopes: many.pipe(z.array(z.enum(SCOPES)).min(1, 'api.error.scopes')),
  offices: many.pipe(z.array(z.string()).min(1, 'api.error.offices')),
  procedures: many.pipe(z.array(z.coerce.number().int().positive())),
  rateLimit: z.coerce.number({ message: 'api.error.rateLimit' }).int('api.error.rateLimit').min(1, 'api.error.rateLimit').max(100_000, 'api.error.rateLimit'),
});
const subscriptionInput = z.object({
  url: z.string().trim().max(2000).refine((u) => urlProblem(u) === null, 'api.error.url'),
  events: many.pipe(z.array(z.enum(EVENT_TYPES)).min(1, 'api.error.events')),
});

const problemsOf = (error: z.ZodError) => error.issues.map((i) => ({ input: String(i.path[0] ?? 'name'), key: i.message.startsWith('api.') ? i.message : `api.error.${String(i.path[0])}` }));

function frame(request: FastifyRequest, title: string, crumbs: Array<{ href?: string; label: string }> = []) {
  return {
    pageTitle: title,
    adminNav: adminNav(request.t, 'api'),
    breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { href: BASE, label: request.t('api.clients.title') }, ...crumbs],
  };
}

const NOTICES = new Set(['replayed', 'replayFailed', 'disabled', 'enabled', 'subscription', 'updated', 'updatedRevoked', 'subscriptionDeleted']);
const noticeOf = (request: FastifyRequest) => {
  const esito = (request.query as Record<string, unknown>).esito;
  return typeof esito === 'string' && NOTICES.has(esito) ? request.t(`api.notice.${esito}`) : null;
};

/** A subscription's signing secret, on this answer only (not in a redirect, a session or a log). */
function signingSecretPage(request: FastifyRequest, reply: FastifyReply, client: ApiClientRow, secret: string, url: string) {
  return reply.view('admin/api-client-secret.njk', {
    ...frame(request, request.t('api.webhooks.secretTitle'), [{ href: `${BASE}/${client.id}`, label: client.name }, { label: request.t('api.webhooks.title') }]),
    name: client.name,
    id: client.id,
    signingSecret: secret,
    url,
  });
}

/** The delivery log of a client and the replay of a delivery (after a confirmation page). */
async function deliveryRoutes(app: FastifyInstance) {
  const { clients, webhooks } = app.services.api;
  const admin = (request: FastifyRequest) => request.user!.fiscalCode;

  app.get(`${BASE}/:clientId/consegne`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    const deliveries = await webhooks.deliveriesOf(client, 100);
    return reply.view('admin/api-deliveries.njk', {
      ...frame(request, request.t('api.deliveries.title', { name: client.name }), [{ href: `${BASE}/${client.id}`, label: client.name }, { label: request.t('api.webhooks.deliveries') }]),
      client,
      deliveries,
      notice: noticeOf(request),
    });
  });

  app.get(`${BASE}/:clientId/consegne/:deliveryId/ripeti`, async (request, reply) => {
    const params = paramsOf(deliveryParams, request);
    const client = await clients.find(params.clientId);
    const delivery = await webhooks.findDelivery(client, params.deliveryId);
    return reply.view('admin/api-replay.njk', {
      ...frame(request, request.t('api.replay.title'), [{ href: `${BASE}/${client.id}`, label: client.name }, { href: `${BASE}/${client.id}/consegne`, label: request.t('api.webhooks.deliveries') }, { label: request.t('api.replay.title') }]),
      client,
      delivery,
    });
  });

  app.post(`${BASE}/:clientId/consegne/:deliveryId/ripeti`, async (request, reply) => {
    const params = paramsOf(deliveryParams, request);
    const client = await clients.find(params.clientId);
    const ok = await webhooks.replay(admin(request), client, params.deliveryId);
    return reply.redirect(`${BASE}/${client.id}/consegne?esito=${ok ? 'replayed' : 'replayFailed'}`, 303);
  });
}

/** The scopes, offices and procedures a client may be given (the new and the edit page). */
async function choices(app: FastifyInstance, request: FastifyRequest) {
  const offices = await officesByCode(app.db);
  const procedures = await proceduresOfOffices(app.db, offices.map((o) => o.code));
  const it = request.locale === 'it';
  return {
    scopeOptions: SCOPES.map((s) => ({ value: s, label: request.t(`api.scope.${s.replace(':', '.')}`) })),
    officeOptions: offices.map((o) => ({ value: o.code, label: it ? o.name_it : o.name_en })),
    procedureOptions: procedures.map((p) => ({ value: String(p.id), label: it ? p.title_it : p.title_en })),
  };
}

/** The edit page of a client: name, scopes, offices, procedures and rate limit. */
async function editRoutes(app: FastifyInstance) {
  const { clients } = app.services.api;
  const admin = (request: FastifyRequest) => request.user!.fiscalCode;

  /** The edit form, prefilled from the client or with the refused input. */
  async function editPage(request: FastifyRequest, reply: FastifyReply, client: ApiClientRow, values: Record<string, unknown>, errors = noErrors, status = 200) {
    const title = request.t('api.edit.title', { name: client.name });
    return reply.status(status).view('admin/api-client-edit.njk', { ...frame(request, title, [{ href: `${BASE}/${client.id}`, label: client.name }, { label: request.t('api.client.edit') }]), ...(await choices(app, request)), client, values, ...errors });
  }

  app.get(`${BASE}/:clientId/modifica`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    return editPage(request, reply, client, { name: client.name, scopes: client.scopes, offices: client.offices, procedures: client.procedure_ids.map(String), rateLimit: String(client.rate_limit_per_minute) });
  });

  app.post(`${BASE}/:clientId/modifica`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = clientInput.safeParse(body);
    if (!parsed.success) return editPage(request, reply, client, body, formErrors(problemsOf(parsed.error), request.t), 422);
    const v = parsed.data;
    const { tokensRevoked } = await clients.update(admin(request), client.id, { name: v.name, scopes: v.scopes, offices: v.offices, procedureIds: v.procedures, rateLimitPerMinute: v.rateLimit });
    return reply.redirect(`${BASE}/${client.id}?esito=${tokensRevoked ? 'updatedRevoked' : 'updated'}`, 303);
  });
}

/** A webhook subscription's page: its URL and events changed, a new signing secret, its deletion. */
async function subscriptionRoutes(app: FastifyInstance) {
  const { clients, webhooks } = app.services.api;
  const admin = (request: FastifyRequest) => request.user!.fiscalCode;
  const eventOptions = (request: FastifyRequest) => EVENT_TYPES.map((e) => ({ value: e, label: request.t(`api.event.${e}`) }));
  const SUB = `${BASE}/:clientId/webhook/:subscriptionId`;

  async function target(request: FastifyRequest) {
    const params = paramsOf(subscriptionParams, request);
    const client = await clients.find(params.clientId);
    return { client, subscription: await webhooks.findSubscription(client, params.subscriptionId) };
  }

  async function subscriptionPage(request: FastifyRequest, reply: FastifyReply, found: Awaited<ReturnType<typeof target>>, values: Record<string, unknown>, errors = noErrors, status = 200) {
    const { client, subscription } = found;
    return reply.status(status).view('admin/api-subscription.njk', {
      ...frame(request, request.t('api.subscription.title'), [{ href: `${BASE}/${client.id}`, label: client.name }, { label: request.t('api.subscription.title') }]),
      client,
      subscription,
      eventOptions: eventOptions(request),
      values,
      ...errors,
    });
  }

  app.get(`${SUB}/modifica`, async (request, reply) => {
    const found = await target(request);
    return subscriptionPage(request, reply, found, { url: found.subscription.url, events: found.subscription.event_types });
  });

  app.post(`${SUB}/modifica`, async (request, reply) => {
    const found = await target(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = subscriptionInput.safeParse(body);
    if (!parsed.success) return subscriptionPage(request, reply, found, body, formErrors(problemsOf(parsed.error), request.t), 422);
    await webhooks.updateSubscription(admin(request), found.client, found.subscription.id, { url: parsed.data.url, eventTypes: parsed.data.events });
    return reply.redirect(`${BASE}/${found.client.id}?esito=subscription`, 303);
  });

  app.post(`${SUB}/segreto`, async (request, reply) => {
    const { client, subscription } = await target(request);
    const secret = await webhooks.rotateSubscriptionSecret(admin(request), client, subscription.id);
    return signingSecretPage(request, reply, client, secret, subscription.url);
  });

  app.post(`${SUB}/elimina`, async (request, reply) => {
    const { client, subscription } = await target(request);
    await webhooks.deleteSubscription(admin(request), client, subscription.id);
    return reply.redirect(`${BASE}/${client.id}?esito=subscriptionDeleted`, 303);
  });
}

export default async function apiClientsRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAdmin());
  // personal and secret data: never kept by a browser or a proxy
  app.addHook('onSend', async (_request, reply) => void reply.header('cache-control', 'no-store'));
  const { clients, webhooks } = app.services.api;
  const admin = (request: FastifyRequest) => request.user!.fiscalCode;

  async function newPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors = noErrors, status = 200) {
    return reply.status(status).view('admin/api-client-new.njk', { ...frame(request, request.t('api.new.title'), [{ label: request.t('api.new.title') }]), ...(await choices(app, request)), values, ...errors });
  }

  async function clientPage(request: FastifyRequest, reply: FastifyReply, client: ApiClientRow, extra: Record<string, unknown> = {}, errors = noErrors, status = 200) {
    const [subscriptions, liveTokens, offices] = await Promise.all([webhooks.subscriptionsOf(client), clients.liveTokens(client.id), officesByCode(app.db, client.offices)]);
    const title = request.t('api.client.title', { name: client.name });
    return reply.status(status).view('admin/api-client.njk', {
      ...frame(request, title, [{ label: client.name }]),
      client,
      offices: offices.map((o) => (request.locale === 'it' ? o.name_it : o.name_en)),
      subscriptions,
      liveTokens,
      graceHours: clients.secretGraceHours,
      eventOptions: EVENT_TYPES.map((e) => ({ value: e, label: request.t(`api.event.${e}`) })),
      notice: noticeOf(request),
      values: {},
      ...extra,
      ...errors,
    });
  }

  app.get(BASE, async (request, reply) => {
    const list = await clients.list();
    return reply.view('admin/api-clients.njk', { ...frame(request, request.t('api.clients.title')), clients: list });
  });

  app.get(`${BASE}/nuovo`, async (request, reply) => newPage(request, reply, { rateLimit: String(clients.defaultRateLimit) }));

  app.post(BASE, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = clientInput.safeParse(body);
    if (!parsed.success) return newPage(request, reply, body, formErrors(problemsOf(parsed.error), request.t), 422);
    const v = parsed.data;
    const created = await clients.create(admin(request), { name: v.name, scopes: v.scopes, offices: v.offices, procedureIds: v.procedures, rateLimitPerMinute: v.rateLimit });
    // the secret is on this answer only (not in a redirect, a session or a log)
    return reply.view('admin/api-client-secret.njk', { ...frame(request, request.t('api.secret.title', { name: v.name }), [{ label: v.name }]), name: v.name, id: created.id, clientId: created.clientId, secret: created.secret });
  });

  app.get(`${BASE}/:clientId`, async (request, reply) => clientPage(request, reply, await clients.find(paramsOf(idParams, request).clientId)));

  app.post(`${BASE}/:clientId/segreto`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    const revokeNow = (request.body as Record<string, unknown> | undefined)?.revokeNow === 'yes';
    const rotated = await clients.rotate(admin(request), client.id, revokeNow);
    return reply.view('admin/api-client-secret.njk', {
      ...frame(request, request.t('api.secret.title', { name: client.name }), [{ href: `${BASE}/${client.id}`, label: client.name }, { label: request.t('api.client.rotate') }]),
      name: client.name,
      id: client.id,
      clientId: client.client_id,
      secret: rotated.secret,
      rotated: true,
      previousUntil: rotated.previousUntil,
    });
  });

  app.post(`${BASE}/:clientId/stato`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    const disable = (request.body as Record<string, unknown> | undefined)?.disabled === 'yes';
    await clients.setDisabled(admin(request), client.id, disable);
    return reply.redirect(`${BASE}/${client.id}?esito=${disable ? 'disabled' : 'enabled'}`, 303);
  });

  app.post(`${BASE}/:clientId/webhook`, async (request, reply) => {
    const client = await clients.find(paramsOf(idParams, request).clientId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = subscriptionInput.safeParse(body);
    if (!parsed.success) return clientPage(request, reply, client, { values: body }, formErrors(problemsOf(parsed.error), request.t), 422);
    const created = await webhooks.subscribe(admin(request), client, { url: parsed.data.url, eventTypes: parsed.data.events });
    return signingSecretPage(request, reply, client, created.secret, parsed.data.url);
  });

  app.post(`${BASE}/:clientId/webhook/:subscriptionId/stato`, async (request, reply) => {
    const params = paramsOf(subscriptionParams, request);
    const client = await clients.find(params.clientId);
    const active = (request.body as Record<string, unknown> | undefined)?.active === 'yes';
    await webhooks.setSubscriptionActive(admin(request), client, params.subscriptionId, active);
    return reply.redirect(`${BASE}/${client.id}?esito=subscription`, 303);
  });

  await app.register(editRoutes);
  await app.register(deliveryRoutes);
  await app.register(subscriptionRoutes);
}
