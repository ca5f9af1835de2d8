// The clerk's "Genera documento" (/backoffice/pratiche/:publicId/documenti/...): choose a
// template of the case's procedure and write the text; see the merged document, edit it,
// preview it (HTML here, or the PDF without a number), send it with its action; download a sent
// one. Behind the clerk guard; a case of another office is a 404 (the back office's caseView).
// Refused input: the page again with 422 and the error summary; sent: 303 to the case page.
// The composed form carries a send token (hidden `invio`): a repeated send is the same send.
// The external protocol registry down or slow: the page again with 503, the text kept.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { contentDisposition, sendDownload, staffActor } from '../backoffice/backoffice.http.ts';
import { requireClerk } from '../identity/policies.ts';
import { composeInput, documentInput, documentParams } from './documents.inputs.ts';
import { markdownHtml } from './markdown.ts';
import { purposeOf } from './purposes.ts';
import { sendToken } from './documents.service.ts';
import { ProtocolUnavailableError } from '../submissions/protocol-registry.ts';
import { TemplateInvalidError } from './templates.service.ts';
import { templateProblemText } from './templates.routes.ts';

type Params = { publicId: string };
type Req = FastifyRequest<{ Params: Params }>;
type Problem = { field: string; message: string };

const FIELD_MESSAGE: Record<string, string> = { modello: 'documents.error.purpose', motivo: 'documents.error.text', titolo: 'documents.error.title', corpo: 'documents.error.body' };

function problemsOf(request: FastifyRequest, error: ZodError): Problem[] {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0])))];
  return fields.filter((f) => f in FIELD_MESSAGE).map((field) => ({ field, message: request.t(FIELD_MESSAGE[field] as 'documents.error.text') }));
}

const stringsOf = (body: unknown) => Object.fromEntries(Object.entries((body as Record<string, unknown>) ?? {}).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

export default async function caseDocumentsRoutes(app: FastifyInstance) {
  const documents = app.services.documents;
  const guard = { preHandler: requireClerk() };
  const base = (publicId: string) => `/backoffice/pratiche/${publicId}`;

  /** The page: step one (purpose and text), and once composed the document to edit and send. */
  async function page(request: Req, reply: FastifyReply, values: Record<string, string>, problems: Problem[], composed: boolean, status = 200) {
    const data = await documents.caseDocuments(staffActor(request.user!), request.params.publicId);
    const view = data.view;
    const title = request.t('documents.generate.title');
    const purpose = values.modello ? purposeOf(values.modello) : undefined;
    if (composed && !/^[1-9][0-9]{14}$/.test(values.invio ?? '')) values = { ...values, invio: sendToken() };
    return reply.status(status).view('documents/generate.njk', {
      pageTitle: title,
      breadcrumbs: [{ href: '/backoffice', label: request.t('backoffice.title') }, { href: base(request.params.publicId), label: view.protocol ?? request.params.publicId }, { label: title }],
      lead: request.t('documents.generate.lead', { protocol: view.protocol ?? '-', procedure: request.locale === 'it' ? view.procedure.title_it : view.procedure.title_en }),
      base: base(request.params.publicId),
      purposes: data.purposes.map((p) => ({ value: p.key, label: p.name[request.locale] })),
      values,
      composed,
      sendAs: purpose ? request.t(`documents.generate.sendAs.${purpose.sendAs}`) : null,
      previewHtml: composed && values.corpo ? markdownHtml(values.corpo, 3) : null,
      errors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
      errorSummary: problems.length ? { title: request.t(problems[0]!.field === 'invia' ? 'protocol.outgoingUnavailable.title' : 'documents.error.summary'), items: problems.map((p) => ({ href: `#document-${p.field}`, text: p.message })) } : null,
    });
  }

  const refuseTemplate = (request: Req, reply: FastifyReply, values: Record<string, string>, error: unknown, composed: boolean) => {
    if (error instanceof TemplateInvalidError) return page(request, reply, values, [{ field: composed ? 'corpo' : 'modello', message: templateProblemText(request, error) }], composed, 422);
    throw error;
  };

  app.get<{ Params: Params }>('/backoffice/pratiche/:publicId/documenti/genera', guard, (request, reply) => page(request, reply, {}, [], false));

  /** Step one posted: the template merged with the case and the clerk's text. */
  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/documenti/genera', guard, async (request, reply) => {
    const values = stringsOf(request.body);
    const parsed = composeInput.safeParse(request.body ?? {});
    if (!parsed.success) return page(request, reply, values, problemsOf(request, parsed.error), false, 422);
    try {
      const merged = await documents.compose(staffActor(request.user!), request.params.publicId, parsed.data.modello, parsed.data.motivo);
      return page(request, reply, { ...values, titolo: merged.title, corpo: merged.body, versione: merged.version ? String(merged.version) : '' }, [], true);
    } catch (error) {
      return refuseTemplate(request, reply, values, error, false);
    }
  });

  /** The edited document, previewed (HTML on the page, or the PDF without a number) or sent. */
  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/documenti/invia', guard, async (request, reply) => {
    const values = stringsOf(request.body);
    const parsed = documentInput.safeParse(request.body ?? {});
    if (!parsed.success) return page(request, reply, values, problemsOf(request, parsed.error), true, 422);
    const input = parsed.data;
    const staff = staffActor(request.user!);
    if (values.azione === 'anteprima') return page(request, reply, values, [], true);
    if (values.azione === 'pdf') {
      const bytes = await documents.previewPdf(staff, request.params.publicId, { title: input.titolo, body: input.corpo });
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(`${input.modello}-anteprima.pdf`)).header('x-content-type-options', 'nosniff').send(Buffer.from(bytes));
    }
    try {
      await documents.send(staff, request.params.publicId, { purpose: input.modello, title: input.titolo, body: input.corpo, text: input.motivo, replyDays: input.giorni, token: input.invio }, input.versione ?? null);
    } catch (error) {
      if (!(error instanceof ProtocolUnavailableError)) throw error;
      // nothing was sent: the same form (same token) to send again
      return page(request, reply, { ...values, invio: input.invio ?? '' }, [{ field: 'invia', message: request.t('protocol.outgoingUnavailable.text') }], true, 503);
    }
    return reply.redirect(`${base(request.params.publicId)}?fatto=document`, 303);
  });

  app.get<{ Params: Params & { id: string } }>('/backoffice/pratiche/:publicId/documenti/generati/:id', guard, async (request, reply) => {
    const { publicId, id } = documentParams.parse(request.params);
    const file = await documents.documentFile(staffActor(request.user!), publicId, id);
    return sendDownload(reply, { name: file.row.file_name, contentType: 'application/pdf', stream: file.stream as Readable });
  });
}
