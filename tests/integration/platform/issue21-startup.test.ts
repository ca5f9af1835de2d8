// Issue 21's start-up and logging bugs, through the real app: the banner is written once the
// server listens, with the address it really listens on; assets are not logged at info level
// (pages still are).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import { startupBanner } from '../../../src/platform/banner.ts';
import { testConfig } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const lines: Array<{ level: number; msg: string; req?: { url?: string }; url?: string }> = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as never);
    done();
  },
});
let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ seed: true });
  app = await buildApp(await testConfig({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' }), { database: database.handle, skipSetup: true, logger: { level: 'info', stream } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('issue 21: start-up and request logs (bug 9)', () => {
  it('logs pages at info, assets not at info', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/js/case-page.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/servizi' })).statusCode).toBe(200);
    const urls = lines.filter((l) => l.level >= 30).map((l) => l.req?.url ?? l.url ?? '');
    expect(urls).toContain('/servizi');
    expect(lines.filter((l) => JSON.stringify(l).includes("/assets/") && l.level >= 30)).toEqual([]);
  });

  it('writes the banner only once listening, with the real address', async () => {
    expect(() => startupBanner(app)).toThrow(/not listening/);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    expect(startupBanner(app)).toContain(`http://127.0.0.1:${port}/`);
  });
});
