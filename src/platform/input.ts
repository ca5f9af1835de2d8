// Input from the address and the body, before any route reads it: the pieces every query-string
// schema is built from (text, database ids, calendar days, each refusing what the database
// would choke on), the refusal of a bad query (a 400 that names its parameters, in the
// person's language), and a guard that refuses a NUL byte anywhere in the query, the path or a
// parsed body: PostgreSQL stores no NUL in text or jsonb, so such a value could only fail later
// as a 500, after part of the work was done.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { BadInputError } from './errors.ts';
import { isCalendarDate } from './time.ts';

/** The largest value of a PostgreSQL `integer` column (procedure ids, offices' counters...). */
export const INT4_MAX = 2_147_483_647;

const hasNul = (value: string) => value.includes('\u0000');

/** Free text from the address (a search box): trimmed and cut to `max` characters; a NUL is refused. */
export const queryText = (max: number) =>
  z
    .string()
    .refine((value) => !hasNul(value))
    .transform((value) => value.trim().slice(0, max));

/** A database id from the address: digits only, 1 to `max` (an `integer` column by default). */
export const queryId = (max: number = INT4_MAX) =>
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** A real calendar day, yyyy-mm-dd (2026-02-30 is not one). */
export const queryDay = () => z.string().refine(isCalendarDate);

/** The query parsed by `schema`; a BadInputError naming each refused parameter otherwise. */
export function parseQuery<T extends z.ZodTypeAny>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  throw new BadInputError([...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '?')))]);
}

/** The path of the first NUL byte in a value (in a string, or a key or string nested in objects and arrays), or null. */
export function nulPath(value: unknown, path: ReadonlyArray<string | number> = []): Array<string | number> | null {
  if (typeof value === 'string') return hasNul(value) ? [...path] : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || path.length > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (hasNul(key)) return at;
    const found = nulPath(item, at);
    if (found) return found;
  }
  return null;
}

/** The names of the top-level entries holding a NUL byte (nested values too) of a parsed query, path or body. */
export function nulFields(parsed: unknown): string[] {
  if (typeof parsed === 'string') return hasNul(parsed) ? ['body'] : [];
  if (parsed === null || typeof parsed !== 'object' || Buffer.isBuffer(parsed)) return [];
  return Object.entries(parsed)
    .filter(([key, item]) => hasNul(key) || nulPath(item) !== null)
    .map(([key]) => key.replaceAll('\u0000', '\\0'));
}

function refuseNul(request: FastifyRequest) {
  const fields = [...new Set([...nulFields(request.query), ...nulFields(request.params), ...nulFields(request.body)])];
  if (fields.length > 0) throw new BadInputError(fields);
}

async function inputPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => refuseNul(request));
}

export default fp(inputPlugin, { name: 'input', dependencies: ['errors'] });
