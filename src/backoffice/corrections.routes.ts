// The correction of a filing's data (/backoffice/pratiche/:publicId/correzione): the page with
// the answers that can be corrected, filled with their current values, and a required reason;
// its POST stores the changed answers as corrections (303 to the case page) or answers 422 with
// the form engine's message on each refused field (nothing stored). Clerks of the case's
// office, while the case is open; anyone else gets 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldError, FormBody } from '../forms/index.ts';
import { requireClerk } from '../identity/policies.ts';
import { staffActor } from './backoffice.http.ts';
import { REASON_FIELD } from './corrections.service.ts';

type Params = { publicId: string };

/** The reason, required; the answers are read by the form engine from the same body. */
const reasonInput = z.object({ [REASON_FIELD]: z.string().trim().min(5).max(2000) }).passthrough();

export default async function correctionRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };
  const path = '/backoffice/pratiche/:publicId/correzione';

  async function render(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, refused: { errors: FieldError[]; typed: Record<string, unknown>; reason: string } | null = null) {
    const page = await service.correctionPage(staffActor(request.user!), request.params.publicId, request.locale, refused?.typed ?? null, refused?.errors ?? []);
    const base = `/backoffice/pratiche/${page.publicId}`;
    const protocol = page.protocol ?? request.t('backoffice.protocolPending');
    const pageTitle = request.t('casePage.correction.title', { protocol });
    const errorOf = (field: string) => refused?.errors.find((e) => e.field === field)?.message ?? null;
    return reply.status(refused ? 422 : 200).view('backoffice/correction.njk', {
      ...page,
      pageTitle,
      base,
      breadcrumbs: [{ href: '/backoffice', label: request.t('backoffice.title') }, { href: base, label: request.t('backoffice.case.title', { protocol }) }, { label: pageTitle }],
      reasonField: REASON_FIELD,
      reason: refused?.reason ?? '',
      reasonError: errorOf(REASON_FIELD),
      nothingError: errorOf('_campi'),
      errorSummary: refused ? { title: request.t('backoffice.errors.title'), items: refused.errors.map((e) => ({ href: `#${e.inputId}`, text: e.message })) } : null,
    });
  }

  app.get<{ Params: Params }>(path, guard, (request, reply) => render(request, reply));

  app.post<{ Params: Params }>(path, guard, async (request, reply) => {
    const body = (request.body ?? {}) as FormBody;
    const parsed = reasonInput.safeParse(body);
    const reason = parsed.success ? String(parsed.data[REASON_FIELD]) : null;
    const result = await service.correct(staffActor(request.user!), request.params.publicId, { body, reason, locale: request.locale });
    if (result.ok) return reply.redirect(`/backoffice/pratiche/${request.params.publicId}?tab=domanda&fatto=corrected`, 303);
    const typed = typeof body[REASON_FIELD] === 'string' ? body[REASON_FIELD] : '';
    return render(request, reply, { errors: result.errors, typed: result.typed, reason: typed });
  });
}
