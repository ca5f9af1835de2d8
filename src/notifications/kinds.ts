// The kinds of notification the portal sends, and the data each one carries. Other domains
// name a kind and hand over its data when they enqueue; the data is checked here (a bad
// payload is a programming error and rolls the caller's transaction back) and stored as JSON,
// so the texts are composed later, at sending or reading time, in the person's language.
// Unknown extra keys are kept (e.g. a submission id that an attachment renderer needs).
import { z } from 'zod';

/** A text in both languages (procedure titles come so from the catalogue) or a plain string. */
const localText = z.union([z.string().min(1).max(500), z.object({ it: z.string().min(1).max(500), en: z.string().min(1).max(500) })]);
/** A page of the portal: a path, made absolute with BASE_URL when it leaves the portal. */
const portalPath = z.string().regex(/^\/(?!\/)[^\s]*$/, 'a path on the portal, starting with /');
/** A calendar date (YYYY-MM-DD) or an ISO date-time. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO date');
const protocolNumber = z.string().min(1).max(60);
const officeText = z.string().trim().min(1).max(5000);
const amountCents = z.number().int().positive();
/** pagoPA notice number: 18 digits, starting with the aux digit 0..3. */
export const NOTICE_NUMBER = /^[0123][0-9]{17}$/;

/** The alerts staff receive (src/backoffice/staff-alerts.rules.ts) and what one names of its case. */
const staffAlertKind = z.enum(['new_filing', 'applicant_reply', 'assigned', 'deadline_soon', 'deadline_overdue']);
const staffAlertCase = { procedureTitle: localText, protocolNumber, officeName: localText, link: portalPath, dueDate: isoDate.optional() };

export const kindSchemas = {
  /** The filing is registered: the receipt PDF goes with the e-mail (attachment renderer). */
  'submission.received': z
    .object({
      procedureTitle: localText,
      protocolNumber,
      protocolDate: isoDate.optional(),
      link: portalPath,
      /** the date by which the office must answer (law 241/1990), when known */
      deadlineDate: isoDate.optional(),
      officeName: localText.optional(),
    })
    .passthrough(),
  /** The office needs more information or documents; the clock stops until the answer. */
  'integration.requested': z
    .object({ procedureTitle: localText, protocolNumber, link: portalPath, message: officeText, replyBy: isoDate.optional(), officeName: localText.optional() })
    .passthrough(),
  /** A message the office wrote about a filing. */
  'office.message': z
    .object({ procedureTitle: localText, protocolNumber, link: portalPath, message: officeText, officeName: localText.optional() })
    .passthrough(),
  /** A payment position is open: App IO gets the notice number so the person can pay in the app. */
  'payment.requested': z
    .object({
      procedureTitle: localText,
      protocolNumber: protocolNumber.optional(),
      link: portalPath,
      amountCents,
      noticeNumber: z.string().regex(NOTICE_NUMBER, 'an 18-digit pagoPA notice number'),
      /** the comune's fiscal code (creditor): required by App IO for payment data */
      payeeFiscalCode: z.string().regex(/^\d{11}$/).optional(),
      dueDate: isoDate.optional(),
      description: z.string().max(140).optional(),
    })
    .passthrough(),
  'payment.received': z
    .object({
      procedureTitle: localText,
      protocolNumber: protocolNumber.optional(),
      link: portalPath.optional(),
      amountCents,
      noticeNumber: z.string().regex(NOTICE_NUMBER).optional(),
      paidAt: isoDate.optional(),
      /** paid after the notice expired (the person was told it expired); taken all the same */
      afterExpiry: z.boolean().optional(),
      /** and the filing that waited for it, not sent at the expiry, is filed now */
      filingFiled: z.boolean().optional(),
    })
    .passthrough(),
  'payment.failed': z
    .object({ procedureTitle: localText, protocolNumber: protocolNumber.optional(), link: portalPath, amountCents, noticeNumber: z.string().regex(NOTICE_NUMBER).optional() })
    .passthrough(),
  /**
   * A position expired unpaid (its due date passed, or the provider says so). A filing that
   * waited for it (fees paid before submission) was not sent: the text says it can be filed again.
   */
  'payment.expired': z
    .object({
      procedureTitle: localText,
      protocolNumber: protocolNumber.optional(),
      link: portalPath,
      amountCents,
      noticeNumber: z.string().regex(NOTICE_NUMBER).optional(),
      dueDate: isoDate.optional(),
    })
    .passthrough(),
  /** The office decided: accepted, rejected, or closed otherwise (withdrawn, archived). */
  'decision': z
    .object({
      procedureTitle: localText,
      protocolNumber,
      link: portalPath,
      outcome: z.enum(['accepted', 'rejected', 'closed']),
      message: officeText.optional(),
    })
    .passthrough(),
  /**
   * A deadline is near: the answer to a request for integration, a payment, the reply to a
   * notice of refusal (art. 10-bis law 241/1990), or another date. Usually enqueued ahead with
   * `deliverAfter`, and cancelled (by its dedupe key) if it stops mattering.
   */
  'deadline.reminder': z
    .object({
      procedureTitle: localText,
      protocolNumber: protocolNumber.optional(),
      link: portalPath,
      dueDate: isoDate,
      topic: z.enum(['integration', 'payment', 'refusal-notice', 'other']),
      message: officeText.optional(),
    })
    .passthrough(),
  /**
   * Someone delegated the person to act for them (src/representation): online, to accept or
   * refuse; or on a paper form registered at a desk, in force already.
   */
  'delegation.granted': z
    .object({
      delegatorName: z.string().min(1).max(200),
      link: portalPath,
      validFrom: isoDate,
      validTo: isoDate.optional(),
      access: z.enum(['read', 'full']),
      origin: z.enum(['online', 'paper']),
    })
    .passthrough(),
  /**
   * A filing made for the person at a help desk (src/representation): its receipt, e-mailed to
   * the address the person gave at the desk (the attachment renderer adds the PDF), with how
   * to find the filing in the personal area once they log in with their own identity.
   */
  'desk.receipt': z
    .object({
      email: z.string().email(),
      procedureTitle: localText,
      protocolNumber: protocolNumber.optional(),
      protocolDate: isoDate.optional(),
      deskName: localText,
      /** the person's own codice fiscale: the one to log in with */
      fiscalCode: z.string().regex(/^[A-Z0-9]{16}$/),
      link: portalPath,
    })
    .passthrough(),
  /**
   * An alert to a member of staff about a case (src/backoffice/staff-alerts*.ts), to the address
   * the staff register holds: the protocol number, procedure and office only, and the link to
   * the case (behind the back office's login).
   */
  'staff.alert': z.object({ email: z.string().email(), alert: staffAlertKind, ...staffAlertCase }).passthrough(),
  /** A member of staff's daily digest of the alerts of the day (at most 100 listed, and how many more). */
  'staff.digest': z
    .object({ email: z.string().email(), day: isoDate, items: z.array(z.object({ alert: staffAlertKind, ...staffAlertCase })).min(1).max(100), more: z.number().int().min(0).optional(), link: portalPath })
    .passthrough(),
  /** A filing without login (src/anonymous): the link that confirms it, to the address given, before it is filed. */
  'anonymous.confirm': z.object({ email: z.string().email(), procedureTitle: localText, link: portalPath, expiresAt: isoDate }).passthrough(),
  /** A filing without login was filed: its protocol number and its secret tracking link, to the confirmed address. */
  'anonymous.filed': z.object({ email: z.string().email(), procedureTitle: localText, protocolNumber: protocolNumber.optional(), link: portalPath }).passthrough(),
  /** Internal: the link that confirms a new e-mail address, sent to that address only. */
  'contact.confirm-email': z.object({ email: z.string().email(), link: portalPath }).strict(),
} as const;

export type NotificationKind = keyof typeof kindSchemas;
/** The kinds other domains enqueue (the confirmation e-mail is the preferences' own). */
export type PublicNotificationKind = Exclude<NotificationKind, 'contact.confirm-email'>;
export type KindData<K extends NotificationKind> = z.input<(typeof kindSchemas)[K]>;
export type ParsedKindData<K extends NotificationKind> = z.output<(typeof kindSchemas)[K]>;
export type LocalText = z.infer<typeof localText>;

export const NOTIFICATION_KINDS = Object.keys(kindSchemas) as NotificationKind[];
export const PUBLIC_NOTIFICATION_KINDS = NOTIFICATION_KINDS.filter((kind): kind is PublicNotificationKind => kind !== 'contact.confirm-email');

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(kindSchemas, value);
}

export type Channel = 'inbox' | 'email' | 'io' | 'pec';

/**
 * The kinds sent by e-mail only, to the address their data carries rather than to the person's
 * confirmed one: the confirmation link (to the new address), a help desk's receipt (to the
 * address given at the desk, by someone who may have no account), the alerts to staff (to the
 * address of the staff register), and the two links of a filing without login (src/anonymous:
 * to the address the person gave, who has no account).
 */
export function toGivenAddress(kind: NotificationKind): boolean {
  return kind === 'contact.confirm-email' || kind === 'desk.receipt' || kind === 'staff.alert' || kind === 'staff.digest' || kind === 'anonymous.confirm' || kind === 'anonymous.filed';
}

/**
 * Notices with legal value (a decision, a request for integration, and an office message the
 * sender marks `legalNotice: true`: a notice of refusal under art. 10-bis, an order on a SCIA)
 * also go to the recipient's digital domicile by PEC (src/domicile); e-mail and App IO stay as
 * courtesy copies.
 */
export function hasLegalValue(kind: NotificationKind, data?: Record<string, unknown>): boolean {
  return kind === 'decision' || kind === 'integration.requested' || (kind === 'office.message' && data?.legalNotice === true);
}

/** Where each kind goes. */
export function channelsOf(kind: NotificationKind, data?: Record<string, unknown>): readonly Channel[] {
  if (toGivenAddress(kind)) return ['email'];
  return hasLegalValue(kind, data) ? ['inbox', 'email', 'io', 'pec'] : ['inbox', 'email', 'io'];
}
