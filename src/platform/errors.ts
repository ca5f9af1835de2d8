// Typed domain errors and the one error handler that turns any error into a status and a page
// (or JSON under /api). Internals are shown only in development; the log carries the request
// id that the error page shows, never personal data.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export class DomainError extends Error {
  readonly statusCode: number = 400;
  /** Message key (platform/i18n) for the page title and text. */
  readonly pageKey: string = 'error.badRequest';
}

/** The thing does not exist, or the person may not know it exists: both answer 404. */
export class NotFoundError extends DomainError {
  override readonly statusCode = 404;
  override readonly pageKey = 'error.notFound';
}

export class ForbiddenError extends DomainError {
  override readonly statusCode = 403;
  override readonly pageKey = 'error.forbidden';
}

export class ConflictError extends DomainError {
  override readonly statusCode = 409;
}

/** A request whose address or body holds a value no page could have sent: 400, naming the parameters. */
export class BadInputError extends DomainError {
  override readonly statusCode = 400;
  override readonly pageKey = 'error.badInput';
  readonly fields: readonly string[];
  constructor(fields: readonly string[]) {
    // names come from the request: a few, short, are enough to say what to fix
    const shown = fields.slice(0, 5).map((name) => name.slice(0, 40));
    super(`bad input: ${shown.join(', ')}`);
    this.fields = shown;
  }
}

export class OverloadError extends DomainError {
  override readonly statusCode = 503;
  override readonly pageKey = 'error.overload';
}

/**
 * Past a rate limit (src/platform/rate-limit-store.ts): 429, a page that says how many are
 * allowed and when to try again (`params` for its text), and a link back where the person was.
 */
export class TooManyRequestsError extends DomainError {
  override readonly statusCode = 429;
  constructor(
    override readonly pageKey: string,
    readonly params: Readonly<Record<string, string | number>>,
    readonly backHref?: string,
  ) {
    super(pageKey);
  }
}

function pageKeyFor(status: number): string {
  if (status === 404) return 'error.notFound';
  // a body past a limit (a form post over bodyLimit, a multipart part over its bound)
  if (status === 413) return 'error.formTooLarge';
  if (status === 403) return 'error.forbidden';
  if (status === 429) return 'error.tooMany';
  if (status === 503) return 'error.overload';
  if (status >= 500) return 'error.server';
  return 'error.badRequest';
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/.well-known/');
}

/** What an error page may add: its text's parameters, a way back and the refused fields. */
interface ErrorPageExtras {
  params?: Readonly<Record<string, string | number>>;
  backHref?: string | undefined;
  /** the back link's text key (default error.goBack) */
  backLabel?: string;
  refused?: BadInputError;
}

export async function sendError(request: FastifyRequest, reply: FastifyReply, status: number, pageKey: string, detail?: string, page: ErrorPageExtras = {}) {
  reply.status(status);
  if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(request.server.config.overload.retryAfterSeconds));
  if (wantsJson(request)) {
    return reply.send({ error: { status, code: pageKey, message: request.t(`${pageKey}.title`), requestId: request.id, ...(page.refused ? { fields: page.refused.fields } : {}) } });
  }
  reply.header('cache-control', 'no-store');
  return reply.view('errors/error.njk', {
    status,
    title: request.t(`${pageKey}.title`),
    text: request.t(`${pageKey}.text`, page.params),
    detail,
    backHref: page.backHref,
    backLabel: page.backLabel ?? 'error.goBack',
    requestId: request.id,
    fieldsText: page.refused ? request.t(`${pageKey}.fields`, { fields: page.refused.fields.join(', ') }) : undefined,
  });
}

async function errorsPlugin(app: FastifyInstance) {
  const development = app.config.env === 'development';

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, 'error.notFound'));

  app.setErrorHandler(async (error: FastifyError | DomainError, request, reply) => {
    if (error instanceof TooManyRequestsError) {
      request.log.info({ pageKey: error.pageKey }, 'rate limit reached');
      return sendError(request, reply, error.statusCode, error.pageKey, undefined, { params: error.params, backHref: error.backHref });
    }
    if (error instanceof DomainError) {
      if (error instanceof BadInputError) {
        // the same page without its query string (its filters), when the bad value came from there
        const backHref = request.method === 'GET' && /^\/(?!\/)[^?]*\?/.test(request.url) ? request.url.split('?')[0] : undefined;
        return sendError(request, reply, error.statusCode, error.pageKey, undefined, { refused: error, backHref, backLabel: 'error.backToPage' });
      }
      // an error may say where to go next (e.g. the application already filed: src/calls)
      const next = error as DomainError & { backHref?: unknown; backLabel?: unknown };
      if (typeof next.backHref === 'string') return sendError(request, reply, error.statusCode, error.pageKey, undefined, { backHref: next.backHref, ...(typeof next.backLabel === 'string' ? { backLabel: next.backLabel } : {}) });
      return sendError(request, reply, error.statusCode, error.pageKey);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: (error as FastifyError).code, status }, 'request refused');
    const detail = development && status >= 500 ? `${error.name}: ${error.message}` : undefined;
    return sendError(request, reply, status, pageKeyFor(status), detail);
  });
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['views'] });
