// The pagoPA provider against a local fake of the GPD and Checkout APIs, which checks every
// request it receives against the documented shape (docs/specs/pagopa.md) and answers as told:
// created, duplicate, refused, unavailable, silent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPagopaProvider, readReceipt } from '../../../src/payments/providers/pagopa/pagopa.provider.ts';
import { ProviderError, type ProviderPosition } from '../../../src/payments/providers/provider.ts';
import { SIGNATURE_HEADER, sign } from '../../../src/payments/providers/signature.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { systemClock } from '../../../src/platform/time.ts';
import { createPosition, freePort, pathOf, startPortal, type PaymentsHarness } from './harness.ts';

const KEY = 'fake-subscription-key';
const IBAN = 'IT60X0542811101000000123456';

const max140 = z.string().min(1).max(140);
const gpdBody = z
  .object({
    iupd: z.string().min(1),
    type: z.enum(['F', 'G']),
    fiscalCode: z.string().min(11).max(16),
    fullName: max140,
    companyName: max140,
    switchToExpired: z.boolean(),
    email: z.string().email().optional(),
    validityDate: z.string().optional(),
    paymentOption: z
      .array(
        z
          .object({
            iuv: z.string().regex(/^[0-9]{17}$/),
            amount: z.number().int().positive(),
            description: max140,
            dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/),
            isPartialPayment: z.boolean(),
            transfer: z
              .array(
                z
                  .object({
                    idTransfer: z.enum(['1', '2', '3', '4', '5']),
                    amount: z.number().int().positive(),
                    category: z.string().regex(/^[0-9]{7}(IM|TS|SP|SA|AP)$/),
                    remittanceInformation: max140,
                    iban: z.string().regex(/^IT[0-9]{2}[A-Z][0-9]{10}[A-Z0-9]{12}$/),
                  })
                  .strict(),
              )
              .min(1)
              .max(5),
          })
          .strict()
          .refine((o) => o.transfer.reduce((sum, t) => sum + t.amount, 0) === o.amount, 'transfers add up to the option amount'),
      )
      .min(1),
  })
  .strict();

const cartBody = z
  .object({
    paymentNotices: z
      .array(
        z
          .object({
            noticeNumber: z.string().regex(/^[0-3][0-9]{17}$/),
            fiscalCode: z.string().regex(/^[0-9]{11}$/),
            amount: z.number().int().positive(),
            companyName: max140,
            description: max140,
          })
          .strict(),
      )
      .min(1)
      .max(5),
    returnUrls: z.object({ returnOkUrl: z.string().url(), returnCancelUrl: z.string().url(), returnErrorUrl: z.string().url() }).strict(),
    emailNotice: z.string().email().optional(),
  })
  .strict();

interface Received {
  method: string;
  path: string;
  key: string | undefined;
  body: unknown;
}
type Answer = { status: number; body?: unknown; headers?: Record<string, string>; hang?: boolean; contentType?: string };

/** The fake pagoPA: records requests, refuses malformed ones with 400, answers from a script. */
class FakePagopa {
  server!: Server;
  url = '';
  received: Received[] = [];
  problems: string[] = [];
  script = new Map<string, Answer[]>();
  fallback: (route: string, request: Received) => Answer = () => ({ status: 404, body: { title: 'Not found' } });

  async start() {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  reset() {
    this.received = [];
    this.problems = [];
    this.script.clear();
    this.fallback = () => ({ status: 404, body: { title: 'Not found' } });
  }

  /** Answers for a route, in order ("POST gpd", "POST cart", "GET receipt", "GET position"). */
  answer(route: string, ...answers: Answer[]) {
    this.script.set(route, answers);
  }

  private route(method: string, path: string): string {
    if (method === 'POST' && /^\/gpd\/debt-positions-service\/v1\/organizations\/\d{11}\/debtpositions\?toPublish=true$/.test(path)) return 'POST gpd';
    if (method === 'POST' && path === '/checkout/ec/v1/carts') return 'POST cart';
    if (method === 'GET' && /^\/gpd\/payments-receipts-service\/v1\/payments\/\d{11}\/receipts\/\d{17}$/.test(path)) return 'GET receipt';
    if (method === 'GET' && /^\/gpd\/debt-positions-service\/v1\/organizations\/\d{11}\/debtpositions\/[\w-]+$/.test(path)) return 'GET position';
    return `${method} ${path}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const path = req.url ?? '';
    const key = req.headers['ocp-apim-subscription-key'] as string | undefined;
    const body = raw ? (JSON.parse(raw) as unknown) : undefined;
    this.received.push({ method: req.method ?? '', path, key, body });
    const route = this.route(req.method ?? '', path);
    const check = route === 'POST gpd' ? gpdBody.safeParse(body) : route === 'POST cart' ? cartBody.safeParse(body) : { success: true as const };
    if (key !== KEY) this.problems.push(`${route}: bad subscription key`);
    if (!check.success) this.problems.push(`${route}: ${JSON.stringify(check.error.issues)}`);
    if (key !== KEY || !check.success) {
      res.writeHead(key !== KEY ? 401 : 400, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Bad request' }));
      return;
    }
    const queue = this.script.get(route);
    const answer = queue && queue.length > 0 ? queue.shift()! : this.fallback(route, this.received.at(-1)!);
    if (answer.hang) return; // never answers
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }

  count(route: string) {
    return this.received.filter((r) => this.route(r.method, r.path) === route).length;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const fake = new FakePagopa();
let h: PaymentsHarness;
let citizen: PortalAgent;

beforeAll(async () => {
  await fake.start();
  h = await startPortal({
    PAYMENTS_PROVIDER: 'pagopa',
    PAGOPA_GPD_URL: fake.url,
    PAGOPA_CHECKOUT_URL: fake.url,
    PAGOPA_SUBSCRIPTION_KEY: KEY,
    PAGOPA_IBAN: IBAN,
  });
  citizen = await loginAs(h.app, TEST_PEOPLE.citizen);
});
afterAll(async () => {
  await h?.close();
  await fake.stop();
});
beforeEach(() => fake.reset());

const payments = () => h.app.services.payments;
const later = () => ({ asOf: new Date(Date.now() + 86_400_000) });

function jsonReceipt(position: { noticeNumber: string; iuv: string; amountCents: number }, receiptId = 'RT-0001') {
  return {
    receiptId,
    noticeNumber: position.noticeNumber,
    fiscalCode: '00085240950',
    outcome: 'OK',
    creditorReferenceId: position.iuv,
    paymentAmount: position.amountCents,
    debtor: { fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare' },
    payer: { fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare' },
    idPSP: 'BCITITMM',
    PSPCompanyName: 'Intesa Sanpaolo',
    paymentMethod: 'CP',
    fee: 150,
    paymentDateTime: '2025-11-20T10:15:00',
    transferList: [{ idTransfer: 1, transferAmount: position.amountCents }],
  };
}

describe('GPD: registering a debt position', () => {
  it('sends the documented body with the subscription key', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    const position = await createPosition(h.app, { debtor: { fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare', email: 'giulio@example.it' } });
    const report = await payments().reconcile(later());
    expect(report.published).toBeGreaterThanOrEqual(1);
    expect(fake.problems).toEqual([]);
    const sent = fake.received.find((r) => (r.body as { iupd?: string })?.iupd?.endsWith(position.iuv));
    expect(sent?.path).toBe('/gpd/debt-positions-service/v1/organizations/00085240950/debtpositions?toPublish=true');
    expect(sent?.key).toBe(KEY);
    expect(sent?.body).toMatchObject({
      type: 'F',
      fiscalCode: 'CSRGGL44L13H501E',
      fullName: 'Giulio Cesare',
      companyName: 'Comune di Esempio',
      switchToExpired: false,
      email: 'giulio@example.it',
      paymentOption: [
        {
          iuv: position.iuv,
          amount: 8000,
          description: position.reason,
          dueDate: '2099-12-31T23:59:59',
          isPartialPayment: false,
          transfer: [{ idTransfer: '1', amount: 8000, category: '0101108TS', remittanceInformation: position.reason, iban: IBAN }],
        },
      ],
    });
    expect((await payments().find(position.id))!.published).toBe(true);
  });

  it('takes 409 as registered when GPD holds this very position (an earlier try went through)', async () => {
    const position = await createPosition(h.app);
    fake.fallback = (route, request) => {
      if (route === 'POST gpd') return (request.body as { iupd: string }).iupd.endsWith(`-${position.iuv}`) ? { status: 409, body: { title: 'Conflict' } } : { status: 201, body: {} };
      return { status: 200, body: { status: 'VALID', paymentOption: [{ iuv: position.iuv, amount: position.amountCents }] } };
    };
    await payments().reconcile(later());
    expect((await payments().find(position.id))!.published).toBe(true);
  });

  it('refuses a 409 for a position GPD holds with other data (a number issued twice)', async () => {
    const position = await createPosition(h.app);
    fake.fallback = (route, request) => {
      if (route === 'POST gpd') return (request.body as { iupd: string }).iupd.endsWith(`-${position.iuv}`) ? { status: 409, body: { title: 'Conflict' } } : { status: 201, body: {} };
      return { status: 200, body: { status: 'VALID', paymentOption: [{ iuv: position.iuv, amount: 999 }] } };
    };
    await payments().reconcile(later());
    const row = await h.app.db.selectFrom('payment_positions').select(['publish_state', 'publish_last_error']).where('id', '=', position.id).executeTakeFirstOrThrow();
    expect(row.publish_state).toBe('failed');
    expect(row.publish_last_error).toContain('exists with other data');
  });

  it('does not repeat a request GPD refuses as invalid, and keeps the reason', async () => {
    fake.fallback = () => ({ status: 400, body: { title: 'Bad Request', detail: 'invalid iban' } });
    const position = await createPosition(h.app);
    const report = await payments().reconcile(later());
    expect(report.publishFailed).toBeGreaterThanOrEqual(1);
    expect(fake.count('POST gpd')).toBe(report.publishFailed);
    const row = await h.app.db.selectFrom('payment_positions').select(['publish_state', 'publish_last_error', 'publish_attempts']).where('id', '=', position.id).executeTakeFirstOrThrow();
    expect(row.publish_state).toBe('failed');
    expect(row.publish_last_error).toContain('400');
    expect(row.publish_last_error).toContain('invalid iban');
    expect(row.publish_attempts).toBe(1);
  });

  it('retries 5xx and succeeds when GPD comes back', async () => {
    const provider = createPagopaProvider({ gpdUrl: fake.url, checkoutUrl: fake.url, subscriptionKey: KEY, iban: IBAN, callbackSecret: 'x'.repeat(32), clock: systemClock, retryDelayMs: 5 });
    fake.answer('POST gpd', { status: 503 }, { status: 502 }, { status: 201, body: {} });
    await provider.publish(providerPosition());
    expect(fake.count('POST gpd')).toBe(3);
  });

  it('gives up after its attempts with a retryable error on 5xx and on timeouts', async () => {
    const provider = createPagopaProvider({ gpdUrl: fake.url, checkoutUrl: fake.url, subscriptionKey: KEY, iban: IBAN, callbackSecret: 'x'.repeat(32), clock: systemClock, retryDelayMs: 5, timeoutMs: 150, attempts: 2 });
    fake.fallback = () => ({ status: 500 });
    const failed = await provider.publish(providerPosition()).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ProviderError);
    expect((failed as ProviderError).retryable).toBe(true);
    expect((failed as Error).message).toContain('status 500 after 2 attempts');
    fake.fallback = () => ({ status: 0, hang: true });
    const silent = await provider.publish(providerPosition()).catch((e: unknown) => e);
    expect((silent as ProviderError).retryable).toBe(true);
    expect((silent as Error).message).toContain('no answer in 150 ms');
    expect(fake.count('POST gpd')).toBe(4);
  });

  it('a position GPD could not take stays to be registered, with the reason, for the next run', async () => {
    fake.fallback = () => ({ status: 503 });
    const position = await createPosition(h.app);
    await payments().reconcile(later());
    const row = await h.app.db.selectFrom('payment_positions').select(['publish_state', 'publish_last_error']).where('id', '=', position.id).executeTakeFirstOrThrow();
    expect(row.publish_state).toBe('to_publish');
    expect(row.publish_last_error).toContain('status 503');
    fake.fallback = () => ({ status: 201, body: {} });
    await payments().reconcile({ asOf: new Date(Date.now() + 30 * 86_400_000) });
    expect((await payments().find(position.id))!.published).toBe(true);
  });
});

describe('Checkout: paying online', () => {
  it('"Paga online" registers the position, creates a cart and follows its redirect', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    fake.answer('POST cart', { status: 302, headers: { location: 'https://checkout.fake/c/cart-123' } });
    const position = await createPosition(h.app);
    const res = await citizen.post(`/pagamenti/${position.id}/paga`);
    expect(res.statusCode).toBe(303);
    // a form may not redirect to another site under the CSP: a page of ours sends the browser on
    expect(res.headers.location).toBe(`/pagamenti/${position.id}/vai`);
    const onward = await citizen.get(`/pagamenti/${position.id}/vai`);
    expect(onward.statusCode).toBe(200);
    expect(onward.body).toContain('<meta http-equiv="refresh" content="0;url=https://checkout.fake/c/cart-123">');
    expect(onward.body).toContain('href="https://checkout.fake/c/cart-123"');
    expect(onward.headers['content-security-policy']).toContain("form-action 'self'");
    expect(fake.problems).toEqual([]);
    const cart = fake.received.find((r) => r.path === '/checkout/ec/v1/carts')!;
    expect(cart.body).toEqual({
      paymentNotices: [{ noticeNumber: position.noticeNumber, fiscalCode: '00085240950', amount: 8000, companyName: 'Comune di Esempio', description: position.reason }],
      returnUrls: {
        returnOkUrl: `${h.baseUrl}/pagamenti/${position.id}/esito?esito=ok`,
        returnCancelUrl: `${h.baseUrl}/pagamenti/${position.id}/esito?esito=annullato`,
        returnErrorUrl: `${h.baseUrl}/pagamenti/${position.id}/esito?esito=errore`,
      },
    });
  });

  it('says the service is unavailable when Checkout is down, and charges nothing', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    fake.fallback = (route) => (route === 'POST cart' ? { status: 503 } : { status: 404 });
    const position = await createPosition(h.app);
    const res = await citizen.post(`/pagamenti/${position.id}/paga`);
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('Servizio di pagamento non disponibile');
    expect(fake.count('POST cart')).toBe(3);
    expect((await payments().find(position.id))!.status).toBe('pending');
  });

  it('the return asks GPD for the receipt', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    fake.answer('POST cart', { status: 302, headers: { location: 'https://checkout.fake/c/cart-456' } });
    const position = await createPosition(h.app);
    await citizen.post(`/pagamenti/${position.id}/paga`);
    fake.answer('GET receipt', { status: 200, body: jsonReceipt(position, 'RT-RETURN') });
    const back = await citizen.get(pathOf(`${h.baseUrl}/pagamenti/${position.id}/esito?esito=ok`));
    expect(back.body).toContain('Pagamento riuscito');
    const paid = (await payments().find(position.id))!;
    expect(paid.status).toBe('paid');
    expect(paid.receipt).toMatchObject({ receiptId: 'RT-RETURN', paymentAmountCents: 8000, pspCompanyName: 'Intesa Sanpaolo', feeCents: 150 });
  });

  it('a return while pagoPA cannot be reached says it will be checked later', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    fake.answer('POST cart', { status: 302, headers: { location: 'https://checkout.fake/c/cart-789' } });
    const position = await createPosition(h.app);
    await citizen.post(`/pagamenti/${position.id}/paga`);
    fake.fallback = () => ({ status: 500 });
    const back = await citizen.get(`/pagamenti/${position.id}/esito?esito=ok`);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('Non siamo riusciti a verificare');
    expect((await payments().find(position.id))!.status).toBe('pending');
  });
});

describe('GPD: reading what was paid', () => {
  it('reconciliation settles a position from its receipt (JSON, cents)', async () => {
    fake.answer('POST gpd', { status: 201, body: {} });
    const position = await createPosition(h.app);
    await payments().reconcile(later());
    // receipts of the wrong notice are not believed: GPD answers this one for every IUV first
    fake.fallback = (route) => (route === 'GET receipt' ? { status: 200, body: jsonReceipt(position, `RT-${position.id}`) } : { status: 200, body: { status: 'VALID' } });
    const others = await h.app.db.selectFrom('payment_positions').select('id').where('status', '=', 'pending').where('id', '<>', position.id).execute();
    await payments().reconcile({ asOf: new Date(Date.now() + 2 * 86_400_000) });
    for (const { id } of others) expect((await payments().find(id))!.status).toBe('pending');
    fake.fallback = (route) =>
      route === 'GET receipt'
        ? fake.received.at(-1)!.path.endsWith(position.iuv)
          ? { status: 200, body: jsonReceipt(position, `RT-${position.id}`) }
          : { status: 404 }
        : { status: 200, body: { status: 'VALID' } };
    await payments().reconcile({ asOf: new Date(Date.now() + 40 * 86_400_000) });
    expect((await payments().find(position.id))!.status).toBe('paid');
    expect((await payments().transitions(position.id)).map((t) => t.source)).toEqual(['reconciliation']);
  });

  it('reads the XML receipt (euro amounts) exactly', () => {
    const xml = `<paSendRTReq><receipt><receiptId>abc123</receiptId><noticeNumber>302032002700000251</noticeNumber><fiscalCode>03334231200</fiscalCode><outcome>OK</outcome><creditorReferenceId>02032002700000251</creditorReferenceId><paymentAmount>80.10</paymentAmount><idPSP>PSP1</idPSP><PSPCompanyName>Banca</PSPCompanyName><paymentMethod>cp</paymentMethod><fee>1.5</fee><paymentDateTime>2025-11-20T10:15:00</paymentDateTime></receipt></paSendRTReq>`;
    const receipt = readReceipt(xml, 'application/xml');
    expect(receipt.paymentAmountCents).toBe(8010);
    expect(receipt.feeCents).toBe(150);
    expect(receipt.receiptId).toBe('abc123');
  });

  it('no receipt and an expired position: expired; no receipt and valid: still pending', async () => {
    fake.answer('POST gpd', { status: 201, body: {} }, { status: 201, body: {} });
    const expiring = await createPosition(h.app, { expireAfterDueDate: true, dueDate: '2020-01-01' });
    const valid = await createPosition(h.app);
    await payments().reconcile(later());
    fake.fallback = (route) => {
      if (route === 'GET receipt') return { status: 404, body: { title: 'Not found' } };
      return { status: 200, body: { status: fake.received.at(-1)!.path.endsWith(`-${expiring.iuv}`) ? 'EXPIRED' : 'VALID' } };
    };
    await payments().reconcile({ asOf: new Date(Date.now() + 2 * 86_400_000) });
    expect((await payments().find(expiring.id))!.status).toBe('expired');
    expect((await payments().find(valid.id))!.status).toBe('pending');
  });
});

describe('signed receipts forwarded to the portal', () => {
  it('are applied once, and refused unsigned', async () => {
    const position = await createPosition(h.app);
    const body = JSON.stringify({ receipt: { ...jsonReceipt(position, 'RT-FWD'), paymentAmountCents: position.amountCents, paymentAmount: undefined } });
    const post = (signature?: string) =>
      h.app.inject({ method: 'POST', url: '/pagamenti/notifiche/pagopa', headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) }, payload: body });
    expect((await post()).statusCode).toBe(401);
    const first = await post(sign(h.app.config.payments.callbackSecret, body, Date.now()));
    expect(first.json()).toEqual({ outcome: 'applied', status: 'paid' });
    expect((await post(sign(h.app.config.payments.callbackSecret, body, Date.now()))).json()).toEqual({ outcome: 'duplicate', status: 'paid' });
    expect(await payments().transitions(position.id)).toHaveLength(1);
  });
});

function providerPosition(): ProviderPosition {
  return {
    noticeNumber: '302032002700000251',
    iuv: '02032002700000251',
    iupd: 'SPORTELLO-00085240950-02032002700000251',
    creditorFiscalCode: '00085240950',
    creditorName: 'Comune di Esempio',
    debtor: { type: 'F', fiscalCode: 'CSRGGL44L13H501E', name: 'Giulio Cesare' },
    amountCents: 1600,
    reason: 'Marca da bollo',
    dueDate: '2099-01-01',
    expireAfterDueDate: false,
    taxonomyCode: '0101108TS',
  };
}
