// App IO through its Services API (docs/specs/app-io.md): first the profile check (POST /profiles), and
// a message (POST /messages) only when the person is on IO and allows the comune to write;
// subject and markdown kept within the API's limits, payment data with the notice number when
// a payment is due. 429 means "later": the worker retries, waiting at least what Retry-After
// says. Not on IO, or the comune not allowed: nothing to send, recorded as skipped.
import type { DB } from '../../db/database.ts';
import { isCalendarDate, romeOffsetOn, type Clock } from '../../platform/time.ts';
import { compose, IO_LIMITS, type ComposedMessage } from '../compose.ts';
import { DeliveryError, type ChannelSender, type DeliveryOutcome } from '../delivery.ts';
import { isNotificationKind, NOTICE_NUMBER } from '../kinds.ts';
import * as repo from '../notifications.repository.ts';
import type { ClaimedDelivery } from '../notifications.repository.ts';

export interface IoPaymentData {
  amount: number;
  notice_number: string;
  invalid_after_due_date?: boolean;
  payee?: { fiscal_code: string };
}

export interface IoMessageBody {
  fiscal_code: string;
  content: {
    subject: string;
    markdown: string;
    due_date?: string;
    payment_data?: IoPaymentData;
  };
  time_to_live?: number;
}

export class IoHttpError extends Error {
  override name = 'IoHttpError';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`App IO answered ${status}${detail ? `: ${detail}` : ''}`);
  }
}

function retryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** A thin client of the two calls the portal needs. */
/** `clock` reads a Retry-After given as a date. */
export function createIoClient(options: { apiUrl: string; apiKey: string; timeoutMs?: number; clock: Clock }) {
  const base = options.apiUrl.replace(/\/$/, '');
  async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'Ocp-Apim-Subscription-Key': options.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new DeliveryError(`App IO unreachable: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // a proxy's HTML error page: keep the status
    }
    if (response.status >= 400 && response.status !== 404) {
      const detail = typeof json.detail === 'string' ? json.detail : typeof json.title === 'string' ? json.title : text.slice(0, 200);
      throw new IoHttpError(response.status, detail, retryAfter(response.headers.get('retry-after'), options.clock()));
    }
    return { status: response.status, json };
  }

  return {
    /** null: the fiscal code has no IO profile (404). */
    async profile(fiscalCode: string): Promise<{ senderAllowed: boolean; preferredLanguages: string[] } | null> {
      const { status, json } = await post('/profiles', { fiscal_code: fiscalCode });
      if (status === 404) return null;
      return {
        senderAllowed: json.sender_allowed === true,
        preferredLanguages: Array.isArray(json.preferred_languages) ? (json.preferred_languages as string[]) : [],
      };
    },
    /** The id App IO gives the message. */
    async sendMessage(body: IoMessageBody): Promise<string> {
      const { status, json } = await post('/messages', body);
      if (status === 404) throw new IoHttpError(404, 'profile not found', undefined);
      return typeof json.id === 'string' ? json.id : '';
    },
  };
}

export type IoClient = ReturnType<typeof createIoClient>;

const MARKDOWN_SPECIAL = /[\\`*_[\]<>|#]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => `\\${char}`);
}

function markdownOf(message: ComposedMessage, quoteText: string | undefined): string {
  const parts: string[] = [escapeMarkdown(message.greeting), ...message.paragraphs.map(escapeMarkdown)];
  if (message.quote && quoteText !== undefined) {
    parts.push(`**${escapeMarkdown(message.quote.label)}**`);
    parts.push(
      escapeMarkdown(quoteText)
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n'),
    );
  }
  if (message.facts.length) parts.push(message.facts.map((f) => `- **${escapeMarkdown(f.label)}**: ${escapeMarkdown(f.value)}`).join('\n'));
  parts.push(...message.notes.map(escapeMarkdown));
  if (message.action) parts.push(`[${escapeMarkdown(message.action.label)}](${message.action.url})`);
  if (message.footer.length) parts.push(`---\n${message.footer.map(escapeMarkdown).join('\n\n')}`);
  return parts.join('\n\n');
}

/**
 * The markdown of a message within App IO's 80..10000 characters: a long text from the office
 * is shortened (the whole of it is in the portal, behind the action link); a short one padded
 * with the footer, which every IO message carries anyway.
 */
export function ioMarkdown(message: ComposedMessage): string {
  let markdown = markdownOf(message, message.quote?.text);
  if (markdown.length > IO_LIMITS.markdownMax && message.quote) {
    const excess = markdown.length - IO_LIMITS.markdownMax;
    const room = Math.max(0, message.quote.text.length - excess - 10);
    markdown = markdownOf(message, `${message.quote.text.slice(0, room).trimEnd()}…`);
  }
  if (markdown.length > IO_LIMITS.markdownMax) markdown = `${markdown.slice(0, IO_LIMITS.markdownMax - 1)}…`;
  while (markdown.length < IO_LIMITS.markdownMin) markdown += `\n\n${escapeMarkdown(message.footer[0] ?? message.subject)}`;
  return markdown;
}

function dueDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // a calendar date is due at the end of that day in Italy
  const date = new Date(isCalendarDate(value) ? `${value}T23:59:59${romeOffsetOn(value)}` : value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The body App IO receives for a notification (exported for tests and the stand-in). */
export function ioMessageBody(delivery: ClaimedDelivery, message: ComposedMessage): IoMessageBody {
  const data = delivery.data;
  const content: IoMessageBody['content'] = { subject: message.subject, markdown: ioMarkdown(message) };
  const due = delivery.kind === 'payment.requested' ? data.dueDate : delivery.kind === 'deadline.reminder' ? data.dueDate : delivery.kind === 'integration.requested' ? data.replyBy : undefined;
  const dueDate = dueDateTime(due);
  if (dueDate) content.due_date = dueDate;
  if (
    delivery.kind === 'payment.requested' &&
    typeof data.noticeNumber === 'string' &&
    NOTICE_NUMBER.test(data.noticeNumber) &&
    typeof data.amountCents === 'number' &&
    typeof data.payeeFiscalCode === 'string'
  ) {
    content.payment_data = {
      amount: data.amountCents,
      notice_number: data.noticeNumber,
      invalid_after_due_date: false,
      payee: { fiscal_code: data.payeeFiscalCode },
    };
  }
  return { fiscal_code: delivery.recipientFiscalCode, content };
}

export interface IoChannelOptions {
  db: DB;
  /** null: App IO switched off for this installation */
  client: IoClient | null;
  baseUrl: string;
  comuneName: string;
}

const FISCAL_CODE_PERSON = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof IoHttpError) {
    if (error.status === 429) return new DeliveryError(error.message, { retryAfterMs: error.retryAfterMs, cause: error });
    // 400 (a message App IO refuses), 401/403 (a wrong key) will not pass by themselves
    const permanent = error.status >= 400 && error.status < 500 && error.status !== 408;
    return new DeliveryError(error.message, { permanent, cause: error });
  }
  return new DeliveryError(`App IO: ${(error as Error).message}`, { cause: error });
}

export function createIoChannel(options: IoChannelOptions): ChannelSender {
  return {
    async deliver(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
      if (!isNotificationKind(delivery.kind)) return { status: 'skipped', reason: `unknown kind ${delivery.kind}` };
      if (!options.client) return { status: 'skipped', reason: 'App IO is not enabled' };
      // businesses (partita IVA) have no IO profile
      if (!FISCAL_CODE_PERSON.test(delivery.recipientFiscalCode)) return { status: 'skipped', reason: 'not a personal fiscal code' };
      const contact = await repo.getContact(options.db, delivery.recipientFiscalCode);
      if (contact && !contact.io_enabled) return { status: 'skipped', reason: 'App IO switched off by the person' };
      try {
        const profile = await options.client.profile(delivery.recipientFiscalCode);
        if (!profile) return { status: 'skipped', reason: 'not on App IO (404)' };
        if (!profile.senderAllowed) return { status: 'skipped', reason: 'the person does not allow the comune on App IO (sender_allowed false)' };
        const message = compose(delivery.kind, delivery.data, { locale: delivery.locale, channel: 'io', baseUrl: options.baseUrl, comuneName: options.comuneName });
        const id = await options.client.sendMessage(ioMessageBody(delivery, message));
        return { status: 'sent', externalId: id || null };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
