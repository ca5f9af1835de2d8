// The real portal for integration tests: buildApp over a fresh test database, with the seed
// catalogue loaded. Nothing of the project is mocked; close() drops the database.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../src/platform/time.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { generatePrivateJwk } from '../../src/identity/keys.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}, options: { poolSize?: number; clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase({ seed: true, poolSize: options.poolSize });
  const config = await testConfig(env);
  const app = await buildApp(config, { database: database.handle, skipSetup: true, ...(options.clock ? { clock: options.clock } : {}) });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

// An RSA key takes a while to generate, and the portal would make one at every start: the
// portals of a test worker share one (a test that needs its own passes OIDC_PRIVATE_JWK).
let portalKey: Promise<string> | undefined;

/** The configuration of a portal under test: in memory, with a signing key made once. */
export async function testConfig(env: Record<string, string> = {}): Promise<Config> {
  portalKey ??= generatePrivateJwk().then((jwk) => JSON.stringify(jwk));
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', OIDC_PRIVATE_JWK: await portalKey, ...env });
}
