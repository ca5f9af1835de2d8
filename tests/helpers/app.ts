// The real portal for integration tests: buildApp over a fresh test database, with the seed
// catalogue loaded. Nothing of the project is mocked; close() drops the database.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}, options: { poolSize?: number } = {}): Promise<TestApp> {
  const database = await createTestDatabase({ seed: true, poolSize: options.poolSize });
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...env });
  const app = await buildApp(config, { database: database.handle, skipSetup: true });
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
