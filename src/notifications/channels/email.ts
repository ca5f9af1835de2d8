// E-mail over SMTP (nodemailer). The recipient is the person's confirmed address from their
// contact preferences, looked up at sending time, so a notification enqueued before they
// confirmed an address still reaches it; the confirmation e-mail itself goes to the new
// address, and a help desk's receipt to the address given at the desk. Text and HTML come from the Nunjucks templates in views/notifications/email/; the
// kind's attachment renderer, if any, adds its documents (the receipt of a filing).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type Transporter } from 'nodemailer';
import nunjucks from 'nunjucks';
import type { DB } from '../../db/database.ts';
import { translator } from '../../platform/i18n.ts';
import { renderAttachments, type Attachment } from '../attachments.ts';
import { compose, type ComposedMessage } from '../compose.ts';
import { DeliveryError, type ChannelSender, type DeliveryOutcome } from '../delivery.ts';
import { isNotificationKind, toGivenAddress } from '../kinds.ts';
import * as repo from '../notifications.repository.ts';
import type { ClaimedDelivery } from '../notifications.repository.ts';

const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../views');

export type SmtpSettings = { url: string } | { host: string; port: number; secure: boolean; user?: string; pass?: string };

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function environments(noCache: boolean) {
  const loader = new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache });
  const html = new nunjucks.Environment(loader, { autoescape: true });
  const text = new nunjucks.Environment(loader, { autoescape: false, trimBlocks: false, lstripBlocks: false });
  text.addFilter('indentQuote', (value: string) =>
    String(value)
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join('\n'),
  );
  return { html, text };
}

let shared: ReturnType<typeof environments> | undefined;

/** The subject, plain text and HTML of a composed message. */
export function renderEmail(message: ComposedMessage, context: { locale: 'it' | 'en'; comuneName: string }): RenderedEmail {
  shared ??= environments(process.env.NODE_ENV === 'development');
  const model = { message, locale: context.locale, comuneName: context.comuneName, portalName: translator(context.locale)('site.portalName') };
  const text = shared.text
    .render('notifications/email/message.txt.njk', model)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject: message.subject, text: `${text}\n`, html: shared.html.render('notifications/email/message.html.njk', model) };
}

export function createTransport(smtp: SmtpSettings) {
  const timeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
  if ('url' in smtp) {
    const url = new URL(smtp.url);
    for (const [key, value] of Object.entries(timeouts)) if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
    return nodemailer.createTransport(url.toString());
  }
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    ...timeouts,
  });
}

/** SMTP replies 5xx are final (no such mailbox, message refused); the rest may pass later. */
function toDeliveryError(error: unknown): DeliveryError {
  const err = error as { message?: string; responseCode?: number; code?: string };
  const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const message = `SMTP: ${code ? `${code} ` : ''}${(err.message ?? String(error)).slice(0, 500)}`;
  return new DeliveryError(message, { permanent: code !== undefined && code >= 500 && code < 600, cause: error });
}

export interface EmailChannelOptions {
  db: DB;
  smtp: SmtpSettings;
  from: string;
  baseUrl: string;
  comuneName: string;
}

export function createEmailChannel(options: EmailChannelOptions): ChannelSender & { transport: Transporter } {
  const transport = createTransport(options.smtp);
  const messageIdDomain = new URL(options.baseUrl).hostname || 'sportello.localhost';

  return {
    transport,
    async deliver(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
      if (!isNotificationKind(delivery.kind)) return { status: 'skipped', reason: `unknown kind ${delivery.kind}` };
      let to: string;
      if (toGivenAddress(delivery.kind)) {
        to = String(delivery.data.email);
      } else {
        const contact = await repo.getContact(options.db, delivery.recipientFiscalCode);
        if (!contact?.email || !contact.email_confirmed_at) return { status: 'skipped', reason: 'no confirmed e-mail address' };
        to = contact.email;
      }
      let attachments: Attachment[];
      try {
        attachments = await renderAttachments({ ...delivery, kind: delivery.kind, id: delivery.notificationId, db: options.db });
      } catch (error) {
        throw new DeliveryError(`attachment: ${(error as Error).message}`.slice(0, 500), { cause: error });
      }
      const message = compose(delivery.kind, delivery.data, {
        locale: delivery.locale,
        channel: 'email',
        baseUrl: options.baseUrl,
        comuneName: options.comuneName,
        hasAttachment: attachments.length > 0,
      });
      const rendered = renderEmail(message, { locale: delivery.locale, comuneName: options.comuneName });
      try {
        const info = await transport.sendMail({
          from: options.from,
          to,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          // one id per delivery: a receiving server can recognise a resend after a crash
          messageId: `<notification-${delivery.id}@${messageIdDomain}>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Sportello-Notification': `${delivery.notificationId}/${delivery.kind}` },
          attachments: attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
        });
        return { status: 'sent', externalId: info.messageId ?? null };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
