// The journey's pages about who else a filing names: the procura page
// (/servizi/:slug/domanda/procura), where a professional filing for a client who has not
// delegated them in the portal attaches the procura speciale the client signed; and the
// co-applicants named on the summary (/servizi/:slug/domanda/coobbligati). Refusals get the
// page again with the reason; success leads back to the summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { multipartError } from '../platform/multipart.ts';
import { z } from 'zod';
import { draftOr, journeyBase, pageModel, redirectTo, summaryPage } from './journey-view.ts';
import { isAnonymous } from '../anonymous/anonymous-applicant.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formParts } from './multipart.ts';
import { CoApplicantRefusedError, JOURNEY_PROCURA, MAX_CO_APPLICANTS } from './representation.ts';
import type { Applicant } from './access.ts';
import type { DraftContext } from './drafts.service.ts';
import { UploadRefusedError } from './uploads.service.ts';

type SlugParams = { slug: string };

export default async function partiesRoutes(app: FastifyInstance) {
  const service = app.services.submissions;

  async function render(request: FastifyRequest, reply: FastifyReply, applicant: Applicant, context: DraftContext, error?: string) {
    const state = await service.procuraState(applicant, context);
    // nothing to attach: not a professional, or the client's delegation covers it
    if (state.kind === 'not-needed' || state.kind === 'delegation') return redirectTo(reply, context.procedure.slug, 'riepilogo');
    return reply.status(error ? 422 : 200).view('submissions/procura.njk', {
      ...pageModel(request, context, JOURNEY_PROCURA, request.t('acting.procura.title')),
      state,
      error,
    });
  }

  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/procura', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    return render(request, reply, found.applicant, found.context);
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/procura', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const { applicant, context } = found;
    const state = await service.procuraState(applicant, context);
    if (state.kind === 'not-needed' || state.kind === 'delegation') return redirectTo(reply, context.procedure.slug, 'riepilogo');
    if (!request.isMultipart()) return render(request, reply, applicant, context, request.t('acting.procura.required'));
    let stored = false;
    let refused: string | undefined;
    try {
      for await (const part of formParts(request)) {
        if (part.kind !== 'file') continue;
        if (part.name !== 'procura' || !part.fileName || stored) {
          part.stream.resume();
          continue;
        }
        try {
          await service.attachProcura(context, { stream: part.stream, fileName: part.fileName });
          stored = true;
        } catch (error) {
          if (!(error instanceof UploadRefusedError)) throw error;
          part.stream.resume();
          refused = request.t(`journey.uploadRefused.${error.reason}`, { name: error.fileName, types: 'PDF', limit: 10, max: 1 });
        }
      }
    } catch (error) {
      throw multipartError(error);
    }
    if (!stored) return render(request, reply, applicant, (await service.loadDraft(applicant, context.procedure.slug)) ?? context, refused ?? request.t('acting.procura.required'));
    return redirectTo(reply, context.procedure.slug, 'riepilogo');
  });

  // ---- co-applicants, named on the summary page
  const coApplicantBody = z.object({ fiscalCode: z.string().max(20).default(''), name: z.string().max(200).default('') });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/coobbligati', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    // a person without login may not name others as parties of a filing (src/anonymous)
    if (isAnonymous(found.applicant)) throw new NotFoundError('co-applicants');
    const parsed = coApplicantBody.safeParse(request.body ?? {});
    try {
      if (!parsed.success) throw new CoApplicantRefusedError('fiscalCode');
      await service.addCoApplicant(found.applicant, found.context, parsed.data);
    } catch (error) {
      if (!(error instanceof CoApplicantRefusedError)) throw error;
      const message = request.t(`parties.coApplicant.${error.reason}`, { max: MAX_CO_APPLICANTS });
      const values = parsed.success ? parsed.data : { fiscalCode: '', name: '' };
      return summaryPage(app, request, reply, found, { field: error.reason === 'name' ? 'co-name' : 'co-fiscal-code', message, values });
    }
    return reply.redirect(`${journeyBase(found.context.procedure.slug)}/riepilogo#co-applicants`, 303);
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/coobbligati/rimuovi', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const code = String((request.body as Record<string, unknown> | undefined)?.fiscalCode ?? '').slice(0, 20);
    await service.removeCoApplicant(found.context, code);
    return reply.redirect(`${journeyBase(found.context.procedure.slug)}/riepilogo#co-applicants`, 303);
  });
}
