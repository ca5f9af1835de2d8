// What the back office's route plugins share: the clerk as the services see them, the words
// and badge for the days left, list links that keep their filters, and the answers that send
// a file or a CSV download.
import { KIND_NOTICES } from './kinds.messages.ts';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../identity/user.ts';
import { formatDate } from '../platform/format.ts';
import type { StaffActor } from './case-context.ts';
import type { DeadlineBand } from './legal-clock.ts';
import { isFinal, type State } from './workflow.ts';

type Translate = FastifyRequest['t'];

export function staffActor(user: User): StaffActor {
  return {
    fiscalCode: user.fiscalCode,
    name: user.displayName,
    offices: user.offices,
    headOf: user.headOf,
    readOnlyOffices: user.auditorOf,
    procedureLimits: user.procedureLimits,
  };
}

/** A calendar date as the request's language writes it in full ("2 marzo 2026"). */
export function longDate(request: FastifyRequest): (value: string) => string {
  return (value) => formatDate(value, request.locale, { style: 'long' });
}

/** The words for the days left, for a queue row or a case page. */
export function remainingText(t: Translate, status: State, band: DeadlineBand, remaining: number, replyBy: string | null, formatDay: (d: string) => string): string {
  if (isFinal(status)) return t('backoffice.remaining.closed');
  if (band === 'paused') return t('backoffice.remaining.paused', { date: replyBy ? formatDay(replyBy) : '-' });
  if (remaining < -1) return t('backoffice.remaining.overdue', { days: -remaining });
  if (remaining === -1) return t('backoffice.remaining.overdueOne');
  if (remaining === 0) return t('backoffice.remaining.today');
  if (remaining === 1) return t('backoffice.remaining.one');
  return t('backoffice.remaining.days', { days: remaining });
}

const BAND_BADGE: Record<DeadlineBand, string> = {
  overdue: 'badge bg-danger',
  'due-today': 'badge bg-danger',
  'due-soon': 'badge bg-warning',
  'on-time': 'badge bg-success',
  paused: 'badge bg-secondary',
};

/** The badge of a row or case: its band while open, a neutral one once closed. */
export function badgeOf(status: State, band: DeadlineBand): string {
  return isFinal(status) ? 'badge bg-light text-dark' : BAND_BADGE[band];
}

/** A list's URL with its filters, some changed; values equal to the defaults are left out. */
export function listHref(base: string, values: Record<string, string | number | undefined>, defaults: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || defaults[key] === value) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A file to download, never to be rendered by the browser. */
export function sendDownload(reply: FastifyReply, file: { name: string; contentType: string; stream: Readable }) {
  return reply.header('content-type', file.contentType).header('content-disposition', contentDisposition(file.name)).header('x-content-type-options', 'nosniff').send(file.stream);
}

/** A streamed CSV named after its list and the day (`pratiche-2026-03-02.csv`). */
export function sendCsv(reply: FastifyReply, name: string, lines: AsyncIterable<string>) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(name)).header('x-content-type-options', 'nosniff').send(Readable.from(lines));
}

/** The notice a page shows after an action (`?fatto=`), by the action's word. */
export const NOTICES: Record<string, string> = {
  taken: 'backoffice.notice.taken',
  released: 'backoffice.notice.released',
  assigned: 'backoffice.notice.assigned',
  review: 'backoffice.notice.reviewStarted',
  integration: 'backoffice.notice.integration',
  refusal: 'backoffice.notice.refusal',
  decided: 'backoffice.notice.decided',
  message: 'backoffice.notice.message',
  note: 'backoffice.notice.note',
  forwarded: 'backoffice.notice.forwarded',
  payment: 'backoffice.notice.payment',
  ...KIND_NOTICES,
  // a document sent from "Genera documento" (src/documents)
  document: 'documents.done',
};

/** The notice of `?fatto=` in the request's language, or null. */
export function noticeOf(request: FastifyRequest): string | null {
  const key = (request.query as Record<string, string> | undefined)?.fatto;
  return key && NOTICES[key] ? request.t(NOTICES[key]) : null;
}
