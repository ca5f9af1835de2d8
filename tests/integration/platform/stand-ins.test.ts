// The development stand-ins on an address other machines reach (finding 14): the entry point
// (src/server.ts) logs and prints the warning this builds from the running app; on loopback, or
// with no stand-in running, there is nothing to say.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposedStandInsWarning, isLoopback } from '../../../src/platform/stand-ins.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

describe('isLoopback', () => {
  it('knows the addresses only this machine reaches', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'sportello.example.it', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });
});

describe('stand-ins on a network address', () => {
  let exposed: TestApp;
  beforeAll(async () => {
    exposed = await createTestApp({ HOST: '0.0.0.0', IO_ENABLED: 'true' });
  });
  afterAll(async () => exposed?.close());

  it('are named in a warning when HOST is not loopback', () => {
    const warning = exposedStandInsWarning(exposed.app);
    expect(warning).toContain('HOST=0.0.0.0');
    for (const name of ['test identity provider', 'development mail server', 'App IO stand-in', 'payment sandbox', 'company register stand-in']) expect(warning).toContain(name);
  });

  it('give no warning on loopback', () => {
    // the same running app, as if it listened on loopback (one app per file: they are slow to build)
    const local = Object.assign(Object.create(exposed.app) as FastifyInstance, { config: { ...exposed.app.config, host: '127.0.0.1' } });
    expect(exposedStandInsWarning(local)).toBeNull();
  });
});
