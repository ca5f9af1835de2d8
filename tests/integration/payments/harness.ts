// The real portal for the payment tests, listening on a free port: the sandbox notifies it over
// real HTTP, as a provider would. Its log lines are kept, to check what was logged.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import type { PositionInput } from '../../../src/payments/payments.service.ts';
import { SIGNATURE_HEADER, sign } from '../../../src/payments/providers/signature.ts';
import { testConfig } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PaymentsHarness {
  app: FastifyInstance;
  database: TestDatabase;
  baseUrl: string;
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startPortal(env: Record<string, string> = {}): Promise<PaymentsHarness> {
  const database = await createTestDatabase({ seed: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = await testConfig({ BASE_URL: baseUrl, PORT: String(port), ...env });
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildApp(config, { database: database.handle, skipSetup: true, logger: { level: 'info', stream } });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    database,
    baseUrl,
    logs,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const CITIZEN = { fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare' };

export function positionInput(overrides: Partial<PositionInput> = {}): PositionInput {
  return {
    debtor: CITIZEN,
    amountCents: 8000,
    reason: 'Diritti di segreteria CILA - pratica 2025/000123',
    dueDate: '2099-12-31',
    taxonomyCode: '0101108TS',
    items: [{ id: 'diritti', label: { it: 'Diritti di segreteria', en: 'Secretarial fees' }, type: 'fixed', amountCents: 8000, settlement: 'online' }],
    ...overrides,
  };
}

export async function createPosition(app: FastifyInstance, overrides: Partial<PositionInput> = {}) {
  return app.db.transaction().execute((trx) => app.services.payments.createPosition(trx, positionInput(overrides)));
}

/** Waits until `check` holds (notifications arrive over HTTP, on their own time). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A provider's "paid" event for a notice, with its receipt (for `amountCents`, the amount due unless given). */
export function paidEvent(notice: { noticeNumber: string; creditorFiscalCode: string; iuv: string; amountCents: number }, extra: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    status: 'paid' as const,
    noticeNumber: notice.noticeNumber,
    creditorFiscalCode: notice.creditorFiscalCode,
    iuv: notice.iuv,
    sessionId: randomUUID(),
    occurredAt: new Date().toISOString(),
    receipt: {
      receiptId: `R${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      noticeNumber: notice.noticeNumber,
      fiscalCode: notice.creditorFiscalCode,
      outcome: 'OK',
      creditorReferenceId: notice.iuv,
      paymentAmountCents: notice.amountCents,
      paymentDateTime: new Date().toISOString(),
      pspCompanyName: 'Banca di Prova',
    },
    ...extra,
  };
}

/** Headers that sign `raw` as the provider does. */
export function signedHeaders(app: FastifyInstance, raw: string) {
  return { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(app.config.payments.callbackSecret, raw, Date.now()) };
}

export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
