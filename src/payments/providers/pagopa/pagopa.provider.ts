// pagoPA as the payment provider: the debt position is registered with GPD (Gestione Posizioni
// Debitorie), the person pays through a Checkout cart, and what is paid is read back from the
// GPD receipts service. Requests that are safe to repeat (creating a position with a fixed
// iupd: a repeat answers 409; creating a cart; reading) are retried on timeouts, 429 and 5xx;
// a 4xx that says the request is wrong is not. docs/payments.md tells how to configure it.
import { z } from 'zod';
import {
  NotificationRefused,
  ProviderError,
  type CheckoutSession,
  type PaymentProvider,
  type ProviderNotification,
  type ProviderPosition,
  type ProviderState,
  type Receipt,
  type ReturnUrls,
} from '../provider.ts';
import { receiptSchema } from '../receipt-schema.ts';
import type { Clock } from '../../../platform/time.ts';
import { SIGNATURE_HEADER, verifySignature } from '../signature.ts';

export interface PagopaOptions {
  gpdUrl: string;
  checkoutUrl: string;
  subscriptionKey: string;
  checkoutSubscriptionKey?: string | null;
  iban: string;
  callbackSecret: string;
  /** the portal's clock, which a notification's signed time must be near */
  clock: Clock;
  timeoutMs?: number;
  /** attempts in all, for requests safe to repeat */
  attempts?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/** At most 140 characters, as GPD and Checkout accept. */
const clip = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** GPD body for a position: one payment option, one transfer to the comune's account. */
export function gpdDebtPosition(position: ProviderPosition, iban: string) {
  return {
    iupd: position.iupd,
    type: position.debtor.type,
    fiscalCode: position.debtor.fiscalCode,
    fullName: clip(position.debtor.name),
    companyName: clip(position.creditorName),
    switchToExpired: position.expireAfterDueDate,
    ...(position.debtor.email ? { email: position.debtor.email } : {}),
    paymentOption: [
      {
        iuv: position.iuv,
        amount: position.amountCents,
        description: clip(position.reason),
        dueDate: `${position.dueDate}T23:59:59`,
        isPartialPayment: false,
        transfer: [
          {
            idTransfer: '1',
            amount: position.amountCents,
            category: position.taxonomyCode,
            remittanceInformation: clip(position.reason),
            iban,
          },
        ],
      },
    ],
  };
}

/** Checkout cart for one notice. */
export function checkoutCart(position: ProviderPosition, returnUrls: ReturnUrls) {
  return {
    paymentNotices: [
      {
        noticeNumber: position.noticeNumber,
        fiscalCode: position.creditorFiscalCode,
        amount: position.amountCents,
        companyName: clip(position.creditorName),
        description: clip(position.reason),
      },
    ],
    returnUrls: { returnOkUrl: returnUrls.ok, returnCancelUrl: returnUrls.cancel, returnErrorUrl: returnUrls.error },
    ...(position.debtor.email ? { emailNotice: position.debtor.email } : {}),
  };
}

const gpdStatusSchema = z.object({ status: z.string() }).passthrough();
const gpdOptionSchema = z.object({ paymentOption: z.array(z.object({ iuv: z.string(), amount: z.number() }).passthrough()) }).passthrough();

/** "16.00" (euro, as the XML receipts say) -> 1600, exactly. */
function euroToCents(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<(?:\\w+:)?${tag}>([^<]*)</(?:\\w+:)?${tag}>`).exec(xml);
  return match?.[1]?.trim();
}

/** A receipt from the receipts service: JSON with amounts in cents, or the XML of paSendRT (euro). */
export function readReceipt(body: string, contentType: string): Receipt {
  if (contentType.includes('json')) {
    const json = JSON.parse(body) as Record<string, unknown>;
    const amount = json.paymentAmountCents ?? json.paymentAmount;
    return receiptSchema.parse({
      ...json,
      paymentAmountCents: amount,
      pspCompanyName: json.pspCompanyName ?? json.PSPCompanyName,
      feeCents: json.feeCents ?? json.fee,
    }) as Receipt;
  }
  const value = (tag: string) => xmlValue(body, tag);
  const fee = value('fee');
  return receiptSchema.parse({
    receiptId: value('receiptId'),
    noticeNumber: value('noticeNumber'),
    fiscalCode: value('fiscalCode'),
    outcome: value('outcome'),
    creditorReferenceId: value('creditorReferenceId'),
    paymentAmountCents: euroToCents(value('paymentAmount') ?? ''),
    idPSP: value('idPSP'),
    pspCompanyName: value('PSPCompanyName'),
    paymentMethod: value('paymentMethod'),
    ...(fee ? { feeCents: euroToCents(fee) } : {}),
    paymentDateTime: value('paymentDateTime'),
  }) as Receipt;
}

const notificationSchema = z.object({ eventId: z.string().min(1).max(100).optional(), receipt: receiptSchema }).strict();

/** A 4xx that says the request is wrong: trying again will not help. */
function refused(what: string, response: { status: number; body: string }): never {
  const detail = response.body.slice(0, 300).replace(/\s+/g, ' ');
  throw new ProviderError(`${what}: refused with ${response.status} ${detail}`, false, response.status);
}

export function createPagopaProvider(options: PagopaOptions): PaymentProvider {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;

  /** One request, tried again on no answer, 429 and 5xx; the first other answer. */
  async function request(url: string, { key, ...init }: RequestInit & { key: string }, what: string): Promise<{ status: number; body: string; headers: Headers }> {
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(url, {
          ...init,
          redirect: 'manual',
          headers: { 'Ocp-Apim-Subscription-Key': key, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await response.text();
        if (response.status !== 429 && response.status < 500) return { status: response.status, body, headers: response.headers };
        lastProblem = `status ${response.status}`;
      } catch (error) {
        lastProblem = (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (error as Error).message;
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
    }
    throw new ProviderError(`${what}: ${lastProblem} after ${attempts} attempts`, true);
  }

  const gpd = (path: string) => `${options.gpdUrl}${path}`;
  const org = (position: ProviderPosition) => encodeURIComponent(position.creditorFiscalCode);

  return {
    name: 'pagopa',

    async publish(position) {
      const response = await request(
        gpd(`/gpd/debt-positions-service/v1/organizations/${org(position)}/debtpositions?toPublish=true`),
        { method: 'POST', key: options.subscriptionKey, body: JSON.stringify(gpdDebtPosition(position, options.iban)) },
        'GPD create debt position',
      );
      if (response.status === 201 || response.status === 200) return;
      if (response.status !== 409) refused('GPD create debt position', response);
      // 409: the iupd exists. An earlier try that went through, or a number issued twice (a
      // database restored from an old backup): only the first is registered.
      const existing = await request(
        gpd(`/gpd/debt-positions-service/v1/organizations/${org(position)}/debtpositions/${encodeURIComponent(position.iupd)}`),
        { method: 'GET', key: options.subscriptionKey },
        'GPD debt position',
      );
      const option = existing.status === 200 ? gpdOptionSchema.safeParse(JSON.parse(existing.body)) : undefined;
      const same = option?.success && option.data.paymentOption.some((o) => o.iuv === position.iuv && o.amount === position.amountCents);
      if (!same) throw new ProviderError(`GPD create debt position: ${position.iupd} exists with other data (status ${existing.status})`, false, 409);
    },

    async startCheckout(position, returnUrls): Promise<CheckoutSession> {
      const response = await request(
        `${options.checkoutUrl}/checkout/ec/v1/carts`,
        { method: 'POST', key: options.checkoutSubscriptionKey ?? options.subscriptionKey, body: JSON.stringify(checkoutCart(position, returnUrls)) },
        'Checkout cart',
      );
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) refused('Checkout cart', response);
      const reference = new URL(location).pathname.split('/').filter(Boolean).pop() ?? location;
      return { reference, redirectUrl: location };
    },

    async state(position): Promise<ProviderState> {
      const receipts = await request(
        gpd(`/gpd/payments-receipts-service/v1/payments/${org(position)}/receipts/${encodeURIComponent(position.iuv)}`),
        { method: 'GET', key: options.subscriptionKey },
        'GPD receipt',
      );
      if (receipts.status === 200) {
        try {
          const receipt = readReceipt(receipts.body, receipts.headers.get('content-type') ?? '');
          if (receipt.outcome === 'OK') return { position: 'paid', receipt };
        } catch (error) {
          throw new ProviderError(`GPD receipt: unreadable (${(error as Error).message.slice(0, 200)})`, false, 200);
        }
      } else if (receipts.status !== 404) {
        refused('GPD receipt', receipts);
      }
      const debt = await request(
        gpd(`/gpd/debt-positions-service/v1/organizations/${org(position)}/debtpositions/${encodeURIComponent(position.iupd)}`),
        { method: 'GET', key: options.subscriptionKey },
        'GPD debt position',
      );
      if (debt.status === 404) return { position: 'unknown' };
      if (debt.status !== 200) refused('GPD debt position', debt);
      const { status } = gpdStatusSchema.parse(JSON.parse(debt.body));
      // PAID without a receipt yet stays pending: a position is paid when its receipt is in hand
      return { position: status === 'EXPIRED' ? 'expired' : 'pending' };
    },

    verifyNotification(rawBody, headers): ProviderNotification {
      if (!verifySignature(options.callbackSecret, rawBody, headers[SIGNATURE_HEADER], options.clock().getTime())) throw new NotificationRefused('signature');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new NotificationRefused('malformed');
      }
      const parsed = notificationSchema.safeParse(json);
      if (!parsed.success) throw new NotificationRefused('malformed');
      const receipt = parsed.data.receipt as Receipt;
      return {
        eventId: parsed.data.eventId ?? receipt.receiptId,
        noticeNumber: receipt.noticeNumber,
        creditorFiscalCode: receipt.fiscalCode,
        status: receipt.outcome === 'OK' ? 'paid' : 'failed',
        receipt: receipt.outcome === 'OK' ? receipt : undefined,
        occurredAt: receipt.paymentDateTime,
        payload: json,
      };
    },

    async close() {},
  };
}
