// Reading a form sent as multipart/form-data (a step with file fields) as it streams in: the
// text fields and the files in the order they were sent, each file a stream that must be
// consumed (stored or skipped) before the next part is read. Limits keep one request bounded.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';

export type FormPart = { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; fileName: string; stream: Readable };

const LIMITS = { fileSize: 50 * 1024 * 1024, files: 20, fields: 500 };

export async function* formParts(request: FastifyRequest): AsyncGenerator<FormPart> {
  for await (const part of request.parts({ limits: LIMITS })) {
    if (part.type === 'field') yield { kind: 'field', name: part.fieldname, value: String(part.value) };
    else yield { kind: 'file', name: part.fieldname, fileName: part.filename, stream: part.file };
  }
}
