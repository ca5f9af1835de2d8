// The clerks' queue (/backoffice): the filings of their offices by deadline, with filters, the
// counts per status, pages, and the same list as CSV. Behind the clerk guard (404 for anyone
// without the role); another office's queue is a 404 too.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireClerk } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseQuery } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { badgeOf, listHref, longDate, noticeOf, remainingText, sendCsv, staffActor } from './backoffice.http.ts';
import { queueQuery, type QueueQuery } from './backoffice.inputs.ts';
import type { QueueParams } from './queue.service.ts';
import { OPEN_STATES, STATES } from './workflow.ts';
import { queueExpectedText } from './expected-date.view.ts';

function queueParams(query: QueueQuery): QueueParams {
  const [dueDate, id] = query.dopo ? query.dopo.split('.') : [];
  return {
    status: query.stato,
    office: query.ufficio,
    procedureId: query.procedura,
    assignee: query.assegnatario,
    band: query.scadenza,
    q: query.q,
    after: dueDate && id ? { dueDate, id: Number(id) } : undefined,
    descending: query.ordine === 'scadenza-desc',
  };
}

/** The query string of the queue with some values changed (links keep the other filters). */
function queueHref(base: string, query: QueueQuery, changes: Partial<Record<keyof QueueQuery, string | undefined>>): string {
  return listHref(base, { ...query, ...changes }, { stato: 'open', ordine: 'scadenza' });
}

/** The query, refused with a 404 when it names an office the clerk is not in. */
function filtersOf(request: FastifyRequest): QueueQuery {
  const query = parseQuery(queueQuery, request.query);
  if (query.ufficio && !request.user!.offices.includes(query.ufficio)) throw new NotFoundError('office');
  return query;
}

/** The columns of the queue's CSV, in the clerk's language. */
export function queueCsvHeader(request: FastifyRequest): string[] {
  const col = (names: string[]) => names.map((name) => request.t(`backoffice.col.${name}`));
  return [...col(['protocol', 'received', 'procedure', 'office', 'status', 'applicant']), 'CF', 'CF/P.IVA', ...col(['assignee', 'due', 'remaining', 'band', 'id', 'payment'])];
}

export default async function queueRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };

  app.get('/backoffice', guard, async (request, reply) => {
    const query = filtersOf(request);
    const actor = staffActor(request.user!);
    const [result, saved] = await Promise.all([service.queue(actor, queueParams(query)), service.savedFilters(actor)]);
    const t = request.t;
    const it = request.locale === 'it';
    const base = '/backoffice';
    // the expected decision dates of the page's open rows (expected-date.service.ts)
    const expected = await service.expectedDatesOf(result.rows);
    const rows = result.rows.map((r) => ({
      href: `/backoffice/pratiche/${r.public_id}`,
      publicId: r.public_id,
      protocol: r.protocol,
      receivedAt: r.received_at,
      procedure: it ? r.title_it : r.title_en,
      applicant: r.applicant_name,
      fiscalCode: r.company_fiscal_code || r.applicant_fiscal_code,
      status: r.status,
      statusLabel: t(`status.${r.status}`),
      assignee: r.assignee_name,
      office: r.office_code,
      dueDate: r.due_date,
      remaining: remainingText(t, r.status, r.band, r.remainingDays, r.reply_by, longDate(request)),
      badge: badgeOf(r.status, r.band),
      payment: r.payment,
      paymentLabel: t(`backoffice.payment.${r.payment}`),
      expected: queueExpectedText(t, request.locale, expected.get(r.submission_id)),
    }));
    const count = (states: readonly string[]) => states.reduce((sum, s) => sum + (result.counts.get(s) ?? 0), 0);
    const counts = [
      { value: 'open', label: t('backoffice.queue.open'), count: count(OPEN_STATES) },
      ...STATES.map((s) => ({ value: s, label: t(`status.${s}`), count: count([s]) })),
      { value: 'all', label: t('backoffice.queue.all'), count: count(STATES) },
    ].map((c) => ({ ...c, href: queueHref(base, query, { stato: c.value, dopo: undefined }), current: c.value === query.stato }));
    return reply.view('backoffice/queue.njk', {
      pageTitle: t('backoffice.queue.title'),
      query,
      rows,
      counts,
      officeOptions: result.offices.map((o) => ({ value: o.code, label: it ? o.name_it : o.name_en })),
      procedureOptions: result.procedures.map((p) => ({ value: p.id, label: it ? p.title_it : p.title_en })),
      assigneeOptions: [
        { value: 'me', label: t('backoffice.queue.me') },
        { value: 'none', label: t('backoffice.queue.nobody') },
        ...result.colleagues.map((c) => ({ value: c.fiscal_code, label: `${c.given_name} ${c.family_name}` })),
      ],
      statusOptions: [{ value: 'open', label: t('backoffice.queue.open') }, ...STATES.map((s) => ({ value: s, label: t(`status.${s}`) })), { value: 'all', label: t('backoffice.queue.all') }],
      sortOptions: [
        { value: 'scadenza', label: t('backoffice.queue.sortDue') },
        { value: 'scadenza-desc', label: t('backoffice.queue.sortDueDesc') },
      ],
      bands: ['overdue', 'due-soon', 'on-time', 'paused'].map((b) => ({ value: b, label: t(`backoffice.queue.band.${b}`, { days: app.config.backoffice.dueSoonDays }) })),
      nextHref: result.next ? queueHref(base, query, { dopo: `${result.next.dueDate}.${result.next.id}` }) : null,
      firstHref: query.dopo ? queueHref(base, query, { dopo: undefined }) : null,
      exportHref: queueHref('/backoffice/export.csv', query, { dopo: undefined }),
      notice: noticeOf(request),
      // the current filters as a query string (saved under a name), the clerk's saved filters
      currentFilter: queueHref('', query, { dopo: undefined }).replace(/^\?/, ''),
      savedFilters: saved.map((f) => ({ id: f.id, name: f.name, href: `/backoffice/filtri/${f.id}` })),
      pageIds: result.rows.map((r) => r.public_id),
      colleagueOptions: result.colleagues.map((c) => ({ value: c.fiscal_code, label: `${c.given_name} ${c.family_name}` })),
    });
  });

  app.get('/backoffice/export.csv', guard, async (request, reply) => {
    const query = filtersOf(request);
    const lines = await service.exportCsv(staffActor(request.user!), { ...queueParams(query), after: undefined }, queueCsvHeader(request));
    return sendCsv(reply, `pratiche-${romeDate(service.clock())}.csv`, lines);
  });
}
