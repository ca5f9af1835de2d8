// The case routes of the API: list, read, download, change the state, write to the applicant.
// Each asks the back-office service as the client's actor (clients.service.ts actorOf): the
// same scope rules as a clerk's (404 outside the client's offices and procedures), the same
// workflow table (a refused action is a 409 and changes nothing), the same case log (the
// entries read api:<client id>) and the same audit of reads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CaseDownload } from '../backoffice/case-files.service.ts';
import type { IntegrationCaseRow } from '../backoffice/integration.service.ts';
import type { State } from '../backoffice/workflow.ts';
import { API_ACTIONS, attachmentRoute, caseFileRoute, getCaseRoute, listCasesRoute, messageRoute, receiptRoute, transitionRoute, type ApiAction } from './api.schemas.ts';
import { actorOf } from './clients.service.ts';
import { ApiProblem } from './problems.ts';
import type { RateLimitOptions } from '@fastify/rate-limit';

/** The per-client limit (each client's own, from its row); past it 429 with Retry-After. */
export function clientRateLimit(fallback: number): RateLimitOptions {
  return {
    timeWindow: 60_000,
    keyGenerator: (request) => `api:${request.apiPrincipal?.client.client_id ?? request.ip}`,
    max: async (request) => request.apiPrincipal?.client.rate_limit_per_minute ?? fallback,
    errorResponseBuilder: (_request, context) => new ApiProblem(429, 'rate_limited', 'Too many requests', { detail: `at most ${context.max} requests per minute` }),
  };
}

type CaseParams = { caseId: string };
type FileParams = CaseParams & { fileId: string };
interface ListQuery {
  office?: string;
  procedure?: number;
  state?: State;
  updatedSince?: string;
  cursor?: string;
  limit: number;
}
interface TransitionBody {
  action: ApiAction;
  reason?: string;
  text?: string;
  replyDays?: number;
  motivation?: string;
}

const protocolOf = (r: { protocol_number: number | null; protocol_year: number | null }) => (r.protocol_number === null ? null : `${String(r.protocol_number).padStart(7, '0')}/${r.protocol_year}`);

/** The next page's cursor: the last row's change time (as PostgreSQL wrote it) and id. */
const cursorOf = (r: IntegrationCaseRow) => Buffer.from(JSON.stringify([r.cursor_at, r.submission_id])).toString('base64url');
function parseCursor(raw: string): { updatedAt: string; id: number } {
  try {
    const [updatedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof updatedAt === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test(updatedAt) && Number.isSafeInteger(id)) return { updatedAt, id: id as number };
  } catch {
    // refused below
  }
  throw new ApiProblem(400, 'invalid_request', 'The request is not valid', { errors: [{ field: '/cursor', message: 'not a cursor of this API' }] });
}

function summaryOf(r: IntegrationCaseRow) {
  return {
    id: r.public_id,
    protocol: protocolOf(r),
    office: r.office_code,
    procedureId: r.procedure_id,
    kind: r.kind,
    state: r.status,
    receivedAt: r.received_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    dueDate: r.due_date,
    href: `/api/v1/cases/${r.public_id}`,
  };
}

/** A required text of an action (422 naming it when missing). */
function needed(value: string | undefined, field: string): string {
  if (!value?.trim()) throw new ApiProblem(422, 'invalid_input', 'The input was refused', { field, detail: `${field} is required for this action` });
  return value.trim();
}

function sendDownload(reply: FastifyReply, file: CaseDownload) {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.stream);
}

export default async function casesApi(app: FastifyInstance) {
  const backoffice = app.services.backoffice;
  const rateLimit = clientRateLimit(app.config.api.defaultRateLimit);
  const actor = (request: FastifyRequest) => actorOf(request.apiPrincipal!.client);

  app.get<{ Querystring: ListQuery }>('/cases', { schema: listCasesRoute, config: { csrf: false, apiScope: 'cases:read', rateLimit } }, async (request, reply) => {
    const q = request.query;
    const rows = await backoffice.integrationCases(actor(request), {
      office: q.office,
      procedureId: q.procedure,
      status: q.state,
      updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
      after: q.cursor ? parseCursor(q.cursor) : undefined,
      limit: q.limit,
    });
    const page = rows.slice(0, q.limit);
    reply.header('cache-control', 'no-store');
    return { items: page.map(summaryOf), nextCursor: rows.length > q.limit && page.length > 0 ? cursorOf(page[page.length - 1]!) : null };
  });

  app.get<{ Params: CaseParams }>('/cases/:caseId', { schema: getCaseRoute, config: { csrf: false, apiScope: 'cases:read', rateLimit } }, async (request, reply) => {
    const view = await backoffice.integrationCase(actor(request), request.params.caseId);
    const c = view.case;
    const f = view.filing;
    const base = `/api/v1/cases/${f.public_id}`;
    reply.header('cache-control', 'no-store');
    return {
      ...summaryOf({ ...c, public_id: f.public_id, protocol_number: f.protocol_number, protocol_year: f.protocol_year, cursor_at: '', procedure_id: Number(c.procedure_id), submission_id: Number(c.submission_id) }),
      applicant: { fiscalCode: f.applicant.fiscalCode, name: `${f.applicant.givenName} ${f.applicant.familyName}`, company: f.company ? { name: f.company.name, fiscalCode: f.company.fiscalCode } : null },
      procedureVersion: f.procedure_version,
      locale: f.locale,
      answers: view.answers,
      corrections: view.corrections.map((k) => ({ field: k.field, oldValue: k.old_value, newValue: k.new_value, reason: k.reason, at: k.corrected_at.toISOString() })),
      attachments: view.attachments.map((a) => ({ id: a.id, field: a.field_name, name: a.original_name, contentType: a.content_type, size: Number(a.size_bytes), sha256: a.sha256, href: `${base}/attachments/${a.id}` })),
      files: view.files.map((x) => ({ id: x.id, purpose: x.purpose, messageId: x.message_id === null ? null : Number(x.message_id), name: x.original_name, contentType: x.content_type, size: Number(x.size_bytes), sha256: x.sha256, href: `${base}/files/${x.id}` })),
      messages: view.messages.map((m) => ({ id: Number(m.id), from: m.author_kind, body: m.body, at: m.created_at.toISOString() })),
    };
  });

  app.get<{ Params: FileParams }>('/cases/:caseId/attachments/:fileId', { schema: attachmentRoute, config: { csrf: false, apiScope: 'documents:read', rateLimit } }, async (request, reply) =>
    sendDownload(reply, await backoffice.attachment(actor(request), request.params.caseId, request.params.fileId)),
  );

  app.get<{ Params: FileParams }>('/cases/:caseId/files/:fileId', { schema: caseFileRoute, config: { csrf: false, apiScope: 'documents:read', rateLimit } }, async (request, reply) =>
    sendDownload(reply, await backoffice.caseFile(actor(request), request.params.caseId, request.params.fileId)),
  );

  app.get<{ Params: CaseParams }>('/cases/:caseId/receipt', { schema: receiptRoute, config: { csrf: false, apiScope: 'documents:read', rateLimit } }, async (request, reply) =>
    sendDownload(reply, await backoffice.receipt(actor(request), request.params.caseId, 'it')),
  );

  app.post<{ Params: CaseParams; Body: TransitionBody }>('/cases/:caseId/transitions', { schema: transitionRoute, config: { csrf: false, apiScope: 'cases:transition', rateLimit } }, async (request) => {
    const staff = actor(request);
    const id = request.params.caseId;
    const body = request.body;
    // 404 before anything is read from the body for a case outside the client's scope
    await backoffice.assertMayAct(staff, id);
    const action = body.action;
    if (!API_ACTIONS.includes(action)) throw new ApiProblem(400, 'invalid_request', 'The request is not valid');
    if (action === 'start_review') await backoffice.startReview(staff, id);
    else if (action === 'request_integration') await backoffice.requestIntegration(staff, id, { text: needed(body.text, 'text'), replyDays: body.replyDays ?? 30 });
    else if (action === 'approve' || action === 'reject' || action === 'declare_inadmissible') {
      const outcome = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'inadmissible';
      await backoffice.decide(staff, id, { outcome, motivation: needed(body.motivation, 'motivation'), document: null });
    } else if (action === 'archive') await backoffice.archive(staff, id, { reason: needed(body.reason, 'reason') });
    else if (action === 'close_controls') await backoffice.closeControls(staff, id);
    else if (action === 'declare_irregular') await backoffice.declareIrregular(staff, id, { reason: needed(body.reason, 'reason') });
    else await backoffice.step(staff, id, action, body.reason?.trim() || null);
    return { id, state: await backoffice.integrationCaseState(staff, id) };
  });

  app.post<{ Params: CaseParams; Body: { text: string } }>('/cases/:caseId/messages', { schema: messageRoute, config: { csrf: false, apiScope: 'messages:write', rateLimit } }, async (request, reply) => {
    const staff = actor(request);
    await backoffice.officeMessage(staff, request.params.caseId, { text: needed(request.body.text, 'text'), files: [] });
    return reply.status(201).send({ id: request.params.caseId });
  });
}
