// The pages the links of filing without login open: the confirmation link mailed to the person
// (GET shows a button and changes nothing, since mail scanners open links; POST files), and the
// tracking page by secret link. A wrong or expired token is the same 404 page for both.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localize } from '../platform/i18n.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import { anonymousApplicant } from './anonymous-applicant.ts';
import { confirmPath, trackingPath } from './anonymous.paths.ts';
import { privatePage } from './private-page.ts';

type TokenParams = { token: string };

export default async function anonymousLinkRoutes(app: FastifyInstance) {
  const service = app.services.anonymous;

  function invalidLink(request: FastifyRequest, reply: FastifyReply) {
    return privatePage(reply).status(404).view('anonymous/invalid.njk', { pageTitle: request.t('anonymous.invalid.title') });
  }

  async function renderConfirm(request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply, view: { slug: string; confirmed: boolean; protocol: string | null }) {
    const { definition } = await app.services.catalogue.get(view.slug);
    return privatePage(reply).view('anonymous/confirm.njk', {
      pageTitle: request.t('anonymous.confirm.title'),
      procedureTitle: localize(definition.title, request.locale),
      action: confirmPath(request.params.token),
      confirmed: view.confirmed,
      protocol: view.protocol,
    });
  }

  app.get<{ Params: TokenParams }>('/segnalazioni/conferma/:token', async (request, reply) => {
    const view = await service.confirmation(request.params.token);
    if (!view) return invalidLink(request, reply);
    return renderConfirm(request, reply, view);
  });

  app.post<{ Params: TokenParams }>('/segnalazioni/conferma/:token', async (request, reply) => {
    const view = await service.confirmation(request.params.token);
    if (!view) return invalidLink(request, reply);
    const outcome = await service.confirm(request.params.token);
    if (outcome.kind === 'filed') {
      app.metrics.submissions.inc({ procedure: view.slug });
      return privatePage(reply).redirect(`${trackingPath(outcome.trackingToken)}?inviata=1`, 303);
    }
    return renderConfirm(request, reply, { ...view, confirmed: true, protocol: outcome.protocol });
  });

  // ---- the tracking page: state, protocol number, dates, the office's messages and decision
  app.get<{ Params: TokenParams }>('/segnalazioni/:token', async (request, reply) => {
    const found = await service.tracked(request.params.token);
    if (!found) return invalidLink(request, reply);
    const { submission, procedure, protocol, office } = await app.services.submissions.ownSubmission(anonymousApplicant(found.code), found.publicId);
    const progress = await app.services.backoffice.applicantView(submission.id);
    return privatePage(reply).view('anonymous/track.njk', {
      pageTitle: request.t('anonymous.track.title'),
      justFiled: (request.query as Record<string, string> | undefined)?.inviata === '1',
      procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
      protocol: protocol ? `${protocolNumberText(protocol.number)}/${protocol.year}` : null,
      receivedAt: submission.received_at,
      status: submission.status,
      dueDate: progress?.clock.dueDate ?? submission.due_date,
      officeName: office ? (request.locale === 'it' ? office.name_it : office.name_en) : submission.office_code,
      // only what the office wrote to the person, and its decision
      messages: (progress?.messages ?? []).filter((m) => m.author_kind === 'office'),
      decision: progress?.decision ?? null,
    });
  });
}
