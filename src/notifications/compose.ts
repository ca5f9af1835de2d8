// What a notification says: from its kind and data, in one language, a channel-neutral message
// (subject, paragraphs, a quoted text from the office, facts such as the protocol number, one
// action link, a footer). The e-mail templates, the App IO markdown and the inbox page all
// render this one model, so the three channels never say different things.
import { formatDate, formatMoney } from '../platform/format.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import { isCalendarDate } from '../platform/time.ts';
import { kindSchemas, toGivenAddress, type LocalText, type NotificationKind, type ParsedKindData } from './kinds.ts';

export type ComposeChannel = 'email' | 'io' | 'inbox';

export interface ComposedMessage {
  kind: NotificationKind;
  subject: string;
  greeting: string;
  paragraphs: string[];
  quote?: { label: string; text: string };
  facts: { label: string; value: string }[];
  notes: string[];
  action?: { label: string; url: string };
  footer: string[];
}

export interface ComposeContext {
  locale: Locale;
  channel: ComposeChannel;
  /** BASE_URL; links leaving the portal (e-mail, App IO) are absolute and carry the language. */
  baseUrl: string;
  comuneName: string;
  /** the e-mail carries the receipt (an attachment renderer gave one) */
  hasAttachment?: boolean;
}

/** App IO's limits on a message (Services API, POST /messages). */
export const IO_LIMITS = { subjectMin: 10, subjectMax: 120, markdownMin: 80, markdownMax: 10_000 } as const;

export function localText(text: LocalText | undefined, locale: Locale): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : text[locale] || text.it;
}

/** A date in the message's language; a value that is not a date is shown as it came. */
function dateText(value: string, locale: Locale): string {
  return Number.isNaN(Date.parse(isCalendarDate(value) ? `${value}T12:00:00Z` : value)) ? value : formatDate(value, locale);
}

/** A notice number as printed on pagoPA notices: groups of four digits. */
export function formatNoticeNumber(notice: string): string {
  return notice.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function portalLink(path: string, context: Pick<ComposeContext, 'channel' | 'baseUrl' | 'locale'>): string {
  if (context.channel === 'inbox') return path;
  const url = new URL(path, `${context.baseUrl}/`);
  url.searchParams.set('lang', context.locale);
  return url.toString();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * A subject from a template with a {procedure} slot: the procedure title is shortened first so
 * the whole stays within App IO's 120 characters (e-mail clients cut long subjects too).
 */
function fitSubject(t: ReturnType<typeof translator>, key: string, params: Record<string, string>, comuneName: string): string {
  const fixed = t(key, { ...params, procedure: '' });
  const room = IO_LIMITS.subjectMax - fixed.length;
  let subject = t(key, { ...params, procedure: truncate(params.procedure ?? '', Math.max(room, 1)) });
  subject = truncate(subject, IO_LIMITS.subjectMax);
  if (subject.length < IO_LIMITS.subjectMin) subject = truncate(`${subject} - ${comuneName}`, IO_LIMITS.subjectMax);
  return subject;
}

/** The message being written: each kind adds its subject, paragraphs, facts, notes and action. */
interface Draft {
  readonly t: ReturnType<typeof translator>;
  readonly context: ComposeContext;
  subject: string;
  paragraphs: string[];
  facts: ComposedMessage['facts'];
  notes: string[];
  quote?: ComposedMessage['quote'];
  action?: ComposedMessage['action'];
}

function fact(m: Draft, labelKey: string, value: string | undefined): void {
  if (value) m.facts.push({ label: m.t(labelKey), value });
}

function act(m: Draft, labelKey: string, path: string): void {
  m.action = { label: m.t(labelKey), url: portalLink(path, m.context) };
}

/** The filing's opening: subject and intro over the procedure and the protocol number, and those two facts. */
function filingOpening(m: Draft, key: string, d: { procedureTitle: LocalText; protocolNumber: string }, introKey = `${key}.intro`): void {
  const params = { procedure: localText(d.procedureTitle, m.context.locale), protocol: d.protocolNumber };
  m.subject = fitSubject(m.t, `${key}.subject`, params, m.context.comuneName);
  m.paragraphs.push(m.t(introKey, params));
  fact(m, 'notify.fact.procedure', params.procedure);
  fact(m, 'notify.fact.protocol', d.protocolNumber);
}

type PaymentData = { procedureTitle: LocalText; protocolNumber?: string | undefined; description?: string | undefined; amountCents: number; noticeNumber?: string | undefined };

/** The payment messages open alike: intro; what, which filing, how much, which notice. */
function paymentOpening(m: Draft, which: `payment.${'requested' | 'received' | 'failed' | 'expired'}`, d: PaymentData): void {
  const { locale } = m.context;
  const params = { procedure: localText(d.procedureTitle, locale), amount: formatMoney(d.amountCents, locale) };
  m.paragraphs.push(m.t(`notify.${which}.intro`, params));
  fact(m, 'notify.fact.procedure', params.procedure);
  fact(m, 'notify.fact.protocol', d.protocolNumber);
  fact(m, 'notify.fact.description', d.description);
  fact(m, 'notify.fact.amount', params.amount);
  fact(m, 'notify.fact.noticeNumber', d.noticeNumber && formatNoticeNumber(d.noticeNumber));
  m.subject = fitSubject(m.t, `notify.${which}.subject`, params, m.context.comuneName);
}

/** What a staff alert names of its case: protocol number, procedure, office, due date. */
function staffCaseFacts(m: Draft, d: { protocolNumber: string; procedureTitle: LocalText; officeName: LocalText; dueDate?: string | undefined }): void {
  fact(m, 'notify.fact.protocol', d.protocolNumber);
  fact(m, 'notify.fact.procedure', localText(d.procedureTitle, m.context.locale));
  fact(m, 'notify.fact.office', localText(d.officeName, m.context.locale));
  fact(m, 'notify.fact.dueDate', d.dueDate && dateText(d.dueDate, m.context.locale));
}

type Composer<K extends NotificationKind> = (d: ParsedKindData<K>, m: Draft) => void;

/** What each kind says. */
const COMPOSERS: { [K in NotificationKind]: Composer<K> } = {
  'submission.received': (d, m) => {
    const { locale } = m.context;
    filingOpening(m, 'notify.submission.received', d);
    fact(m, 'notify.fact.protocolDate', d.protocolDate && dateText(d.protocolDate, locale));
    fact(m, 'notify.fact.office', localText(d.officeName, locale));
    fact(m, 'notify.fact.deadline', d.deadlineDate && dateText(d.deadlineDate, locale));
    m.notes.push(d.deadlineDate ? m.t('notify.submission.received.deadline', { date: dateText(d.deadlineDate, locale) }) : m.t('notify.submission.received.follow'));
    m.notes.push(m.t(m.context.channel === 'email' && m.context.hasAttachment ? 'notify.submission.received.receiptAttached' : 'notify.submission.received.receiptOnline'));
    act(m, 'notify.submission.received.action', d.link);
  },
  'integration.requested': (d, m) => {
    const { locale } = m.context;
    filingOpening(m, 'notify.integration.requested', d);
    m.quote = { label: m.t('notify.quote.office'), text: d.message };
    fact(m, 'notify.fact.office', localText(d.officeName, locale));
    fact(m, 'notify.fact.replyBy', d.replyBy && dateText(d.replyBy, locale));
    m.notes.push(d.replyBy ? m.t('notify.integration.requested.replyBy', { date: dateText(d.replyBy, locale) }) : m.t('notify.integration.requested.suspended'));
    act(m, 'notify.integration.requested.action', d.link);
  },
  'office.message': (d, m) => {
    filingOpening(m, 'notify.office.message', d);
    m.quote = { label: m.t('notify.quote.office'), text: d.message };
    fact(m, 'notify.fact.office', localText(d.officeName, m.context.locale));
    act(m, 'notify.office.message.action', d.link);
  },
  'payment.requested': (d, m) => {
    paymentOpening(m, 'payment.requested', d);
    fact(m, 'notify.fact.dueDate', d.dueDate && dateText(d.dueDate, m.context.locale));
    m.notes.push(m.t('notify.payment.requested.how'));
    if (m.context.channel === 'io' && d.payeeFiscalCode) m.notes.push(m.t('notify.payment.requested.inApp'));
    act(m, 'notify.payment.requested.action', d.link);
  },
  'payment.received': (d, m) => {
    paymentOpening(m, 'payment.received', d);
    // after an expiry message: this one says what now holds, so the two do not contradict
    if (d.afterExpiry) m.paragraphs.push(m.t(d.filingFiled ? 'notify.payment.received.lateFiled' : 'notify.payment.received.late'));
    if (d.filingFiled) m.subject = fitSubject(m.t, 'notify.payment.received.subjectFiled', { procedure: localText(d.procedureTitle, m.context.locale) }, m.context.comuneName);
    fact(m, 'notify.fact.paidAt', d.paidAt && dateText(d.paidAt, m.context.locale));
    m.notes.push(m.t('notify.payment.received.receipt'));
    if (d.link) act(m, 'notify.payment.received.action', d.link);
  },
  'payment.failed': (d, m) => {
    paymentOpening(m, 'payment.failed', d);
    m.notes.push(m.t('notify.payment.failed.retry'));
    act(m, 'notify.payment.failed.action', d.link);
  },
  'payment.expired': (d, m) => {
    paymentOpening(m, 'payment.expired', d);
    fact(m, 'notify.fact.dueDate', d.dueDate && dateText(d.dueDate, m.context.locale));
    m.notes.push(m.t('notify.payment.expired.filing'));
    act(m, 'notify.payment.expired.action', d.link);
  },
  decision: (d, m) => {
    filingOpening(m, 'notify.decision', d, `notify.decision.${d.outcome}`);
    if (d.message) m.quote = { label: m.t('notify.quote.notes'), text: d.message };
    m.notes.push(m.t('notify.decision.document'));
    act(m, 'notify.decision.action', d.link);
  },
  'deadline.reminder': (d, m) => {
    const params = { procedure: localText(d.procedureTitle, m.context.locale), date: dateText(d.dueDate, m.context.locale) };
    m.subject = fitSubject(m.t, `notify.deadline.reminder.subject.${d.topic}`, params, m.context.comuneName);
    m.paragraphs.push(m.t(`notify.deadline.reminder.intro.${d.topic}`, params));
    if (d.message) m.quote = { label: m.t('notify.quote.office'), text: d.message };
    fact(m, 'notify.fact.procedure', params.procedure);
    fact(m, 'notify.fact.protocol', d.protocolNumber);
    fact(m, 'notify.fact.dueDate', params.date);
    act(m, 'notify.deadline.reminder.action', d.link);
  },
  'delegation.granted': (d, m) => {
    const { locale } = m.context;
    const params = { delegator: d.delegatorName };
    m.subject = fitSubject(m.t, 'notify.delegation.granted.subject', params, m.context.comuneName);
    m.paragraphs.push(m.t(`notify.delegation.granted.intro.${d.origin}`, params));
    fact(m, 'notify.fact.delegator', d.delegatorName);
    fact(m, 'notify.fact.access', m.t(`notify.delegation.access.${d.access}`));
    fact(m, 'notify.fact.validFrom', dateText(d.validFrom, locale));
    fact(m, 'notify.fact.validTo', d.validTo ? dateText(d.validTo, locale) : m.t('notify.delegation.noEnd'));
    m.notes.push(m.t(`notify.delegation.granted.note.${d.origin}`));
    act(m, 'notify.delegation.granted.action', d.link);
  },
  'desk.receipt': (d, m) => {
    const { locale } = m.context;
    const params = { procedure: localText(d.procedureTitle, locale), desk: localText(d.deskName, locale) };
    m.subject = fitSubject(m.t, 'notify.desk.receipt.subject', params, m.context.comuneName);
    m.paragraphs.push(m.t('notify.desk.receipt.intro', params));
    fact(m, 'notify.fact.procedure', params.procedure);
    fact(m, 'notify.fact.protocol', d.protocolNumber);
    fact(m, 'notify.fact.protocolDate', d.protocolDate && dateText(d.protocolDate, locale));
    fact(m, 'notify.fact.desk', params.desk);
    m.notes.push(m.t('notify.desk.receipt.personalArea', { fiscalCode: d.fiscalCode }));
    if (m.context.hasAttachment) m.notes.push(m.t('notify.desk.receipt.attached'));
    act(m, 'notify.desk.receipt.action', d.link);
  },
  'staff.alert': (d, m) => {
    const { locale } = m.context;
    const params = { protocol: d.protocolNumber, procedure: localText(d.procedureTitle, locale), office: localText(d.officeName, locale), date: d.dueDate ? dateText(d.dueDate, locale) : '' };
    // the subject names no one: the protocol number says which case
    m.subject = truncate(m.t(`notify.staff.alert.subject.${d.alert}`, params), IO_LIMITS.subjectMax);
    m.paragraphs.push(m.t(`notify.staff.alert.intro.${d.alert}`, params));
    staffCaseFacts(m, d);
    m.notes.push(m.t('notify.staff.preferences', { url: portalLink('/backoffice/avvisi/preferenze', m.context) }));
    act(m, 'notify.staff.alert.action', d.link);
  },
  'staff.digest': (d, m) => {
    const { locale } = m.context;
    const count = d.items.length + (d.more ?? 0);
    m.subject = m.t('notify.staff.digest.subject', { count, date: dateText(d.day, locale) });
    m.paragraphs.push(m.t('notify.staff.digest.intro', { count, date: dateText(d.day, locale) }));
    for (const item of d.items) {
      const due = item.dueDate ? ` (${m.t('notify.fact.dueDate')}: ${dateText(item.dueDate, locale)})` : '';
      m.facts.push({ label: m.t(`staffAlerts.kind.${item.alert}`), value: `${item.protocolNumber} - ${localText(item.procedureTitle, locale)} - ${localText(item.officeName, locale)}${due} ${portalLink(item.link, m.context)}` });
    }
    if (d.more) m.notes.push(m.t('notify.staff.digest.more', { count: d.more }));
    m.notes.push(m.t('notify.staff.preferences', { url: portalLink('/backoffice/avvisi/preferenze', m.context) }));
    act(m, 'notify.staff.digest.action', d.link);
  },
  'anonymous.confirm': (d, m) => {
    m.subject = fitSubject(m.t, 'notify.anonymous.confirm.subject', { procedure: localText(d.procedureTitle, m.context.locale) }, m.context.comuneName);
    m.paragraphs.push(m.t('notify.anonymous.confirm.intro', { procedure: localText(d.procedureTitle, m.context.locale), date: dateText(d.expiresAt, m.context.locale) }));
    m.notes.push(m.t('notify.anonymous.confirm.ignore'));
    act(m, 'notify.anonymous.confirm.action', d.link);
  },
  'anonymous.filed': (d, m) => {
    m.subject = fitSubject(m.t, 'notify.anonymous.filed.subject', { procedure: localText(d.procedureTitle, m.context.locale) }, m.context.comuneName);
    m.paragraphs.push(m.t('notify.anonymous.filed.intro', { procedure: localText(d.procedureTitle, m.context.locale) }));
    fact(m, 'notify.fact.protocol', d.protocolNumber);
    m.notes.push(m.t('notify.anonymous.filed.keep'));
    act(m, 'notify.anonymous.filed.action', d.link);
  },
  'contact.confirm-email': (d, m) => {
    m.subject = m.t('notify.contact.confirm-email.subject');
    m.paragraphs.push(m.t('notify.contact.confirm-email.intro', { comune: m.context.comuneName }));
    m.notes.push(m.t('notify.contact.confirm-email.ignore'));
    act(m, 'notify.contact.confirm-email.action', d.link);
  },
};

/** Composes the message of a stored notification; data is re-checked against its kind. */
export function compose(kind: NotificationKind, rawData: unknown, context: ComposeContext): ComposedMessage {
  if (!Object.hasOwn(COMPOSERS, kind)) throw new Error(`unknown notification kind ${String(kind)}`);
  const t = translator(context.locale);
  const m: Draft = { t, context, subject: '', paragraphs: [], facts: [], notes: [] };
  (COMPOSERS[kind] as Composer<NotificationKind>)(kindSchemas[kind].parse(rawData) as ParsedKindData<NotificationKind>, m);
  const footer: string[] = [];
  const link = (path: string) => portalLink(path, context);
  if (context.channel === 'email') {
    footer.push(t('notify.footer.email', { comune: context.comuneName }));
    if (!toGivenAddress(kind)) footer.push(t('notify.footer.preferences', { url: link('/area-personale/preferenze') }));
  } else if (context.channel === 'io') {
    footer.push(t('notify.footer.io', { comune: context.comuneName }));
  }
  const { subject, paragraphs, quote, facts, notes, action } = m;
  return { kind, subject, greeting: t('notify.greeting'), paragraphs, ...(quote ? { quote } : {}), facts, notes, ...(action ? { action } : {}), footer };
}
