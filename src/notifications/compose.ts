// What a notification says: from its kind and data, in one language, a channel-neutral message
// (subject, paragraphs, a quoted text from the office, facts such as the protocol number, one
// action link, a footer). The e-mail templates, the App IO markdown and the inbox page all
// render this one model, so the three channels never say different things.
import { translator, type Locale } from '../platform/i18n.ts';
import { kindSchemas, type LocalText, type NotificationKind, type ParsedKindData } from './kinds.ts';

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

export function formatDate(value: string, locale: Locale): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(date);
}

export function formatMoney(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
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

/** Composes the message of a stored notification; data is re-checked against its kind. */
export function compose(kind: NotificationKind, rawData: unknown, context: ComposeContext): ComposedMessage {
  const { locale } = context;
  const t = translator(locale);
  const link = (path: string) => portalLink(path, context);
  const facts: ComposedMessage['facts'] = [];
  const paragraphs: string[] = [];
  const notes: string[] = [];
  let quote: ComposedMessage['quote'];
  let action: ComposedMessage['action'];
  let subject: string;
  const fact = (labelKey: string, value: string | undefined) => {
    if (value) facts.push({ label: t(labelKey), value });
  };
  // the payment messages open alike (intro; what, which filing, how much, which notice): returns the subject
  const paymentOpening = (which: `payment.${'requested' | 'received' | 'failed' | 'expired'}`, d: { procedureTitle: LocalText; protocolNumber?: string | undefined; description?: string | undefined; amountCents: number; noticeNumber?: string | undefined }) => {
    const params = { procedure: localText(d.procedureTitle, locale), amount: formatMoney(d.amountCents, locale) };
    paragraphs.push(t(`notify.${which}.intro`, params));
    fact('notify.fact.procedure', params.procedure);
    fact('notify.fact.protocol', d.protocolNumber);
    fact('notify.fact.description', d.description);
    fact('notify.fact.amount', params.amount);
    fact('notify.fact.noticeNumber', d.noticeNumber && formatNoticeNumber(d.noticeNumber));
    return fitSubject(t, `notify.${which}.subject`, params, context.comuneName);
  };

  switch (kind) {
    case 'submission.received': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      const params = { procedure: localText(d.procedureTitle, locale), protocol: d.protocolNumber };
      subject = fitSubject(t, 'notify.submission.received.subject', params, context.comuneName);
      paragraphs.push(t('notify.submission.received.intro', params));
      fact('notify.fact.procedure', params.procedure);
      fact('notify.fact.protocol', d.protocolNumber);
      fact('notify.fact.protocolDate', d.protocolDate && formatDate(d.protocolDate, locale));
      fact('notify.fact.office', localText(d.officeName, locale));
      fact('notify.fact.deadline', d.deadlineDate && formatDate(d.deadlineDate, locale));
      notes.push(d.deadlineDate ? t('notify.submission.received.deadline', { date: formatDate(d.deadlineDate, locale) }) : t('notify.submission.received.follow'));
      notes.push(t(context.channel === 'email' && context.hasAttachment ? 'notify.submission.received.receiptAttached' : 'notify.submission.received.receiptOnline'));
      action = { label: t('notify.submission.received.action'), url: link(d.link) };
      break;
    }
    case 'integration.requested': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      const params = { procedure: localText(d.procedureTitle, locale), protocol: d.protocolNumber };
      subject = fitSubject(t, 'notify.integration.requested.subject', params, context.comuneName);
      paragraphs.push(t('notify.integration.requested.intro', params));
      quote = { label: t('notify.quote.office'), text: d.message };
      fact('notify.fact.procedure', params.procedure);
      fact('notify.fact.protocol', d.protocolNumber);
      fact('notify.fact.office', localText(d.officeName, locale));
      fact('notify.fact.replyBy', d.replyBy && formatDate(d.replyBy, locale));
      notes.push(d.replyBy ? t('notify.integration.requested.replyBy', { date: formatDate(d.replyBy, locale) }) : t('notify.integration.requested.suspended'));
      action = { label: t('notify.integration.requested.action'), url: link(d.link) };
      break;
    }
    case 'office.message': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      const params = { procedure: localText(d.procedureTitle, locale), protocol: d.protocolNumber };
      subject = fitSubject(t, 'notify.office.message.subject', params, context.comuneName);
      paragraphs.push(t('notify.office.message.intro', params));
      quote = { label: t('notify.quote.office'), text: d.message };
      fact('notify.fact.procedure', params.procedure);
      fact('notify.fact.protocol', d.protocolNumber);
      fact('notify.fact.office', localText(d.officeName, locale));
      action = { label: t('notify.office.message.action'), url: link(d.link) };
      break;
    }
    case 'payment.requested': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      subject = paymentOpening(kind, d);
      fact('notify.fact.dueDate', d.dueDate && formatDate(d.dueDate, locale));
      notes.push(t('notify.payment.requested.how'));
      if (context.channel === 'io' && d.payeeFiscalCode) notes.push(t('notify.payment.requested.inApp'));
      action = { label: t('notify.payment.requested.action'), url: link(d.link) };
      break;
    }
    case 'payment.received': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      subject = paymentOpening(kind, d);
      fact('notify.fact.paidAt', d.paidAt && formatDate(d.paidAt, locale));
      notes.push(t('notify.payment.received.receipt'));
      if (d.link) action = { label: t('notify.payment.received.action'), url: link(d.link) };
      break;
    }
    case 'payment.failed': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      subject = paymentOpening(kind, d);
      notes.push(t('notify.payment.failed.retry'));
      action = { label: t('notify.payment.failed.action'), url: link(d.link) };
      break;
    }
    case 'payment.expired': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      subject = paymentOpening(kind, d);
      fact('notify.fact.dueDate', d.dueDate && formatDate(d.dueDate, locale));
      notes.push(t('notify.payment.expired.filing'));
      action = { label: t('notify.payment.expired.action'), url: link(d.link) };
      break;
    }
    case 'decision': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      const params = { procedure: localText(d.procedureTitle, locale), protocol: d.protocolNumber };
      subject = fitSubject(t, 'notify.decision.subject', params, context.comuneName);
      paragraphs.push(t(`notify.decision.${d.outcome}`, params));
      if (d.message) quote = { label: t('notify.quote.notes'), text: d.message };
      fact('notify.fact.procedure', params.procedure);
      fact('notify.fact.protocol', d.protocolNumber);
      notes.push(t('notify.decision.document'));
      action = { label: t('notify.decision.action'), url: link(d.link) };
      break;
    }
    case 'deadline.reminder': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      const params = { procedure: localText(d.procedureTitle, locale), date: formatDate(d.dueDate, locale) };
      subject = fitSubject(t, `notify.deadline.reminder.subject.${d.topic}`, params, context.comuneName);
      paragraphs.push(t(`notify.deadline.reminder.intro.${d.topic}`, params));
      if (d.message) quote = { label: t('notify.quote.office'), text: d.message };
      fact('notify.fact.procedure', params.procedure);
      fact('notify.fact.protocol', d.protocolNumber);
      fact('notify.fact.dueDate', params.date);
      action = { label: t('notify.deadline.reminder.action'), url: link(d.link) };
      break;
    }
    case 'contact.confirm-email': {
      const d = kindSchemas[kind].parse(rawData) as ParsedKindData<typeof kind>;
      subject = t('notify.contact.confirm-email.subject');
      paragraphs.push(t('notify.contact.confirm-email.intro', { comune: context.comuneName }));
      notes.push(t('notify.contact.confirm-email.ignore'));
      action = { label: t('notify.contact.confirm-email.action'), url: link(d.link) };
      break;
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown notification kind ${String(unknown)}`);
    }
  }

  const footer: string[] = [];
  if (context.channel === 'email') {
    footer.push(t('notify.footer.email', { comune: context.comuneName }));
    if (kind !== 'contact.confirm-email') footer.push(t('notify.footer.preferences', { url: link('/area-personale/preferenze') }));
  } else if (context.channel === 'io') {
    footer.push(t('notify.footer.io', { comune: context.comuneName }));
  }
  return { kind, subject, greeting: t('notify.greeting'), paragraphs, ...(quote ? { quote } : {}), facts, notes, ...(action ? { action } : {}), footer };
}
