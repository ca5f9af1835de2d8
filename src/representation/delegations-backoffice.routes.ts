// The clerks' delegation pages (/backoffice/deleghe): the paper delegations registered,
// searchable by fiscal code; a new one from a signed paper form with its two files; one with its
// document, files and events, and its revocation. Behind the clerk guard: anyone else gets 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../backoffice/backoffice.http.ts';
import type { FieldError } from '../backoffice/backoffice.inputs.ts';
import { requireClerk } from '../identity/policies.ts';
import { parseQuery } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { registrationIssues, type Clerk } from './delegations-paper.service.ts';
import { grantInputOf, issueErrors, paperForm, paperPartsOf, parseForm, readPaperUpload, type PaperForm } from './delegations.inputs.ts';
import { DOCUMENT_TYPES, type Issue } from './delegations.rules.ts';
import { DelegationRefusedError } from './delegations.service.ts';
import { describer, eventLines, formErrors, scopeOptions } from './delegations.view.ts';

const BASE = '/backoffice/deleghe';

const listQuery = z.object({
  q: z
    .string()
    .max(40)
    .optional()
    .transform((value) => (value ?? '').toUpperCase().replace(/\s+/g, ''))
    .pipe(z.string().regex(/^[A-Z0-9]{0,16}$/)),
  pagina: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const revokeBody = z.object({ conferma: z.literal('yes') }).passthrough();

type IdRoute = { Params: { id: string } };
type IdRequest = FastifyRequest<IdRoute>;

const clerkOf = (request: FastifyRequest): Clerk => ({ fiscalCode: request.user!.fiscalCode, name: request.user!.displayName });

export default async function backofficeDelegationRoutes(app: FastifyInstance) {
  const service = app.services.delegations;
  const guard = requireClerk();
  const procedures = async (request: FastifyRequest) => (await app.services.catalogue.list({ locale: request.locale })).items;
  const crumbs = (request: FastifyRequest, last?: string) => [
    { href: '/backoffice', label: request.t('backoffice.title') },
    ...(last ? [{ href: BASE, label: request.t('delegations.backoffice.title') }, { label: last }] : [{ label: request.t('delegations.backoffice.title') }]),
  ];

  app.get(BASE, { preHandler: guard }, async (request, reply) => {
    const query = parseQuery(listQuery, request.query);
    const [list, items] = await Promise.all([service.paperList({ fiscalCode: query.q || undefined, page: query.pagina }), procedures(request)]);
    const registered = (request.query as Record<string, unknown>).fatto === 'registrata';
    return reply.view('representation/backoffice-list.njk', {
      items: list.items.map(describer(request, items)),
      hasMore: list.hasMore,
      query,
      notice: registered ? request.t('delegations.notice.registered') : undefined,
      breadcrumbs: crumbs(request),
    });
  });

  async function formPage(request: FastifyRequest, reply: FastifyReply, values: Partial<PaperForm>, errors: readonly FieldError[] = []) {
    if (errors.length) reply.status(422);
    const options = scopeOptions(request, await procedures(request), { areas: values.aree ?? [], slugs: values.servizi ?? [] });
    return reply.view('representation/backoffice-form.njk', {
      values,
      ...formErrors(request, errors, options),
      documentTypes: DOCUMENT_TYPES.map((type) => ({ value: type, label: request.t(`delegations.document.${type}`) })),
      scopeOptions: options,
      today: romeDate(app.services.clock()),
      breadcrumbs: crumbs(request, request.t('delegations.paper.title')),
    });
  }

  app.get(`${BASE}/nuova`, { preHandler: guard }, async (request, reply) => formPage(request, reply, {}));

  app.post(`${BASE}/nuova`, { preHandler: guard }, async (request, reply) => {
    const upload = await readPaperUpload(request, service.storePaperFile, service.discardPaperFiles, request.t);
    const stored = Object.values(upload.files);
    let form: PaperForm;
    try {
      form = parseForm(paperForm, upload.body);
    } catch (error) {
      await service.discardPaperFiles(stored);
      throw error;
    }
    const { input, unanswered } = grantInputOf(form);
    const { delegator, document, unanswered: documentUnanswered } = paperPartsOf(form);
    if (unanswered.length || documentUnanswered.length || upload.errors.length || !upload.files.form || !upload.files.document) {
      await service.discardPaperFiles(stored);
      const issues: Issue[] = [...documentUnanswered, ...unanswered, ...registrationIssues(clerkOf(request), { ...input, delegator, document }, romeDate(app.services.clock()))];
      return formPage(request, reply, form, [...issueErrors(issues, request.t), ...upload.errors]);
    }
    try {
      const item = await service.registerOnPaper(clerkOf(request), { ...input, delegator, document, files: { form: upload.files.form, document: upload.files.document } }, { locale: request.locale });
      return reply.redirect(`${BASE}/${item.id}?fatto=registrata`, 303);
    } catch (error) {
      if (error instanceof DelegationRefusedError) return formPage(request, reply, form, issueErrors(error.issues, request.t));
      throw error;
    }
  });

  async function detailPage(request: IdRequest, reply: FastifyReply, revokeError?: string) {
    const [{ delegation, paper, events }, items] = await Promise.all([service.paperDetail(request.params.id), procedures(request)]);
    if (revokeError) reply.status(422);
    const fatto = (request.query as Record<string, unknown>).fatto;
    return reply.view('representation/backoffice-detail.njk', {
      item: describer(request, items)(delegation),
      paper,
      documentType: request.t(`delegations.document.${paper.document.type}`),
      events: eventLines(request, delegation, events),
      base: `${BASE}/${delegation.id}`,
      revokeError,
      notice: fatto === 'registrata' ? request.t('delegations.notice.registered') : fatto === 'revocata' ? request.t('delegations.notice.revoked') : undefined,
      breadcrumbs: crumbs(request, request.t('delegations.detail.title')),
    });
  }

  app.get<IdRoute>(`${BASE}/:id`, { preHandler: guard }, async (request, reply) => detailPage(request, reply));

  app.post<IdRoute>(`${BASE}/:id/revoca`, { preHandler: guard }, async (request, reply) => {
    if (!revokeBody.safeParse(request.body ?? {}).success) return detailPage(request, reply, request.t('delegations.error.confirmRevoke'));
    await service.revokeOnPaper(clerkOf(request), request.params.id);
    return reply.redirect(`${BASE}/${request.params.id}?fatto=revocata`, 303);
  });

  app.get<IdRoute>(`${BASE}/:id/modulo`, { preHandler: guard }, async (request, reply) => sendDownload(reply, await service.paperFile(request.params.id, 'form')));
  app.get<IdRoute>(`${BASE}/:id/documento`, { preHandler: guard }, async (request, reply) => sendDownload(reply, await service.paperFile(request.params.id, 'document')));
}
