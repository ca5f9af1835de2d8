// What other domains use of notifications. Call enqueueNotification INSIDE the transaction
// that makes the change the message is about:
//
//   await db.transaction().execute(async (trx) => {
//     ... the change ...
//     await enqueueNotification(trx, { kind: 'decision', recipientFiscalCode, locale,
//       data: { procedureTitle, protocolNumber, link, outcome: 'accepted' },
//       dedupeKey: `submission:${id}:decision` });
//   });
export { registerAttachmentRenderer, type Attachment, type AttachmentRenderer, type AttachmentRequest } from './attachments.ts';
export { rememberContact } from './contacts.service.ts';
export { NOTIFICATION_KINDS, PUBLIC_NOTIFICATION_KINDS, type KindData, type NotificationKind, type PublicNotificationKind } from './kinds.ts';
export { cancelNotification, enqueueNotification, enqueueNotifications, NotificationInputError, type EnqueueInput, type EnqueueResult } from './outbox.service.ts';
