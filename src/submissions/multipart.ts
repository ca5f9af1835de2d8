// Reading a step's form sent as multipart/form-data (a step with file fields) as it streams in:
// the text fields and the files in the order they were sent, each file a stream that must be
// consumed (stored or skipped) before the next part is read. The bounds are the portal's
// (src/platform/multipart.ts); a file field's own size limit is at most 50 MB (forms/fields/file.ts).
import type { FastifyRequest } from 'fastify';
import { DEFAULT_LIMITS, readParts, type FormPart } from '../platform/multipart.ts';

export type { FormPart };

export function formParts(request: FastifyRequest): AsyncGenerator<FormPart> {
  return readParts(request, DEFAULT_LIMITS);
}
