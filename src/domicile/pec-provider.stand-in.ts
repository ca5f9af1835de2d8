// A stand-in PEC provider for development and tests only: what the comune's PEC provider does,
// on two real servers. An SMTP server (smtp-server) takes the portal's message, the way the
// provider's access point does; the provider then puts its receipts (DPR 68/2005 art. 6, and
// the technical rules of DM 2 November 2005) into the sender's mailbox, an IMAP server
// (hoodiecrow-imap, an IMAP4rev1 test server): first the accettazione, then for each recipient
// the avvenuta-consegna, or the errore-consegna when the recipient's provider cannot deliver
// (the test domain FAILING_PEC_DOMAIN). Each receipt carries X-Ricevuta, X-Riferimento-Message-ID
// (the portal's Message-ID) and the certification data as daticert.xml. Production refuses it.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { parseMail, type ParsedMail } from '../notifications/mime.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { FAILING_PEC_DOMAIN } from './domicile.stand-in.ts';

/** The stand-in mailbox's account (test data, not a secret). */
export const PEC_STAND_IN_USER = 'protocollo@pec.comune.localhost';
export const PEC_STAND_IN_PASSWORD = 'stand-in';
const PROVIDER_DOMAIN = 'pec.stand-in.localhost';

interface HoodiecrowServer {
  server: import('node:net').Server;
  appendMessage(mailbox: string, flags: string[], date: Date, raw: string): unknown;
  close(callback?: () => void): void;
}

export interface ReceivedPec extends ParsedMail {
  envelopeFrom: string;
  envelopeTo: string[];
}

export interface PecProviderStandIn {
  readonly smtpPort: number;
  readonly imapPort: number;
  /** PEC_SMTP_URL and PEC_IMAP_URL that reach it */
  readonly smtpUrl: string;
  readonly imapUrl: string;
  readonly from: string;
  /** the messages it took */
  messages(): ReceivedPec[];
  /** how many receipts it put in the mailbox */
  receipts(): number;
  /** Puts a receipt again (a provider resending it: the portal records it once). */
  resend(index: number): void;
  close(): Promise<void>;
}

const HOODIECROW = 'hoodiecrow-imap';

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** A receipt as the provider writes it: headers, a text and the certification data (daticert.xml). */
export function receiptMessage(input: { kind: string; refMessageId: string; subject: string; from: string; to: string; recipient: string | null; at: Date; error?: string }): string {
  const titles: Record<string, string> = {
    accettazione: 'ACCETTAZIONE',
    'avvenuta-consegna': 'CONSEGNA',
    'errore-consegna': 'AVVISO DI MANCATA CONSEGNA',
    'non-accettazione': 'AVVISO DI NON ACCETTAZIONE',
  };
  const boundary = `receipt-${randomUUID()}`;
  const stamp = input.at.toISOString();
  const text = input.kind === 'accettazione'
    ? `Il giorno ${stamp} il messaggio "${input.subject}" proveniente da "${input.from}" ed indirizzato a "${input.to}" è stato accettato dal sistema ed inoltrato.`
    : input.kind === 'avvenuta-consegna'
      ? `Il giorno ${stamp} il messaggio "${input.subject}" proveniente da "${input.from}" ed indirizzato a "${input.recipient}" è stato consegnato nella casella di destinazione.`
      : `Il giorno ${stamp} nel messaggio "${input.subject}" proveniente da "${input.from}" ed indirizzato a "${input.recipient}" è stato rilevato un errore: ${input.error ?? 'consegna non riuscita'}.`;
  const daticert = `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="${input.kind}" errore="${input.kind === 'errore-consegna' ? 'no-dest' : 'nessuno'}">
  <intestazione><mittente>${input.from}</mittente><destinatari tipo="certificato">${input.recipient ?? input.to}</destinatari><oggetto>${input.subject.replace(/[<&>]/g, '')}</oggetto></intestazione>
  <dati><gestore-emittente>Stand-in PEC</gestore-emittente><data zona="+0000"><giorno>${stamp.slice(0, 10)}</giorno><ora>${stamp.slice(11, 19)}</ora></data>
  <identificativo>${randomUUID()}@${PROVIDER_DOMAIN}</identificativo><msgid>${input.refMessageId}</msgid>${input.recipient ? `<consegna>${input.recipient}</consegna>` : ''}</dati>
</postacert>
`;
  return [
    `From: "Per conto di: ${input.from}" <posta-certificata@${PROVIDER_DOMAIN}>`,
    `To: ${input.from}`,
    `Subject: ${titles[input.kind] ?? input.kind.toUpperCase()}: ${input.subject.replace(/[\r\n]/g, ' ')}`,
    `Date: ${rfc2822(input.at)}`,
    `Message-ID: <${randomUUID()}@${PROVIDER_DOMAIN}>`,
    `X-Ricevuta: ${input.kind}`,
    `X-Riferimento-Message-ID: ${input.refMessageId}`,
    'X-Trasporto: posta-certificata',
    ...(input.recipient ? [`X-Verifica-Sicurezza: ${input.kind === 'errore-consegna' ? 'errore' : 'nessuno'}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    `--${boundary}`,
    'Content-Type: application/xml; name="daticert.xml"',
    'Content-Disposition: attachment; filename="daticert.xml"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(daticert, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

export async function startPecProviderStandIn(options: { smtpPort?: number; imapPort?: number; host?: string; clock?: Clock } = {}): Promise<PecProviderStandIn> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  // hoodiecrow-imap is CommonJS without types, and a development dependency: loaded here only
  const hoodiecrow = createRequire(import.meta.url)(HOODIECROW) as (options: object) => HoodiecrowServer;
  const imap = hoodiecrow({ plugins: ['IDLE', 'UIDPLUS', 'ENABLE'], users: { [PEC_STAND_IN_USER]: { password: PEC_STAND_IN_PASSWORD } } });
  const taken: ReceivedPec[] = [];
  const dropped: string[] = [];

  const drop = (raw: string) => {
    dropped.push(raw);
    imap.appendMessage('INBOX', [], clock(), raw);
  };

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Sportello stand-in PEC provider',
    size: 30 * 1024 * 1024,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks));
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        taken.push({ ...mail, envelopeFrom, envelopeTo });
        const base = { refMessageId: mail.messageId, subject: mail.subject, from: envelopeFrom, to: envelopeTo.join(', ') };
        drop(receiptMessage({ ...base, kind: 'accettazione', recipient: null, at: clock() }));
        callback();
        // the recipients' providers answer a moment later
        setImmediate(() => {
          for (const recipient of envelopeTo) {
            const fails = recipient.toLowerCase().endsWith(`@${FAILING_PEC_DOMAIN}`);
            drop(receiptMessage({ ...base, kind: fails ? 'errore-consegna' : 'avvenuta-consegna', recipient, at: clock(), ...(fails ? { error: '5.1.1 - casella inesistente' } : {}) }));
          }
        });
      });
    },
  });

  const listen = (server: import('node:net').Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const smtpPort = await listen(smtp.server, options.smtpPort ?? 0);
  let imapPort: number;
  try {
    imapPort = await listen(imap.server, options.imapPort ?? 0);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  return {
    smtpPort,
    imapPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    imapUrl: `imap://${encodeURIComponent(PEC_STAND_IN_USER)}:${PEC_STAND_IN_PASSWORD}@${host}:${imapPort}`,
    from: `"Comune (PEC)" <${PEC_STAND_IN_USER}>`,
    messages: () => [...taken],
    receipts: () => dropped.length,
    resend: (index) => {
      const raw = dropped[index];
      if (raw) drop(raw);
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => {
        imap.server.close(() => resolve());
        // hoodiecrow keeps its client sockets: closing the listener is enough once clients logged out
        setTimeout(resolve, 200).unref();
      });
    },
  };
}
