// The journey's procura page (/servizi/:slug/domanda/procura): a professional filing for a
// client who has not delegated them in the portal attaches the procura speciale the client
// signed. Refused files get the page again with the reason; a stored one leads to the summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { multipartError } from '../platform/multipart.ts';
import { draftOr, pageModel, redirectTo } from './journey-view.ts';
import { formParts } from './multipart.ts';
import { JOURNEY_PROCURA } from './representation.ts';
import type { Applicant } from './access.ts';
import type { DraftContext } from './drafts.service.ts';
import { UploadRefusedError } from './uploads.service.ts';

type SlugParams = { slug: string };

export default async function procuraRoutes(app: FastifyInstance) {
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
}
