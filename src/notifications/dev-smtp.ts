// The development mail server: a real SMTP server (the smtp-server package) that the portal
// starts in process when no SMTP server is configured outside production. It keeps the last
// messages in memory for the development page /dev/mail; tests start one of their own and
// can make it refuse messages to exercise retries.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { systemClock, type Clock } from '../platform/time.ts';
import { parseMail, type ParsedMail } from './mime.ts';

export interface ReceivedMail extends ParsedMail {
  id: number;
  receivedAt: Date;
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
}

/** An SMTP answer to give instead of accepting a message (e.g. 451 to test a retry). */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface DevSmtpOptions {
  port?: number;
  host?: string;
  /** messages kept (the oldest go first) */
  keep?: number;
  /** decides per message whether to refuse it; null accepts */
  refuse?: (envelope: { from: string; to: string[] }, raw: Buffer) => SmtpRefusal | null;
  /** the server's own time (when a message arrived); the system's unless a test moves it */
  clock?: Clock;
}

export interface DevSmtpServer {
  readonly port: number;
  readonly url: string;
  messages(): ReceivedMail[];
  get(id: number): ReceivedMail | undefined;
  clear(): void;
  /** Replaces the refusal rule (tests). */
  setRefusal(refuse: DevSmtpOptions['refuse'] | null): void;
  /** Resolves once `count` messages have arrived (tests). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startDevSmtp(options: DevSmtpOptions = {}): Promise<DevSmtpServer> {
  const keep = options.keep ?? 200;
  const host = options.host ?? '127.0.0.1';
  const store: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let nextId = 1;
  let refuse = options.refuse ?? null;
  const clock = options.clock ?? systemClock;

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Sportello development mail server',
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const refusal = refuse?.(envelope, raw);
        if (refusal) {
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
          callback(error);
          return;
        }
        let parsed: ParsedMail;
        try {
          parsed = parseMail(raw);
        } catch {
          parsed = { headers: {}, subject: '', from: envelope.from, to: envelope.to.join(', '), date: '', messageId: '', text: raw.toString('utf8'), html: null, attachments: [] };
        }
        store.push({ ...parsed, id: nextId++, receivedAt: clock(), envelopeFrom: envelope.from, envelopeTo: envelope.to, raw });
        while (store.length > keep) store.shift();
        for (const wake of waiters) wake();
        callback(null);
      });
    },
  });
  server.on('error', () => {});

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...store],
    get: (id) => store.find((m) => m.id === id),
    clear: () => {
      store.length = 0;
    },
    setRefusal(rule) {
      refuse = rule ?? null;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (store.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve([...store]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} e-mails, got ${store.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
