// Reading multipart/form-data bodies (forms with files) within bounds: how many fields, files
// and parts, how long one text field and all of them together may be (text fields are held in
// memory; files stream to storage). Every place that reads multipart goes through readParts, so
// a body past a bound, or cut short, is refused with a 4xx in the person's language, and the
// reader knows to remove the files it had already stored.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { BadInputError, DomainError, ForbiddenError } from './errors.ts';
import { checkFirstPart, csrfPendingInBody } from './multipart-csrf.ts';

export interface MultipartLimits {
  /** text fields (not counting files) */
  fields: number;
  /** bytes of one text field */
  fieldSize: number;
  /** files */
  files: number;
  /** bytes of the largest file the reader accepts; the storage's own limit decides below it */
  fileSize: number;
  /** bytes of all the text fields of one request together */
  textBytes: number;
}

/**
 * The bounds of any multipart body unless a reader sets its own. A text field holds at most
 * 100,000 characters (the largest maxLength the procedure builder accepts: src/admin/
 * admin.inputs.ts), up to 4 bytes each in UTF-8; all the text of a request is bounded like a
 * plain form post (the app's 1 MB bodyLimit). 500 fields fit the largest step (a group of
 * 100 items with a few sub-fields each).
 */
export const DEFAULT_LIMITS: MultipartLimits = { fields: 500, fieldSize: 400_000, files: 20, fileSize: 50 * 1024 * 1024, textBytes: 1024 * 1024 };

/** The same bounds in the form @fastify/multipart and busboy take (registration defaults). */
export function busboyLimits(limits: MultipartLimits) {
  return {
    fields: limits.fields,
    fieldSize: limits.fieldSize,
    files: limits.files,
    parts: limits.fields + limits.files,
    // one byte more than accepted: the storage's meter refuses first, so a file cut by the
    // parser at the limit is never stored as if it were whole
    fileSize: limits.fileSize + 1,
    fieldNameSize: 200,
    headerPairs: 20,
  };
}

/** A form past the bounds of one request: too many fields or files, or too much text. */
export class FormTooLargeError extends DomainError {
  override readonly statusCode = 413;
  override readonly pageKey = 'error.formTooLarge';
}

/** A multipart body that ended before its closing boundary, or had none. */
export class IncompleteFormError extends DomainError {
  override readonly statusCode = 400;
  override readonly pageKey = 'error.formIncomplete';
}

const LIMIT_CODES = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_REQ_FILE_TOO_LARGE']);
const INCOMPLETE_CODES = new Set(['FST_MP_PREMATURE_CLOSE']);
// busboy's own errors carry no code, only these messages
const INCOMPLETE_MESSAGE = /unexpected end of (multipart data|form)|terminated early|boundary not found|malformed/i;

/**
 * The error a failed multipart read means for the person: past a bound (413) or cut short
 * (400); any other error unchanged. Readers call it on whatever they caught, also errors that
 * surfaced through a file's stream while it was being stored.
 */
export function multipartError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && LIMIT_CODES.has(code)) return new FormTooLargeError(code);
  if (typeof code === 'string' && INCOMPLETE_CODES.has(code)) return new IncompleteFormError(code);
  if (typeof message === 'string' && INCOMPLETE_MESSAGE.test(message)) return new IncompleteFormError(message);
  return error;
}

export type FormPart = { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; fileName: string; stream: Readable };

/**
 * The parts of a multipart body in the order they were sent, each file a stream that must be
 * consumed (stored or resumed) before the next part is read. Throws FormTooLargeError or
 * IncompleteFormError (already translated by multipartError), or BadInputError for a NUL in a field.
 */
export async function* readParts(request: FastifyRequest, limits: MultipartLimits = DEFAULT_LIMITS): AsyncGenerator<FormPart> {
  let textBytes = 0;
  // the CSRF token comes first in the body (src/platform/multipart-csrf.ts)
  let tokenDue = csrfPendingInBody(request);
  try {
    // a file past fileSize is cut, not thrown: the storage's meter has refused it already
    const options = { limits: busboyLimits(limits), throwFileSizeLimit: false } as Parameters<FastifyRequest['parts']>[0];
    for await (const part of request.parts(options)) {
      if (tokenDue) {
        await checkFirstPart(request, part.type === 'file' ? { kind: 'file', name: part.fieldname } : { kind: 'field', name: part.fieldname, value: String(part.value) });
        tokenDue = false;
        continue;
      }
      if (part.type === 'file') {
        yield { kind: 'file', name: part.fieldname, fileName: part.filename, stream: part.file };
        continue;
      }
      const value = String(part.value);
      textBytes += Buffer.byteLength(part.fieldname) + Buffer.byteLength(value);
      if (part.valueTruncated || part.fieldnameTruncated) throw new FormTooLargeError(`field ${part.fieldname.slice(0, 50)} over ${limits.fieldSize} bytes`);
      if (textBytes > limits.textBytes) throw new FormTooLargeError(`text over ${limits.textBytes} bytes`);
      // streamed fields pass no guard before the route (src/platform/input.ts): a NUL would reach
      // PostgreSQL, which cannot store it, after the files before it were stored
      if (value.includes('\u0000') || part.fieldname.includes('\u0000')) throw new BadInputError([part.fieldname.replaceAll('\u0000', '')]);
      yield { kind: 'field', name: part.fieldname, value };
    }
  } catch (error) {
    throw multipartError(error);
  }
  if (tokenDue) throw new ForbiddenError('csrf');
}
