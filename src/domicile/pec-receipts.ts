// The PEC receipts: the provider puts them into the comune's PEC mailbox (DPR 68/2005 art. 6;
// DM 2 November 2005), each with X-Ricevuta (its kind) and X-Riferimento-Message-ID (the
// portal's message it is about). This reader logs into the mailbox over IMAP (imapflow), reads
// the unseen messages' headers, records each receipt through the domicile service, and marks it
// seen. A receipt for a message not recorded yet (its row still committing) stays unseen and is
// read again at the next round; other mail in the mailbox is left as it is.
import { ImapFlow } from 'imapflow';
import { RECEIPT_KINDS, type ReceiptKind } from './domicile.table.ts';
import type { DomicileService } from './domicile.service.ts';

export interface ReceiptRound {
  read: number;
  recorded: number;
  duplicates: number;
  unmatched: number;
}

interface Logger {
  warn(obj: object, msg?: string): void;
}

/** The headers of a message, names in lower case, folded lines joined. */
export function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The receipt a message is, or null for other mail. */
export function readReceipt(headers: Record<string, string>) {
  const kind = headers['x-ricevuta']?.toLowerCase();
  const ref = headers['x-riferimento-message-id'];
  if (!kind || !ref || !(RECEIPT_KINDS as readonly string[]).includes(kind)) return null;
  const date = headers.date ? new Date(headers.date) : null;
  return {
    kind: kind as ReceiptKind,
    refMessageId: ref.trim(),
    receiptMessageId: headers['message-id'] ?? null,
    receiptDate: date && !Number.isNaN(date.getTime()) ? date : null,
    subject: headers.subject ?? null,
  };
}

function imapSettings(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  if (!secure && u.protocol !== 'imap:') throw new Error('PEC_IMAP_URL must be imap:// or imaps://');
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    mailbox: u.pathname.replace(/^\//, '') || 'INBOX',
  };
}

export function createReceiptReader(options: { imapUrl: string; domicile: DomicileService; logger?: Logger; timeoutMs?: number }) {
  const settings = imapSettings(options.imapUrl);
  const timeout = options.timeoutMs ?? 30_000;

  return {
    /** One round: every unseen receipt in the mailbox recorded (or left for the next round). */
    async pollOnce(): Promise<ReceiptRound> {
      const round: ReceiptRound = { read: 0, recorded: 0, duplicates: 0, unmatched: 0 };
      const client = new ImapFlow({ host: settings.host, port: settings.port, secure: settings.secure, auth: settings.auth, logger: false, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 4 });
      await client.connect();
      try {
        const lock = await client.getMailboxLock(settings.mailbox);
        try {
          const found: Array<{ uid: number; headers: Record<string, string> }> = [];
          for await (const message of client.fetch({ seen: false }, { uid: true, headers: ['x-ricevuta', 'x-riferimento-message-id', 'x-trasporto', 'message-id', 'date', 'subject'] })) {
            found.push({ uid: message.uid, headers: parseHeaders(message.headers?.toString('utf8') ?? '') });
          }
          const seen: number[] = [];
          for (const message of found) {
            const receipt = readReceipt(message.headers);
            if (!receipt) continue;
            round.read++;
            const outcome = await options.domicile.recordReceipt(receipt);
            if (outcome === 'unmatched') {
              round.unmatched++;
              continue;
            }
            if (outcome === 'recorded') round.recorded++;
            else round.duplicates++;
            seen.push(message.uid);
          }
          if (seen.length > 0) await client.messageFlagsAdd(seen.join(','), ['\\Seen'], { uid: true });
        } finally {
          lock.release();
        }
      } finally {
        await client.logout().catch(() => client.close());
      }
      if (round.unmatched > 0) options.logger?.warn({ unmatched: round.unmatched }, 'PEC receipts for messages not recorded (left unseen)');
      return round;
    },
  };
}

export type ReceiptReader = ReturnType<typeof createReceiptReader>;
