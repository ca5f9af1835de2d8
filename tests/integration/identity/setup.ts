// The real portal for the identity tests, like tests/helpers/app.ts but with a clock the test
// moves (session expiry) and room for test-only routes behind the guards.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import { testConfig } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

export interface IdentityTestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** What the portal logged (JSON lines), to check why something was refused. */
  logs: Record<string, unknown>[];
  /** Moves the portal's clock forward (ms). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function createIdentityTestApp(
  options: { env?: Record<string, string>; routes?: (app: FastifyInstance) => Promise<void> } = {},
): Promise<IdentityTestApp> {
  const database = await createTestDatabase({ seed: true });
  const config = await testConfig(options.env);
  let offset = 0;
  const logs: Record<string, unknown>[] = [];
  const logger = { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } };
  const app = await buildApp(config, { database: database.handle, skipSetup: true, clock: () => new Date(Date.now() + offset), logger });
  if (options.routes) await app.register(options.routes);
  await app.ready();
  return {
    app,
    database,
    logs,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** The JSON payload of a JWT (no verification: the test looks at what was sent). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function h1(html: string): string | undefined {
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1]?.trim();
}
