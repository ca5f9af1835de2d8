// Errors of the API as problem details (RFC 9457, application/problem+json), one shape for all:
// type (a URN naming the problem), title, status, detail, the request's id, and where it helps
// the workflow's refusal reason or the fields refused. The API's own error handler turns the
// domain errors into them: 404 for anything outside the client's scope, 403 for a scope the
// token lacks, 409 for a workflow refusal (nothing changed), 422 for input the action refused.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CaseInputError, WorkflowRefusedError } from '../backoffice/backoffice.service.ts';
import { DomainError } from '../platform/errors.ts';

export const PROBLEM_TYPE = 'application/problem+json';

/** A problem the API answers with, thrown by its hooks and routes. */
export class ApiProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly title: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
  }
}

const TITLES: Record<number, [string, string]> = {
  400: ['invalid_request', 'The request is not valid'],
  401: ['unauthorized', 'A valid bearer token is required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not_found', 'Not found'],
  409: ['conflict', 'Conflict'],
  413: ['too_large', 'The body is too large'],
  415: ['unsupported_media_type', 'Unsupported media type'],
  422: ['unprocessable', 'The input was refused'],
  429: ['rate_limited', 'Too many requests'],
  503: ['overloaded', 'The portal is busy'],
};

/** The JSON Schema of a problem (the OpenAPI document's responses). */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'urn:sportello:problem:<code>' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    reason: { type: 'string', description: 'the workflow\'s refusal (409)' },
    action: { type: 'string' },
    field: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
} as const;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, code: string, title: string, extra: Record<string, unknown> = {}) {
  return reply
    .status(status)
    .type(PROBLEM_TYPE)
    .header('cache-control', 'no-store')
    .send(JSON.stringify({ type: `urn:sportello:problem:${code}`, title, status, code, requestId: request.id, ...extra }));
}

function fromError(error: FastifyError | Error): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof WorkflowRefusedError) return new ApiProblem(409, 'workflow_refused', 'The workflow does not allow this action now', { action: error.action, reason: error.reason, detail: `${error.action} refused: ${error.reason}` });
  if (error instanceof CaseInputError) return new ApiProblem(422, 'invalid_input', 'The input was refused', { field: error.field, detail: error.messageKey });
  const validation = (error as FastifyError).validation;
  if (validation) return new ApiProblem(400, 'invalid_request', 'The request is not valid', { errors: validation.map((v) => ({ field: v.instancePath || String(v.params?.missingProperty ?? ''), message: v.message ?? '' })) });
  const status = error instanceof DomainError ? error.statusCode : typeof (error as FastifyError).statusCode === 'number' && (error as FastifyError).statusCode! >= 400 ? (error as FastifyError).statusCode! : 500;
  const [code, title] = TITLES[status] ?? ['server_error', 'Internal error'];
  return new ApiProblem(status, code, title);
}

/** The API plugin's error handler: every error as a problem; internals only in the log. */
export function installProblemHandler(app: FastifyInstance) {
  app.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
    const problem = fromError(error);
    if (problem.statusCode >= 500) request.log.error({ err: error }, 'api request failed');
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    return sendProblem(request, reply, problem.statusCode, problem.code, problem.title, problem.extra);
  });
  app.setNotFoundHandler(async (request, reply) => sendProblem(request, reply, 404, 'not_found', 'Not found'));
}
