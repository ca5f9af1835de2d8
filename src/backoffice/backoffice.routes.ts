// The clerks' pages (/backoffice): the queue of their offices, a filing's case page with its
// actions, downloads and exports, and the statistics. Every route sits behind the clerk guard
// (404 for anyone without the role); a filing of an office the clerk does not belong to is a
// 404 too. Each POST parses one input schema, calls one service function, and answers 303 to
// the case page, or 422 with the error summary when the input is refused.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { canAdminister, canUseBackoffice, loginPath, requireClerk } from '../identity/policies.ts';
import { STAFF_MIN_LEVEL } from '../identity/levels.ts';
import type { User } from '../identity/user.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formatNoticeNumber } from '../payments/notice-number.ts';
import {
  assignInput,
  decisionInput,
  fieldErrors,
  forwardInput,
  integrationInput,
  messageInput,
  noInput,
  noteInput,
  PAYMENT_MAX_DAYS,
  paymentRequestInput,
  queueQuery,
  readForm,
  refusalInput,
  statisticsQuery,
  uploadErrors,
  type FieldError,
  type QueueQuery,
} from './backoffice.inputs.ts';
import { CaseInputError, type QueueParams, type StaffActor } from './backoffice.service.ts';
import { addDays, romeDate, type DeadlineBand } from './legal-clock.ts';
import { barChart, type ChartBar } from './charts.ts';
import { DECISION_FILE_TYPES, discardUploads, MESSAGE_FILE_TYPES, MAX_FILES } from './uploads.ts';
import { isFinal, STATES, type State } from './workflow.ts';

type Params = { publicId: string };
type Translate = FastifyRequest['t'];

export function staffActor(user: User): StaffActor {
  return { fiscalCode: user.fiscalCode, name: user.displayName, offices: user.offices };
}

/** The words for the days left, for a queue row or a case page. */
export function remainingText(t: Translate, status: State, band: DeadlineBand, remaining: number, replyBy: string | null, formatDate: (d: string) => string): string {
  if (isFinal(status)) return t('backoffice.remaining.closed');
  if (band === 'paused') return t('backoffice.remaining.paused', { date: replyBy ? formatDate(replyBy) : '-' });
  if (remaining < -1) return t('backoffice.remaining.overdue', { days: -remaining });
  if (remaining === -1) return t('backoffice.remaining.overdueOne');
  if (remaining === 0) return t('backoffice.remaining.today');
  if (remaining === 1) return t('backoffice.remaining.one');
  return t('backoffice.remaining.days', { days: remaining });
}

export const BAND_BADGE: Record<DeadlineBand, string> = {
  overdue: 'badge bg-danger',
  'due-today': 'badge bg-danger',
  'due-soon': 'badge bg-warning',
  'on-time': 'badge bg-success',
  paused: 'badge bg-secondary',
};

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

/** The query string of the queue with some values changed (links keep the other filters). */
function queueHref(base: string, query: QueueQuery, changes: Partial<Record<keyof QueueQuery, string | undefined>>): string {
  return listHref(base, { ...query, ...changes }, { stato: 'open', ordine: 'scadenza' });
}

export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const NOTICES: Record<string, string> = {
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
};

export default async function backofficeRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const storage = app.services.storage;

  function formatDate(request: FastifyRequest) {
    return (value: string) =>
      new Intl.DateTimeFormat(request.locale === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Rome' }).format(new Date(`${value}T12:00:00Z`));
  }

  const statusLabel = (t: Translate) => (status: string) => t(`status.${status}`);

  // ---------------------------------------------------------------- the queue

  app.get('/backoffice', { preHandler: requireClerk() }, async (request, reply) => {
    const query = queueQuery.parse(request.query ?? {});
    const actor = staffActor(request.user!);
    // another office's queue does not exist for this clerk
    if (query.ufficio && !actor.offices.includes(query.ufficio)) throw new NotFoundError('office');
    const result = await service.queue(actor, queueParams(query));
    const t = request.t;
    const fmt = formatDate(request);
    const base = '/backoffice';
    const rows = result.rows.map((r) => ({
      href: `/backoffice/pratiche/${r.public_id}`,
      protocol: r.protocol,
      receivedAt: r.received_at,
      procedure: request.locale === 'it' ? r.title_it : r.title_en,
      applicant: r.applicant_name,
      fiscalCode: r.company_fiscal_code || r.applicant_fiscal_code,
      status: r.status,
      statusLabel: t(`status.${r.status}`),
      assignee: r.assignee_name,
      office: r.office_code,
      dueDate: r.due_date,
      remaining: remainingText(t, r.status, r.band, r.remainingDays, r.reply_by, fmt),
      badge: r.open ? BAND_BADGE[r.band] : 'badge bg-light text-dark',
      payment: r.payment,
      paymentLabel: t(`backoffice.payment.${r.payment}`),
    }));
    const totalOpen = STATES.filter((s) => !isFinal(s)).reduce((sum, s) => sum + (result.counts.get(s) ?? 0), 0);
    const totalAll = [...result.counts.values()].reduce((sum, n) => sum + n, 0);
    const counts = [
      { value: 'open', label: t('backoffice.queue.open'), count: totalOpen },
      ...STATES.map((s) => ({ value: s, label: t(`status.${s}`), count: result.counts.get(s) ?? 0 })),
      { value: 'all', label: t('backoffice.queue.all'), count: totalAll },
    ].map((c) => ({ ...c, href: queueHref(base, query, { stato: c.value, dopo: undefined }), current: c.value === query.stato }));
    const notice = (request.query as Record<string, string> | undefined)?.fatto;
    return reply.view('backoffice/queue.njk', {
      pageTitle: t('backoffice.queue.title'),
      query,
      rows,
      counts,
      officeOptions: result.offices.map((o) => ({ value: o.code, label: request.locale === 'it' ? o.name_it : o.name_en })),
      procedureOptions: result.procedures.map((p) => ({ value: p.id, label: request.locale === 'it' ? p.title_it : p.title_en })),
      assigneeOptions: [
        { value: 'me', label: t('backoffice.queue.me') },
        { value: 'none', label: t('backoffice.queue.nobody') },
        ...result.colleagues.map((c) => ({ value: c.fiscal_code, label: `${c.given_name} ${c.family_name}` })),
      ],
      statusOptions: [
        { value: 'open', label: t('backoffice.queue.open') },
        ...STATES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        { value: 'all', label: t('backoffice.queue.all') },
      ],
      sortOptions: [
        { value: 'scadenza', label: t('backoffice.queue.sortDue') },
        { value: 'scadenza-desc', label: t('backoffice.queue.sortDueDesc') },
      ],
      bands: ['overdue', 'due-soon', 'on-time', 'paused'].map((b) => ({ value: b, label: t(`backoffice.queue.band.${b}`, { days: app.config.backoffice.dueSoonDays }) })),
      nextHref: result.next ? queueHref(base, query, { dopo: `${result.next.dueDate}.${result.next.id}` }) : null,
      firstHref: query.dopo ? queueHref(base, query, { dopo: undefined }) : null,
      exportHref: queueHref('/backoffice/export.csv', query, { dopo: undefined }),
      notice: notice && NOTICES[notice] ? t(NOTICES[notice]!) : null,
    });
  });

  app.get('/backoffice/export.csv', { preHandler: requireClerk() }, async (request, reply) => {
    const query = queueQuery.parse(request.query ?? {});
    if (query.ufficio && !request.user!.offices.includes(query.ufficio)) throw new NotFoundError('office');
    const t = request.t;
    const header = [
      t('backoffice.col.protocol'),
      t('backoffice.col.received'),
      t('backoffice.col.procedure'),
      t('backoffice.col.office'),
      t('backoffice.col.status'),
      t('backoffice.col.applicant'),
      'CF',
      'CF/P.IVA',
      t('backoffice.col.assignee'),
      t('backoffice.col.due'),
      t('backoffice.col.remaining'),
      t('backoffice.col.band'),
      t('backoffice.col.id'),
      t('backoffice.col.payment'),
    ];
    const lines = await service.exportCsv(staffActor(request.user!), { ...queueParams(query), after: undefined }, header);
    const { Readable } = await import('node:stream');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(`pratiche-${romeDate(new Date())}.csv`))
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(lines));
  });

  // ---------------------------------------------------------------- a case

  interface FormState {
    form: string;
    errors: FieldError[];
    values: Record<string, string>;
  }

  async function renderCase(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, state: FormState | null = null, status = 200) {
    const actor = staffActor(request.user!);
    const view = await service.caseView(actor, request.params.publicId);
    const t = request.t;
    const fmt = formatDate(request);
    const money = (cents: number) => new Intl.NumberFormat(request.locale === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    const c = view.case;
    const office = (code: string) => {
      const found = code === c.office_code ? view.office : view.offices.find((o) => o.code === code);
      return found ? (request.locale === 'it' ? found.name_it : found.name_en) : code;
    };
    const protocol = view.protocol ?? t('backoffice.protocolPending');
    const events = view.events.map((e) => {
      const data = e.data as Record<string, unknown>;
      let text: string;
      if (e.kind === 'filed') text = t('backoffice.event.filed', { office: office(String(data.office)) });
      else if (e.kind === 'assigned') text = t('backoffice.event.assigned', { name: String(data.assigneeName ?? data.assignee) });
      else if (e.kind === 'forwarded') text = t('backoffice.event.forwarded', { from: office(String(data.fromOffice)), to: office(String(data.toOffice)) });
      else if (e.kind === 'deadline_reached') text = t('backoffice.event.deadline_reached', { date: fmt(String(data.dueDate)) });
      else if (e.kind === 'payment_requested') text = t('backoffice.event.payment_requested', { amount: money(Number(data.amountCents)), notice: formatNoticeNumber(String(data.noticeNumber)) });
      else if (['transition', 'released', 'message', 'note'].includes(e.kind)) text = t(`backoffice.event.${e.kind}`);
      else text = e.kind;
      return {
        at: e.at,
        who: e.actor_kind === 'system' ? t('backoffice.system') : `${e.actor_name ?? ''}${e.actor_fiscal_code ? ` (${e.actor_fiscal_code})` : ''}`,
        text,
        change: e.from_state !== e.to_state ? `${e.from_state ? t(`status.${e.from_state}`) : '-'} → ${e.to_state ? t(`status.${e.to_state}`) : '-'}` : '',
        reason: e.reason ?? '',
        seq: e.seq,
      };
    });
    const audits = (await service.auditOf(c.submission_id)).slice(0, 20).map((a) => ({ at: a.at, who: a.actor_fiscal_code, action: t(`backoffice.audit.${a.action}`) }));
    const errors = state?.errors ?? [];
    const errorOf = (field: string) => (state ? errors.find((e) => e.field === field)?.message : undefined);
    const actions = new Set(view.actions);
    const requestsById = new Map(view.requests.map((r) => [r.id, r]));
    const rule = view.routedRule && 'description' in view.routedRule && view.routedRule.description ? (request.locale === 'it' ? view.routedRule.description.it : view.routedRule.description.en) : null;
    return reply.status(status).view('backoffice/case.njk', {
      pageTitle: t('backoffice.case.title', { protocol }),
      protocol,
      view,
      publicId: view.filing.public_id,
      base: `/backoffice/pratiche/${view.filing.public_id}`,
      procedureTitle: request.locale === 'it' ? view.procedure.title_it : view.procedure.title_en,
      statusLabel: t(`status.${c.status}`),
      officeName: office(c.office_code),
      remaining: remainingText(t, c.status, view.clock.band, view.clock.remainingDays, view.clock.paused?.replyBy ?? null, fmt),
      badge: isFinal(c.status) ? 'badge bg-light text-dark' : BAND_BADGE[view.clock.band],
      routing: view.routedRule ? t('backoffice.case.routingRule', { rule: view.routedRule.id }) : t('backoffice.case.routingDefault'),
      routingDescription: rule,
      canTake: actions.has('take') && c.assignee_fiscal_code !== actor.fiscalCode,
      canRelease: actions.has('release') && c.assignee_fiscal_code !== null,
      canAssign: actions.has('assign'),
      canStartReview: actions.has('start_review'),
      canIntegrate: actions.has('request_integration'),
      canRefuse: actions.has('notify_refusal'),
      canApprove: actions.has('approve'),
      canReject: actions.has('reject'),
      rejectNeedsNotice: c.status === 'in_review' && !actions.has('reject'),
      canForward: actions.has('forward'),
      canMessage: actions.has('message'),
      canRequestPayment: actions.has('request_payment'),
      payments: view.positions.map((p) => ({
        ...p,
        statusLabel: t(`payments.status.${p.status}`),
        noticeHref: p.status === 'pending' ? `/backoffice/pratiche/${view.filing.public_id}/pagamenti/${p.id}/avviso.pdf` : null,
        receiptHref: p.status === 'paid' ? `/backoffice/pratiche/${view.filing.public_id}/pagamenti/${p.id}/ricevuta.pdf` : null,
      })),
      paymentStatus: t(`backoffice.payment.${view.paymentStatus}`),
      paymentDebtor: view.filing.company
        ? `${view.filing.company.name} (${view.filing.company.fiscalCode})`
        : `${view.filing.applicant.givenName} ${view.filing.applicant.familyName} (${view.filing.applicant.fiscalCode})`,
      paymentDefaults: { ...view.paymentDefaults, key: randomUUID() },
      colleagueOptions: view.colleagues.map((m) => ({ value: m.fiscal_code, label: `${m.given_name} ${m.family_name}` })),
      officeOptions: view.offices.map((o) => ({ value: o.code, label: request.locale === 'it' ? o.name_it : o.name_en })),
      messages: view.messages.map((m) => {
        const answered = m.request_id ? requestsById.get(m.request_id) : undefined;
        return {
          ...m,
          author: m.author_kind === 'office' ? t('backoffice.case.fromOffice', { name: m.author_name }) : t('backoffice.case.fromApplicant', { name: m.author_name }),
          tag: answered
            ? m.author_kind === 'office'
              ? t(`backoffice.case.requestKind.${answered.kind}`, { date: fmt(answered.reply_by) })
              : t('backoffice.case.answersRequest', { date: fmt(answered.requested_on) })
            : null,
        };
      }),
      events,
      audits,
      errorSummary: errors.length ? { title: t('backoffice.errors.title'), items: errors.map((e) => ({ href: `#${state!.form}-${e.field}`, text: e.message })) } : null,
      form: state?.form ?? null,
      values: state?.values ?? {},
      errorFor: (form: string, field: string) => (state?.form === form ? errorOf(field) : undefined),
      valueFor: (form: string, field: string, fallback: unknown) => (state?.form === form ? (state.values[field] ?? '') : fallback),
      notice: (() => {
        const key = (request.query as Record<string, string> | undefined)?.fatto;
        return key && NOTICES[key] ? t(NOTICES[key]!) : null;
      })(),
      maxFiles: MAX_FILES,
      fmt,
      statusOf: statusLabel(t),
    });
  }

  const caseGuard = { preHandler: requireClerk() };
  const done = (reply: FastifyReply, publicId: string, what: string) => reply.redirect(`/backoffice/pratiche/${publicId}?fatto=${what}`, 303);

  app.get<{ Params: Params }>('/backoffice/pratiche/:publicId', caseGuard, async (request, reply) => renderCase(request, reply));

  /** A POST without input: check the (empty) schema, run the action, back to the case. */
  function simpleAction(path: string, run: (actor: StaffActor, publicId: string) => Promise<void>, notice: string) {
    app.post<{ Params: Params }>(`/backoffice/pratiche/:publicId/${path}`, caseGuard, async (request, reply) => {
      noInput.parse(request.body ?? {});
      await run(staffActor(request.user!), request.params.publicId);
      return done(reply, request.params.publicId, notice);
    });
  }
  simpleAction('prendi-in-carico', (a, id) => service.take(a, id), 'taken');
  simpleAction('rilascia', (a, id) => service.release(a, id), 'released');
  simpleAction('avvia-istruttoria', (a, id) => service.startReview(a, id), 'review');

  /** 422: the case page again, with the form's values and errors. */
  function refuse(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, form: string, errors: FieldError[], values: Record<string, string>) {
    return renderCase(request, reply, { form, errors, values }, 422);
  }
  const bodyOf = (request: FastifyRequest) => Object.fromEntries(Object.entries((request.body as Record<string, unknown>) ?? {}).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
  const errorsOf = (request: FastifyRequest, error: ZodError, overrides = {}) => fieldErrors(error, request.t, overrides);

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/assegna', caseGuard, async (request, reply) => {
    const parsed = assignInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'assign', errorsOf(request, parsed.error), bodyOf(request));
    try {
      await service.assign(staffActor(request.user!), request.params.publicId, parsed.data.assegnatario);
    } catch (error) {
      if (error instanceof CaseInputError) return refuse(request, reply, 'assign', [{ field: 'assegnatario', message: request.t(error.messageKey) }], bodyOf(request));
      throw error;
    }
    return done(reply, request.params.publicId, 'assigned');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/inoltra', caseGuard, async (request, reply) => {
    const parsed = forwardInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'forward', errorsOf(request, parsed.error), bodyOf(request));
    const actor = staffActor(request.user!);
    try {
      await service.forward(actor, request.params.publicId, parsed.data.ufficio, parsed.data.motivo);
    } catch (error) {
      if (error instanceof CaseInputError) return refuse(request, reply, 'forward', [{ field: 'ufficio', message: request.t(error.messageKey) }], bodyOf(request));
      throw error;
    }
    // a clerk of both offices still sees it; otherwise it has left their queue
    if (actor.offices.includes(parsed.data.ufficio)) return done(reply, request.params.publicId, 'forwarded');
    return reply.redirect('/backoffice?fatto=forwarded', 303);
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/integrazione', caseGuard, async (request, reply) => {
    const parsed = integrationInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'integration', errorsOf(request, parsed.error, { testo: { key: 'backoffice.error.text', params: { min: 10, max: 5000 } } }), bodyOf(request));
    await service.requestIntegration(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo, replyDays: parsed.data.giorni });
    return done(reply, request.params.publicId, 'integration');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/preavviso-rigetto', caseGuard, async (request, reply) => {
    const parsed = refusalInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'refusal', errorsOf(request, parsed.error), bodyOf(request));
    await service.notifyRefusal(staffActor(request.user!), request.params.publicId, { text: parsed.data.motivi });
    return done(reply, request.params.publicId, 'refusal');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/decisione', caseGuard, async (request, reply) => {
    const form = await readForm(request, storage, 'documento', DECISION_FILE_TYPES, 1);
    const parsed = decisionInput.safeParse(form.body);
    const errors = [...(parsed.success ? [] : errorsOf(request, parsed.error)), ...uploadErrors(form.refused, 'documento', DECISION_FILE_TYPES, request.t)];
    if (!parsed.success || errors.length > 0) {
      await discardUploads(storage, form.uploads);
      return refuse(request, reply, 'decision', errors, form.body);
    }
    await service.decide(staffActor(request.user!), request.params.publicId, { outcome: parsed.data.esito, motivation: parsed.data.motivazione, document: form.uploads[0] ?? null });
    return done(reply, request.params.publicId, 'decided');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/messaggi', caseGuard, async (request, reply) => {
    const form = await readForm(request, storage, 'allegati', MESSAGE_FILE_TYPES);
    const parsed = messageInput.safeParse(form.body);
    const errors = [...(parsed.success ? [] : errorsOf(request, parsed.error)), ...uploadErrors(form.refused, 'allegati', MESSAGE_FILE_TYPES, request.t)];
    if (!parsed.success || errors.length > 0) {
      await discardUploads(storage, form.uploads);
      return refuse(request, reply, 'message', errors, form.body);
    }
    await service.officeMessage(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo, files: form.uploads });
    return done(reply, request.params.publicId, 'message');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/note', caseGuard, async (request, reply) => {
    const parsed = noteInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'note', errorsOf(request, parsed.error), bodyOf(request));
    await service.note(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo });
    return done(reply, request.params.publicId, 'note');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/pagamento', caseGuard, async (request, reply) => {
    const today = romeDate(new Date());
    const parsed = paymentRequestInput(today, addDays(today, PAYMENT_MAX_DAYS)).safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'payment', errorsOf(request, parsed.error), bodyOf(request));
    const input = parsed.data;
    try {
      await service.requestPayment(staffActor(request.user!), request.params.publicId, {
        amountCents: input.importo,
        reason: input.causale,
        dueDate: input.scadenza,
        taxonomyCode: input.tassonomia,
        key: input.chiave,
      });
    } catch (error) {
      if (error instanceof CaseInputError) return refuse(request, reply, 'payment', [{ field: error.field, message: request.t(error.messageKey) }], bodyOf(request));
      throw error;
    }
    return done(reply, request.params.publicId, 'payment');
  });

  // ---------------------------------------------------------------- downloads

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  app.get<{ Params: Params & { attachmentId: string } }>('/backoffice/pratiche/:publicId/allegati/:attachmentId', caseGuard, async (request, reply) => {
    if (!UUID.test(request.params.attachmentId)) throw new NotFoundError('attachment');
    const file = await service.attachment(staffActor(request.user!), request.params.publicId, request.params.attachmentId);
    return reply.header('content-type', file.contentType).header('content-disposition', contentDisposition(file.name)).header('x-content-type-options', 'nosniff').send(file.stream);
  });

  app.get<{ Params: Params & { fileId: string } }>('/backoffice/pratiche/:publicId/documenti/:fileId', caseGuard, async (request, reply) => {
    if (!UUID.test(request.params.fileId)) throw new NotFoundError('file');
    const file = await service.caseFile(staffActor(request.user!), request.params.publicId, request.params.fileId);
    return reply.header('content-type', file.contentType).header('content-disposition', contentDisposition(file.name)).header('x-content-type-options', 'nosniff').send(file.stream);
  });

  app.get<{ Params: Params }>('/backoffice/pratiche/:publicId/documenti.zip', caseGuard, async (request, reply) => {
    const zip = await service.zip(staffActor(request.user!), request.params.publicId);
    return reply.header('content-type', 'application/zip').header('content-disposition', contentDisposition(zip.name)).header('x-content-type-options', 'nosniff').send(zip.stream);
  });

  // ---------------------------------------------------------------- statistics

  /** Clerks (their offices) and administrators (every office); 404 for anyone else. */
  async function statisticsGuard(request: FastifyRequest, reply: FastifyReply) {
    const user = request.user;
    if (!user) return reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL }), 303);
    if (!canUseBackoffice({ ...user, spidLevel: 3 }) && !canAdminister({ ...user, spidLevel: 3 })) throw new NotFoundError('statistics');
    if (user.spidLevel < STAFF_MIN_LEVEL) return reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL }), 303);
  }

  app.get('/backoffice/statistiche', { preHandler: statisticsGuard }, async (request, reply) => {
    const query = statisticsQuery.parse(request.query ?? {});
    const user = request.user!;
    const today = romeDate(new Date());
    const to = query.al ?? addDays(today, 1);
    const from = query.dal && query.dal < to ? query.dal : addDays(to, -365);
    const offices = canAdminister(user) ? await service.allOfficeCodes() : user.offices;
    const stats = await service.statistics(offices, { from, to });
    const t = request.t;
    const it = request.locale === 'it';
    const percent = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 100));
    const number = (n: number | null, digits = 1) => (n === null ? '-' : new Intl.NumberFormat(it ? 'it-IT' : 'en-GB', { maximumFractionDigits: digits }).format(n));
    const groups = stats.offices
      .map((office) => {
        const rows = stats.rows.filter((r) => r.office_code === office.code);
        if (rows.length === 0) return null;
        const name = it ? office.name_it : office.name_en;
        const items = rows.map((r) => ({
          title: it ? r.title_it : r.title_en,
          received: r.received,
          decided: r.decided,
          median: number(r.median_days),
          within: percent(r.within_deadline, r.decided),
          withinText: r.decided ? `${percent(r.within_deadline, r.decided)}%` : '-',
          overdue: r.overdue_now,
          rating: r.rating === null ? '-' : t('backoffice.stats.ratingCount', { value: number(r.rating), count: r.ratings }),
        }));
        const sum = (key: 'received' | 'decided' | 'within_deadline' | 'overdue_now') => rows.reduce((s, r) => s + r[key], 0);
        const bars: ChartBar[] = items.map((i) => ({ label: i.title, values: [i.received, i.decided] }));
        const withinBars: ChartBar[] = items.map((i) => ({ label: i.title, values: [i.within ?? 0] }));
        return {
          code: office.code,
          name,
          items,
          total: {
            received: sum('received'),
            decided: sum('decided'),
            withinText: sum('decided') ? `${percent(sum('within_deadline'), sum('decided'))}%` : '-',
            overdue: sum('overdue_now'),
          },
          chart: barChart({
            id: `chart-${office.code}`,
            title: t('backoffice.stats.chart', { office: name }),
            description: t('backoffice.stats.chartDesc'),
            series: [t('backoffice.stats.received'), t('backoffice.stats.decided')],
            bars,
          }),
          withinChart: barChart({
            id: `within-${office.code}`,
            title: t('backoffice.stats.within', { office: name }),
            description: t('backoffice.stats.withinDesc'),
            series: [t('backoffice.stats.withinShare')],
            bars: withinBars,
            max: 100,
            unit: '%',
          }),
        };
      })
      .filter((g) => g !== null);
    return reply.view('backoffice/statistics.njk', { pageTitle: t('backoffice.stats.title'), groups, from, to, showSections: canUseBackoffice(user) });
  });
}
