// The portal's configuration: one zod schema over the environment, parsed once at boot into a
// typed, frozen Config. Every key is described here and in .env.example; keys that production
// requires are enforced before anything starts.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('production refuses test providers and missing secrets'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('127.0.0.1').describe('interface to listen on'),
  BASE_URL: z.string().url().optional().describe('public URL of the portal, e.g. https://sportello.comune.example.it'),
  DATABASE_URL: z.string().optional().describe('PostgreSQL URL; unset: embedded PGlite in DATA_DIR'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('connections in the pool'),
  DATA_DIR: z.string().default('./data').describe('PGlite data and local file storage'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_KEY: z.string().optional().describe('32+ byte secret (hex or base64) that seals session cookies; required in production'),
  COMUNE_NAME: z.string().default('Comune di Esempio').describe('name shown in the header'),
  COMUNE_REGION: z.string().default('Regione Emilia-Romagna').describe('region shown above the header'),
  TRUST_PROXY: bool.default('false').describe('trust X-Forwarded-* from a reverse proxy'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly database: { readonly url: string | undefined; readonly poolSize: number; readonly dataDir: string };
  readonly dataDir: string;
  readonly logLevel: string;
  readonly sessionKey: Buffer;
  readonly comune: { readonly name: string; readonly region: string };
  readonly trustProxy: boolean;
  /** Cookies marked Secure unless the portal is served over plain local http. */
  readonly secureCookies: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// A fixed key for development and tests only: production refuses to start without its own.
const DEVELOPMENT_SESSION_KEY = Buffer.from('sportello-development-session-key-not-secret!!', 'utf8').subarray(0, 32);

function decodeKey(value: string): Buffer {
  const key = /^[0-9a-f]+$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length < 32) throw new ConfigError('SESSION_KEY must be at least 32 bytes (64 hex characters)');
  return key.subarray(0, 32);
}

export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production && !env.SESSION_KEY) missing.push('SESSION_KEY');
  if (production && !env.BASE_URL) missing.push('BASE_URL');
  if (missing.length > 0) throw new ConfigError(`Production requires: ${missing.join(', ')}`);

  const baseUrl = (env.BASE_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    baseUrl,
    database: Object.freeze({ url: env.DATABASE_URL || undefined, poolSize: env.DATABASE_POOL_SIZE, dataDir: env.DATA_DIR }),
    dataDir: env.DATA_DIR,
    logLevel: env.LOG_LEVEL,
    sessionKey: env.SESSION_KEY ? decodeKey(env.SESSION_KEY) : DEVELOPMENT_SESSION_KEY,
    comune: Object.freeze({ name: env.COMUNE_NAME, region: env.COMUNE_REGION }),
    trustProxy: env.TRUST_PROXY,
    secureCookies: baseUrl.startsWith('https://'),
  });
}
