// Payment pages of the person who owes them (the list, one position with "Paga online" and its
// notice, the return from the provider, the receipt) and the provider's notification callback,
// which is authenticated by its signature instead of a session and a CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { viewerOf, type PaymentViewer } from './payments.access.ts';
import type { PositionView } from './payments.service.ts';
import { CALLBACK_PATH } from './providers/index.ts';
import { logMismatch } from './settlement.service.ts';

// the documents' module (pdf-lib, qrcode: some 30 MB) loads at the first document, not at boot
const documents = () => import('./payments.pdf.ts');

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const returnQuery = z.object({ esito: z.enum(['ok', 'annullato', 'errore']).optional().catch(undefined) });

type ReturnResult = 'paid' | 'pending' | 'failed' | 'cancelled' | 'unreachable';

function positionId(request: FastifyRequest): number {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw new NotFoundError('payment');
  return parsed.data.id;
}

/** The logged-in person; otherwise the login page, which brings them back here. */
function requireViewer(request: FastifyRequest, reply: FastifyReply): PaymentViewer | undefined {
  const viewer = viewerOf(request);
  if (!viewer) void reply.redirect(`/auth/login?returnTo=${encodeURIComponent(request.url)}`, 303);
  return viewer;
}

function pdfReply(reply: FastifyReply, bytes: Uint8Array, filename: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(bytes));
}

/** "Pagamenti" in the personal area's tab bar (views/partials/area-nav.njk), on the pages of a logged-in person. */
export const paymentsAreaTab = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.user || request.method !== 'GET') return;
      const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
      reply.locals = { ...reply.locals, areaSections: [...sections, { href: '/pagamenti', label: request.t('payments.title') }] };
    });
  },
  { name: 'payments-area-tab', dependencies: ['notifications'] },
);

export default async function paymentsRoutes(app: FastifyInstance) {
  const payments = app.services.payments;

  const showPosition = (request: FastifyRequest, reply: FastifyReply, position: PositionView, result?: ReturnResult) => {
    reply.header('cache-control', 'no-store');
    return reply.view('payments/position.njk', {
      position,
      result,
      pageTitle: result ? request.t('payments.return.title') : localize(position.reasonText, request.locale),
      breadcrumbs: [{ label: request.t('payments.title'), href: '/pagamenti' }, { label: position.noticeNumberGrouped }],
    });
  };

  app.get('/pagamenti', async (request, reply) => {
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    const lists = await payments.listForPerson(viewer);
    reply.header('cache-control', 'no-store');
    return reply.view('payments/list.njk', { ...lists, pageTitle: request.t('payments.title'), breadcrumbs: [{ label: request.t('payments.title') }] });
  });

  app.get('/pagamenti/:id', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    return showPosition(request, reply, await payments.get(id, viewer));
  });

  app.post('/pagamenti/:id/paga', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    try {
      const target = await payments.startPayment(id, viewer);
      // a form's redirect to another site is blocked by our CSP (form-action 'self'): such a
      // provider page is reached from a page of ours that sends the browser on
      if (new URL(target).origin !== new URL(app.config.baseUrl).origin) return reply.redirect(`/pagamenti/${id}/vai`, 303);
      return reply.redirect(target, 303);
    } catch (error) {
      // paid meanwhile (another tab, a tobacconist): show it rather than an error
      if (error instanceof ConflictError) return reply.redirect(`/pagamenti/${id}`, 303);
      throw error;
    }
  });

  // On to the provider's payment page (another site): an instant refresh, with a link.
  app.get('/pagamenti/:id/vai', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    const target = await payments.openCheckoutUrl(id, viewer);
    if (!target) return reply.redirect(`/pagamenti/${id}`, 303);
    reply.header('cache-control', 'no-store');
    return reply.view('payments/redirect.njk', { target, pageTitle: request.t('payments.redirect.title') });
  });

  // The provider sends the person back here. The URL proves nothing: the provider is asked.
  app.get('/pagamenti/:id/esito', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    const { esito } = returnQuery.parse(request.query);
    const { position, attempt, checked, mismatch } = await payments.afterReturn(id, viewer);
    if (mismatch) logMismatch(request.log, mismatch, payments.provider.name);
    let result: ReturnResult;
    if (position.status === 'paid') result = 'paid';
    else if (!checked) result = 'unreachable';
    else if (esito === 'annullato') result = 'cancelled';
    else if (attempt === 'failed' || esito === 'errore') result = 'failed';
    else result = 'pending';
    return showPosition(request, reply, position, result);
  });

  app.get('/pagamenti/:id/avviso.pdf', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    const position = await payments.forNotice(id, viewer);
    return pdfReply(reply, await (await documents()).noticePdf(position, request.t, request.locale), `avviso-pagamento-${position.noticeNumber}.pdf`);
  });

  app.get('/pagamenti/:id/ricevuta.pdf', async (request, reply) => {
    const id = positionId(request);
    const viewer = requireViewer(request, reply);
    if (!viewer) return reply;
    const position = await payments.forReceipt(id, viewer);
    return pdfReply(reply, await (await documents()).receiptPdf(position, request.t, request.locale, app.services.clock()), `ricevuta-pagamento-${position.noticeNumber}.pdf`);
  });

  await app.register(notificationRoutes);

  await registerSandbox(app);
}

/** The sandbox's payment pages, when it is the provider: loaded then only (development and tests). */
async function registerSandbox(app: FastifyInstance) {
  const { sandbox } = app.services.payments;
  if (!sandbox) return;
  sandbox.useLog(app.log);
  const { default: sandboxRoutes } = await import('./providers/sandbox/sandbox.routes.ts');
  await app.register(sandboxRoutes, { psp: sandbox });
}

/** The provider's notifications: the signature is over the exact bytes, so the body is kept raw. */
async function notificationRoutes(callbacks: FastifyInstance) {
  const payments = callbacks.services.payments;
  callbacks.removeAllContentTypeParsers();
  callbacks.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
  callbacks.post(`${CALLBACK_PATH}/:provider`, { config: { csrf: false } }, async (request, reply) => {
    const { provider } = request.params as { provider: string };
    const raw = typeof request.body === 'string' ? request.body : '';
    const result = await payments.handleNotification(provider, raw, request.headers);
    switch (result.outcome) {
      case 'applied':
      case 'ignored':
      case 'duplicate':
        request.log.info({ provider, positionId: result.positionId, outcome: result.outcome, status: result.status }, 'payment notification');
        return reply.send({ outcome: result.outcome, status: result.status });
      case 'amount-mismatch':
        // recorded on the position for the office; nothing personal in the log
        logMismatch(request.log, result, provider);
        return reply.send({ outcome: result.outcome, status: result.status });
      case 'refused':
        request.log.warn({ provider, reason: result.reason }, 'payment notification refused');
        return reply.status(result.reason === 'signature' ? 401 : 400).send({ outcome: 'refused', reason: result.reason });
      case 'unknown-position':
        request.log.warn({ provider, noticeNumber: result.noticeNumber }, 'payment notification for an unknown position refused');
        return reply.status(404).send({ outcome: 'refused', reason: 'unknown-position' });
      case 'unknown-provider':
        return reply.status(404).send({ outcome: 'refused', reason: 'unknown-provider' });
    }
  });
}
