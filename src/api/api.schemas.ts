// The JSON Schemas of the API's routes: Fastify validates each request against them, serializes
// the answers through them, and @fastify/swagger makes the OpenAPI document from them (nothing
// of the document is written by hand but its header).
import { STATES } from '../backoffice/workflow.ts';
import { SCOPES } from './api.table.ts';

/** The actions a back-office system may take on a case (cases.api.ts maps each to the back office's service). */
export const API_ACTIONS = [
  'start_review',
  'request_integration',
  'approve',
  'reject',
  'declare_inadmissible',
  'archive',
  'close_controls',
  'declare_irregular',
  'acknowledge',
  'start_control',
  'take_in_charge',
  'solve',
  'confirm',
  'close',
  'cancel',
] as const;
export type ApiAction = (typeof API_ACTIONS)[number];

const problem = { $ref: 'Problem#' };
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: PROBLEM_TEXT[c] ?? 'Problem', content: { 'application/problem+json': { schema: problem } } }]));
const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request',
  401: 'No valid bearer token',
  403: 'The token lacks the scope',
  404: 'Not found, or outside the client\'s offices and procedures',
  409: 'The workflow refused the action; nothing changed',
  422: 'The action refused its input; nothing changed',
  429: 'Past the client\'s rate limit (see Retry-After)',
};

const caseId = { type: 'object', required: ['caseId'], properties: { caseId: { type: 'string', format: 'uuid', description: 'the filing\'s public id' } } } as const;

export const caseSummarySchema = {
  $id: 'CaseSummary',
  type: 'object',
  required: ['id', 'office', 'procedureId', 'kind', 'state', 'receivedAt', 'updatedAt', 'dueDate'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    protocol: { type: ['string', 'null'], description: 'number/year in the protocol register' },
    office: { type: 'string' },
    procedureId: { type: 'integer' },
    kind: { type: 'string' },
    state: { type: 'string', enum: [...STATES] },
    receivedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    dueDate: { type: 'string', format: 'date' },
    href: { type: 'string' },
  },
} as const;

const fileSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    field: { type: 'string' },
    purpose: { type: 'string' },
    messageId: { type: ['integer', 'null'] },
    name: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    href: { type: 'string' },
  },
} as const;

export const caseDetailSchema = {
  $id: 'Case',
  type: 'object',
  required: ['id', 'state', 'answers', 'attachments', 'files', 'messages'],
  properties: {
    ...caseSummarySchema.properties,
    applicant: { type: 'object', properties: { fiscalCode: { type: 'string' }, name: { type: 'string' }, company: { type: ['object', 'null'], properties: { name: { type: 'string' }, fiscalCode: { type: 'string' } } } } },
    procedureVersion: { type: 'integer' },
    locale: { type: 'string' },
    answers: { type: 'object', additionalProperties: true, description: 'the answers as they stand, the office\'s corrections applied' },
    corrections: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, oldValue: {}, newValue: {}, reason: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } },
    attachments: { type: 'array', items: fileSchema, description: 'the files filed with the answers' },
    files: { type: 'array', items: fileSchema, description: 'files added since: messages\' files, the decision, generated documents' },
    messages: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, from: { type: 'string', enum: ['office', 'applicant'] }, body: { type: 'string' }, at: { type: 'string', format: 'date-time' } } } },
  },
} as const;

const secured = (scope: string) => [{ oauth2: [scope] }];

export const tokenRoute = {
  summary: 'Get an access token (OAuth2 client credentials, RFC 6749 section 4.4)',
  tags: ['auth'],
  description: 'Client id and secret with HTTP Basic authentication or as form fields client_id and client_secret. Errors follow RFC 6749 section 5.2.',
  consumes: ['application/x-www-form-urlencoded'],
  body: {
    type: 'object',
    required: ['grant_type'],
    properties: { grant_type: { type: 'string' }, scope: { type: 'string' }, client_id: { type: 'string' }, client_secret: { type: 'string' } },
  },
  response: {
    200: {
      description: 'The access token',
      type: 'object',
      required: ['access_token', 'token_type', 'expires_in', 'scope'],
      properties: { access_token: { type: 'string' }, token_type: { type: 'string', enum: ['Bearer'] }, expires_in: { type: 'integer' }, scope: { type: 'string' } },
    },
    400: { description: 'invalid_request, invalid_scope or unsupported_grant_type', type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } },
    401: { description: 'invalid_client', type: 'object', properties: { error: { type: 'string' }, error_description: { type: 'string' } } },
  },
} as const;

export const listCasesRoute = {
  summary: 'The cases the client sees, by last change (oldest first)',
  tags: ['cases'],
  security: secured('cases:read'),
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      office: { type: 'string', maxLength: 80 },
      procedure: { type: 'integer', minimum: 1 },
      state: { type: 'string', enum: [...STATES] },
      updatedSince: { type: 'string', format: 'date-time' },
      cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page' },
      limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    },
  },
  response: {
    200: { description: 'A page of cases', type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: { $ref: 'CaseSummary#' } }, nextCursor: { type: ['string', 'null'] } } },
    ...problems(400, 401, 403, 429),
  },
} as const;

export const getCaseRoute = {
  summary: 'One case with its current answers, attachments, files and messages',
  tags: ['cases'],
  security: secured('cases:read'),
  params: caseId,
  response: { 200: { description: 'The case', $ref: 'Case#' }, ...problems(401, 403, 404, 429) },
} as const;

const binary = (what: string) => ({ 200: { description: what, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...problems(401, 403, 404, 429) });

export const attachmentRoute = {
  summary: 'Download a file filed with the answers',
  tags: ['documents'],
  security: secured('documents:read'),
  params: { type: 'object', required: ['caseId', 'fileId'], properties: { ...caseId.properties, fileId: { type: 'string', format: 'uuid' } } },
  response: binary('The file'),
} as const;

export const caseFileRoute = {
  summary: 'Download a file added since filing (a message\'s, the decision, a generated document)',
  tags: ['documents'],
  security: secured('documents:read'),
  params: { type: 'object', required: ['caseId', 'fileId'], properties: { ...caseId.properties, fileId: { type: 'string', format: 'uuid' } } },
  response: binary('The file'),
} as const;

export const receiptRoute = {
  summary: 'Download the filing\'s receipt (PDF)',
  tags: ['documents'],
  security: secured('documents:read'),
  params: caseId,
  response: binary('The receipt PDF'),
} as const;

export const transitionRoute = {
  summary: 'Change the case\'s state through the workflow of its kind',
  description: 'The client acts as a clerk of the case\'s office (never as head of office); the case log records it as api:<client id>.',
  tags: ['cases'],
  security: secured('cases:transition'),
  params: caseId,
  body: {
    type: 'object',
    required: ['action'],
    additionalProperties: false,
    properties: {
      action: { type: 'string', enum: [...API_ACTIONS] },
      reason: { type: 'string', minLength: 1, maxLength: 4000, description: 'archive, declare_irregular, the steps (close of an unsolved report)' },
      text: { type: 'string', minLength: 1, maxLength: 10000, description: 'request_integration: what is missing' },
      replyDays: { type: 'integer', minimum: 1, maximum: 30, default: 30, description: 'request_integration' },
      motivation: { type: 'string', minLength: 1, maxLength: 10000, description: 'approve, reject, declare_inadmissible' },
    },
  },
  response: {
    200: { description: 'The state now', type: 'object', required: ['id', 'state'], properties: { id: { type: 'string' }, state: { type: 'string' } } },
    ...problems(400, 401, 403, 404, 409, 422, 429),
  },
} as const;

export const messageRoute = {
  summary: 'Send a message to the applicant (shown in their personal area and notified)',
  tags: ['cases'],
  security: secured('messages:write'),
  params: caseId,
  body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 10000 } } },
  response: { 201: { description: 'Sent', type: 'object', properties: { id: { type: 'string' } } }, ...problems(400, 401, 403, 404, 409, 429) },
} as const;

/** The OAuth2 scheme of the document (client credentials at the token endpoint). */
export function securitySchemes(tokenUrl: string) {
  return {
    oauth2: {
      type: 'oauth2',
      description: 'Client credentials; the bearer token goes in the Authorization header.',
      flows: { clientCredentials: { tokenUrl, scopes: Object.fromEntries(SCOPES.map((s) => [s, SCOPE_TEXT[s]])) } },
    },
  };
}

const SCOPE_TEXT: Record<(typeof SCOPES)[number], string> = {
  'cases:read': 'List and read cases',
  'cases:transition': 'Change a case\'s state through its workflow',
  'messages:write': 'Send messages to applicants',
  'documents:read': 'Download attachments, files, generated documents and receipts',
};

