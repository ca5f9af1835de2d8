// The payment provider as the portal sees it: it registers a debt position, opens a payment
// page for it, tells what it knows about it, and authenticates the notifications it sends.
// Two implementations: the embedded sandbox (a stand-in provider, for development and tests)
// and pagoPA (the GPD debt-position API and the Checkout cart API).

/** What the provider needs to know about a position. */
export interface ProviderPosition {
  noticeNumber: string;
  iuv: string;
  iupd: string;
  creditorFiscalCode: string;
  creditorName: string;
  debtor: { type: 'F' | 'G'; fiscalCode: string; name: string; email?: string | null | undefined };
  amountCents: number;
  reason: string;
  /** yyyy-mm-dd */
  dueDate: string;
  expireAfterDueDate: boolean;
  taxonomyCode: string;
}

/** The key fields of a pagoPA receipt (ricevuta telematica), amounts in cents. */
export interface Receipt {
  receiptId: string;
  noticeNumber: string;
  /** creditor */
  fiscalCode: string;
  outcome: 'OK' | 'KO';
  /** the IUV */
  creditorReferenceId: string;
  paymentAmountCents: number;
  debtor?: { fiscalCode: string; name?: string | undefined } | undefined;
  payer?: { fiscalCode: string; name?: string | undefined } | undefined;
  idPSP?: string | undefined;
  pspCompanyName?: string | undefined;
  paymentMethod?: string | undefined;
  feeCents?: number | undefined;
  /** ISO date-time */
  paymentDateTime: string;
}

export interface ReturnUrls {
  ok: string;
  cancel: string;
  error: string;
}

export interface CheckoutSession {
  /** the provider's reference of this visit (cart, session) */
  reference: string;
  redirectUrl: string;
}

/**
 * What the provider knows. `attempt` is the state of one visit to its payment page, when it
 * can tell (pagoPA Checkout cannot: only the position's receipt counts there).
 */
export interface ProviderState {
  position: 'pending' | 'paid' | 'expired' | 'unknown';
  receipt?: Receipt | undefined;
  attempt?: 'pending' | 'paid' | 'failed' | undefined;
}

/** A notification the provider signed: one event about one position (and maybe one attempt). */
export interface ProviderNotification {
  eventId: string;
  noticeNumber: string;
  creditorFiscalCode: string;
  attemptRef?: string | undefined;
  status: 'pending' | 'paid' | 'failed' | 'expired';
  receipt?: Receipt | undefined;
  occurredAt: string;
  payload: unknown;
}

export interface PaymentProvider {
  readonly name: 'sandbox' | 'pagopa';
  /** Registers the position so that it can be paid anywhere; repeating it is harmless. */
  publish(position: ProviderPosition): Promise<void>;
  /** Opens a payment page for the position. */
  startCheckout(position: ProviderPosition, returnUrls: ReturnUrls): Promise<CheckoutSession>;
  state(position: ProviderPosition, attemptRef?: string): Promise<ProviderState>;
  /** Checks the signature and reads the notification; throws NotificationRefused otherwise. */
  verifyNotification(rawBody: string, headers: Record<string, string | string[] | undefined>): ProviderNotification;
  close(): Promise<void>;
}

/**
 * The provider could not do it now. `retryable` says whether trying again later may work
 * (timeouts, 5xx) or not (a request it refuses as invalid).
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class NotificationRefused extends Error {
  override name = 'NotificationRefused';
  constructor(readonly reason: 'signature' | 'malformed') {
    super(`notification refused: ${reason}`);
  }
}
