// The one logger factory of every process (the portal through Fastify, `npm run worker`, the
// scripts): pino, one JSON line per event, and nothing personal in it. Requests are logged as
// method, path without its query string (fiscal codes in it redacted), and status; no headers, no bodies. Errors as type,
// message, code and stack: a database error's `detail` ("Key (email)=(...) already exists")
// and an HTTP error's response body can carry a person's data, so they are left out.
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config.ts';
import { redactedPath } from './log-redaction.ts';

export type { Logger } from 'pino';

/** What a service needs of a logger (pino's, Fastify's app.log, or a test's) to report a failure. */
export interface EventLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedError;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error).slice(0, 500) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}

// Fields that may hold a secret or a person's data, wherever a caller puts them.
const REDACTED = ['*.authorization', '*.cookie', '*.password', '*.token', '*.fiscalCode', '*.fiscal_code', '*.email', '*.phone', '*.answers'];

/** pino's options for a process: level from LOG_LEVEL, the serializers and the redaction. */
export function loggerOptions(config: Pick<Config, 'logLevel'>, name?: string): LoggerOptions {
  return {
    level: config.logLevel,
    timestamp: stdTimeFunctions.isoTime,
    ...(name ? { base: { pid: process.pid, process: name } } : {}),
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({ method: request.method, path: redactedPath(request.url), id: request.id }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: serializeError,
      error: serializeError,
    },
  };
}

/** A logger of its own for a process that is not the portal (the worker, a script). */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(config, name), destination) : pino(loggerOptions(config, name));
}

let fallback: Logger | undefined;

/** For code given no logger (a script, a test's own service): warnings and errors, never lost. */
export function fallbackLogger(): Logger {
  fallback ??= createLogger({ logLevel: 'warn' }, 'sportello');
  return fallback;
}
