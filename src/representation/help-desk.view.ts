// What the help desk's pages show, in the reader's language: a session (the person, the document,
// its status and times), its filings with their actions, the desk's name, and the error summary
// of a refused form (each message linked to its input, "b-" + the field's name).
import type { FastifyRequest } from 'fastify';
import { formatDate } from '../platform/format.ts';
import type { DeskSession, HelpDeskRow, SessionFilingItem } from './help-desk.service.ts';
import type { InputProblem } from './identity-check.ts';

export interface FormErrors {
  /** field -> message */
  errors: Record<string, string>;
  summary: { title: string; items: Array<{ href: string; text: string }> } | null;
}

export const noErrors: FormErrors = { errors: {}, summary: null };

/** The messages of the refused fields, the first one per field, and the summary linking each. */
export function formErrors(request: FastifyRequest, problems: InputProblem[], inputId = (field: string) => `b-${field}`): FormErrors {
  const errors: Record<string, string> = {};
  const items = problems.map((p) => {
    const text = request.t(p.key, p.params ?? {});
    errors[p.field] ??= text;
    return { href: `#${inputId(p.field)}`, text };
  });
  return { errors, summary: items.length ? { title: request.t('helpDesk.errorSummary'), items } : null };
}

export const deskName = (request: FastifyRequest, desk: HelpDeskRow | undefined, code: string): string => (desk ? (request.locale === 'it' ? desk.name_it : desk.name_en) : code);

/** A session as its pages and the desk's lists show it. */
export function sessionView(request: FastifyRequest, session: DeskSession) {
  const { locale } = request;
  const time = (value: Date) => formatDate(value, locale, { withTime: true });
  const { person, document } = session;
  return {
    id: session.id,
    href: `/sportello/sessioni/${session.id}`,
    status: session.status,
    statusLabel: request.t(`helpDesk.status.${session.status}`),
    open: session.status === 'open',
    personName: person.name,
    fiscalCode: person.fiscalCode,
    birthDate: person.birthDate ? formatDate(person.birthDate, locale) : '',
    email: person.email ?? '',
    phone: person.phone ?? '',
    document: document
      ? { type: request.t(`helpDesk.document.${document.type}`), number: document.number, issuer: document.issuer, expires: formatDate(document.expiresOn, locale) }
      : null,
    startedAt: time(session.startedAt),
    startedTime: formatDate(session.startedAt, locale, { style: 'numeric', withTime: true }),
    expiresAt: time(session.expiresAt),
    endedAt: session.endedAt ? time(session.endedAt) : '',
  };
}

/** The filings of a session, with what the operator may do on each while the session is open. */
export function filingsView(request: FastifyRequest, session: DeskSession, filings: SessionFilingItem[]) {
  const { locale } = request;
  return filings.map((f) => {
    const emailedAt = session.receiptsEmailed[f.publicId];
    return {
      publicId: f.publicId,
      title: f.procedureTitle[locale],
      protocol: f.protocol ?? request.t('helpDesk.filing.notNumbered'),
      receivedAt: formatDate(f.receivedAt, locale, { withTime: true }),
      status: request.t(`status.${f.status}`),
      // served by the personal area while the operator acts in the session
      receiptHref: `/area-personale/richieste/${f.publicId}/ricevuta.pdf`,
      emailAction: `/sportello/sessioni/${session.id}/ricevute/${f.publicId}/email`,
      emailedAt: emailedAt ? formatDate(emailedAt, locale, { withTime: true }) : null,
    };
  });
}
