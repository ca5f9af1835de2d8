// The PEC channel of the outbox: a notice with legal value (notifications/kinds.ts
// hasLegalValue) goes to the recipient's digital domicile, found in INAD or INI-PEC at sending
// time, from the comune's PEC mailbox over SMTP, with the same text as the e-mail and its
// documents attached. Each message has a stable Message-ID (the receipts refer to it by
// X-Riferimento-Message-ID). Without a domicile, the notice is recorded as such on the case
// (the office sends a paper copy: CAD art. 3-bis c. 4-bis) and the delivery is skipped.
import type { Transporter } from 'nodemailer';
import { createTransport, renderEmail } from '../notifications/channels/email.ts';
import { renderAttachments, type Attachment } from '../notifications/attachments.ts';
import { compose } from '../notifications/compose.ts';
import { DeliveryError, type ChannelSender, type ClaimedDelivery, type DeliveryOutcome } from '../notifications/delivery.ts';
import { hasLegalValue, isNotificationKind } from '../notifications/kinds.ts';
import type { DB } from '../db/database.ts';
import { DomicileUnavailableError } from './domicile-registry.ts';
import type { DomicileService, NoticeRef } from './domicile.service.ts';

export interface PecChannelOptions {
  db: DB;
  domicile: DomicileService;
  /** the comune's PEC mailbox, sending side (null: PEC not configured, deliveries skipped) */
  smtpUrl: string | null;
  from: string;
  baseUrl: string;
  comuneName: string;
  /** the case's documents the notice carries (the decision, the request's files) */
  documents?(submissionId: number, kind: string): Promise<Attachment[]>;
}

export function createPecChannel(options: PecChannelOptions): ChannelSender & { transport: Transporter | null } {
  const transport = options.smtpUrl ? createTransport({ url: options.smtpUrl }) : null;
  const messageIdDomain = new URL(options.baseUrl).hostname || 'sportello.localhost';

  async function send(delivery: ClaimedDelivery & { kind: Parameters<typeof compose>[0] }, to: string, messageId: string) {
    let attachments: Attachment[];
    try {
      attachments = await renderAttachments({ ...delivery, id: delivery.notificationId, db: options.db });
      const submissionId = Number(delivery.data.submissionId);
      if (options.documents && Number.isSafeInteger(submissionId) && submissionId > 0) attachments.push(...(await options.documents(submissionId, delivery.kind)));
    } catch (error) {
      throw new DeliveryError(`attachment: ${(error as Error).message}`.slice(0, 500), { cause: error });
    }
    const message = compose(delivery.kind, delivery.data, { locale: delivery.locale, channel: 'email', baseUrl: options.baseUrl, comuneName: options.comuneName, hasAttachment: attachments.length > 0 });
    const rendered = renderEmail(message, { locale: delivery.locale, comuneName: options.comuneName });
    try {
      await transport!.sendMail({
        from: options.from,
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { 'X-Sportello-Notification': `${delivery.notificationId}/${delivery.kind}` },
        attachments: attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
      });
    } catch (error) {
      const err = error as { message?: string; responseCode?: number };
      const code = typeof err.responseCode === 'number' ? err.responseCode : undefined;
      throw new DeliveryError(`PEC SMTP: ${code ? `${code} ` : ''}${(err.message ?? String(error)).slice(0, 500)}`, { permanent: code !== undefined && code >= 500, cause: error });
    }
  }

  return {
    transport,
    async deliver(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
      if (!isNotificationKind(delivery.kind) || !hasLegalValue(delivery.kind, delivery.data)) return { status: 'skipped', reason: 'not a notice with legal value' };
      if (!transport || !options.domicile.configured) return { status: 'skipped', reason: 'PEC is not configured (DOMICILE_REGISTRY=none)' };
      const done = await options.domicile.handled(delivery.id);
      if (done) return done.message_id ? { status: 'sent', externalId: done.message_id } : { status: 'skipped', reason: 'no digital domicile' };
      const submissionId = Number(delivery.data.submissionId);
      const notice: NoticeRef = { deliveryId: delivery.id, notificationId: delivery.notificationId, recipientFiscalCode: delivery.recipientFiscalCode, submissionId: Number.isSafeInteger(submissionId) && submissionId > 0 ? submissionId : null };
      let lookup;
      try {
        lookup = await options.domicile.find(delivery.recipientFiscalCode, String(delivery.data.protocolNumber ?? `notifica-${delivery.notificationId}`));
      } catch (error) {
        if (error instanceof DomicileUnavailableError) throw new DeliveryError(`domicile look-up: ${error.message}`, { cause: error });
        throw error;
      }
      if (!lookup.address) {
        await options.domicile.recordNoDomicile(notice, lookup);
        return { status: 'skipped', reason: 'no digital domicile' };
      }
      // one id per delivery: a resend after a crash is the same message, and the receipts name it
      const messageId = `<pec-${delivery.id}@${messageIdDomain}>`;
      await send({ ...delivery, kind: delivery.kind }, lookup.address, messageId);
      await options.domicile.recordSent(notice, lookup, messageId);
      return { status: 'sent', externalId: messageId };
    },
    close() {
      transport?.close();
    },
  };
}
