// The case page's model: what a clerk reads of a case (its log in words, the messages with the
// request they answer, who read it) and the buttons the workflow table allows, in the
// request's language, plus the state of a form refused with 422 (its values and errors).
import { partiesView } from '../submissions/submissions.service.ts';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { formatNoticeNumber } from '../payments/notice-number.ts';
import { positionNote } from '../payments/positions.service.ts';
import { formatMoney } from '../platform/format.ts';
import type { AuditLogRow, CaseEventRow } from './backoffice.table.ts';
import { badgeOf, longDate, noticeOf, remainingText } from './backoffice.http.ts';
import type { FieldError } from './backoffice.inputs.ts';
import type { BackofficeService } from './backoffice.service.ts';
import { MAX_FILES } from './uploads.ts';
import { correctable } from './corrections.service.ts';
import { DOMICILE_EVENT, domicileEventText } from '../domicile/domicile.view.ts';

export type CaseView = Awaited<ReturnType<BackofficeService['caseView']>>;

/** A form of the case page refused with 422: which one, its errors, the values to show again. */
export interface FormState {
  form: string;
  errors: FieldError[];
  values: Record<string, string>;
}

/** An event of the log in words. */
function eventText(request: FastifyRequest, e: CaseEventRow, officeName: (code: string) => string): string {
  const t = request.t;
  const data = e.data as Record<string, unknown>;
  switch (e.kind) {
    case 'filed':
      return t('backoffice.event.filed', { office: officeName(String(data.office)) });
    case 'assigned':
      return t('backoffice.event.assigned', { name: String(data.assigneeName ?? data.assignee) });
    case 'forwarded':
      return t('backoffice.event.forwarded', { from: officeName(String(data.fromOffice)), to: officeName(String(data.toOffice)) });
    case 'clock_changed':
      return t('backoffice.event.clock_changed', { from: longDate(request)(String(data.from)), to: longDate(request)(String(data.to)) });
    case 'deadline_reached':
      return t('backoffice.event.deadline_reached', { date: longDate(request)(String(data.dueDate)) });
    case 'payment_requested':
      return t('backoffice.event.payment_requested', { amount: formatMoney(Number(data.amountCents), request.locale), notice: formatNoticeNumber(String(data.noticeNumber)) });
    case 'corrected': {
      const labels = data.labels as Record<string, string> | undefined;
      return t('casePage.event.corrected', { fields: labels?.[request.locale] ?? String(data.fields) });
    }
    case DOMICILE_EVENT:
      return domicileEventText(request, data);
    case 'transition':
    case 'released':
    case 'message':
    case 'note':
      return t(`backoffice.event.${e.kind}`);
    default:
      return e.kind;
  }
}

function events(request: FastifyRequest, view: CaseView, officeName: (code: string) => string) {
  const t = request.t;
  const status = (s: string | null) => (s ? t(`status.${s}`) : '-');
  return view.events.map((e) => ({
    at: e.at,
    who: e.actor_kind === 'system' ? t('backoffice.system') : `${e.actor_name ?? ''}${e.actor_fiscal_code ? ` (${e.actor_fiscal_code})` : ''}`,
    text: eventText(request, e, officeName),
    change: e.from_state !== e.to_state ? `${status(e.from_state)} → ${status(e.to_state)}` : '',
    reason: e.reason ?? '',
    seq: e.seq,
  }));
}

function messages(request: FastifyRequest, view: CaseView) {
  const t = request.t;
  const day = longDate(request);
  const requestsById = new Map(view.requests.map((r) => [r.id, r]));
  return view.messages.map((m) => {
    const answered = m.request_id ? requestsById.get(m.request_id) : undefined;
    const fromOffice = m.author_kind === 'office';
    let tag: string | null = null;
    if (answered) tag = fromOffice ? t(`backoffice.case.requestKind.${answered.kind}`, { date: day(answered.reply_by) }) : t('backoffice.case.answersRequest', { date: day(answered.requested_on) });
    return { ...m, author: t(fromOffice ? 'backoffice.case.fromOffice' : 'backoffice.case.fromApplicant', { name: m.author_name }), tag };
  });
}

/** What the buttons of the page are: the actions the table allows the clerk now. */
function buttons(view: CaseView, clerkFiscalCode: string) {
  const actions = new Set(view.actions);
  const c = view.case;
  return {
    canTake: actions.has('take') && c.assignee_fiscal_code !== clerkFiscalCode,
    canRelease: actions.has('release') && c.assignee_fiscal_code !== null,
    canAssign: actions.has('assign'),
    canStartReview: actions.has('start_review'),
    canIntegrate: actions.has('request_integration'),
    canRefuse: actions.has('notify_refusal'),
    canApprove: actions.has('approve'),
    canReject: actions.has('reject'),
    rejectNeedsNotice: actions.has('approve') && !actions.has('reject'),
    canForward: actions.has('forward'),
    canMessage: actions.has('message'),
    canRequestPayment: actions.has('request_payment'),
    // kinds of procedure (workflow.ts, views/backoffice/case/actions.njk)
    canInadmissible: actions.has('declare_inadmissible'),
    // only the first integration request suspends the term (art. 2 c. 7)
    laterIntegration: actions.has('request_integration') && view.requests.some((r) => r.kind === 'integration'),
    refusalNotApplicable: c.competitive && c.status === 'in_review',
    proposeOptions: (['propose_approval', 'propose_rejection', 'propose_inadmissible'] as const).filter((a) => actions.has(a)),
    canAdopt: actions.has('adopt'),
    canSendBack: actions.has('send_back'),
    proposal: c.status === 'proposed' ? { outcome: c.proposal, motivation: c.proposal_motivation ?? '' } : null,
    canArchive: actions.has('archive'),
    canConform: actions.has('request_conformation'),
    canProhibit: actions.has('prohibit'),
    canCloseControls: actions.has('close_controls'),
    canIrregular: actions.has('declare_irregular'),
    stepButtons: (['acknowledge', 'start_control', 'take_in_charge', 'solve', 'confirm'] as const).filter((a) => actions.has(a)),
    canClose: actions.has('close'),
    closeNeedsReason: c.kind === 'segnalazione' && c.status !== 'solved',
    canCancel: actions.has('cancel'),
    canReopen: actions.has('reopen'),
    serviceTarget: !view.clock.legalTerm,
  };
}

/** A late payment or a receipt for the wrong amount, in words (payments.note.*); null when neither. */
export function noteText(request: FastifyRequest, p: { amountMismatchCents: number | null; paidAfterExpiry: boolean }): string | null {
  const note = positionNote(p);
  return note && request.t(`payments.note.${note}`, { amount: p.amountMismatchCents === null ? '' : formatMoney(p.amountMismatchCents, request.locale) });
}

function payments(request: FastifyRequest, view: CaseView) {
  const t = request.t;
  const base = `/backoffice/pratiche/${view.filing.public_id}/pagamenti`;
  const { applicant, company } = view.filing;
  return {
    payments: view.positions.map((p) => ({
      ...p,
      statusLabel: t(`payments.status.${p.status}`),
      noteLabel: noteText(request, p),
      noticeHref: p.status === 'pending' ? `${base}/${p.id}/avviso.pdf` : null,
      receiptHref: p.status === 'paid' ? `${base}/${p.id}/ricevuta.pdf` : null,
    })),
    paymentStatus: t(`backoffice.payment.${view.paymentStatus}`),
    paymentDebtor: company ? `${company.name} (${company.fiscalCode})` : `${applicant.givenName} ${applicant.familyName} (${applicant.fiscalCode})`,
    paymentDefaults: { ...view.paymentDefaults, key: randomUUID() },
  };
}

/** The sections of the page, in tab order, with the letter of their shortcut (g then the letter). */
export const CASE_TABS = [
  { id: 'domanda', key: 'd' },
  { id: 'documenti', key: 'o' },
  { id: 'messaggi', key: 'm' },
  { id: 'pagamenti', key: 'p' },
  { id: 'storico', key: 's' },
] as const;
export type CaseTab = (typeof CASE_TABS)[number]['id'];

/** The section holding each form of the page that is not an action of the side column. */
const TAB_OF_FORM: Record<string, CaseTab> = { message: 'messaggi', note: 'messaggi', payment: 'pagamenti' };

/** The section where the result of an action done (`?fatto=`) is seen, when it is not the application. */
const TAB_OF_DONE: Record<string, CaseTab> = { message: 'messaggi', note: 'messaggi', payment: 'pagamenti', decided: 'documenti' };

/**
 * The section shown: the one holding a refused form, else the one asked for (`?tab=`), else
 * the one where the action just done shows, else the application.
 */
export function activeTab(query: { tab?: unknown; fatto?: unknown }, state: FormState | null): CaseTab {
  const ofForm = state ? TAB_OF_FORM[state.form] : undefined;
  if (ofForm) return ofForm;
  return CASE_TABS.find((tab) => tab.id === query.tab)?.id ?? TAB_OF_DONE[String(query.fatto)] ?? 'domanda';
}

/** The model of views/backoffice/case.njk. */
export function casePageModel(request: FastifyRequest, view: CaseView, audits: readonly AuditLogRow[], clerkFiscalCode: string, state: FormState | null) {
  const t = request.t;
  const it = request.locale === 'it';
  const c = view.case;
  const officeName = (code: string) => {
    const found = code === c.office_code ? view.office : view.offices.find((o) => o.code === code);
    return found ? (it ? found.name_it : found.name_en) : code;
  };
  const protocol = view.protocol ?? t('backoffice.protocolPending');
  const errors = state?.errors ?? [];
  const description = view.routedRule && 'description' in view.routedRule ? view.routedRule.description : undefined;
  const tab = activeTab((request.query as Record<string, unknown> | undefined) ?? {}, state);
  const counts: Partial<Record<CaseTab, number>> = { messaggi: view.messages.length + view.notes.length, pagamenti: view.positions.length, documenti: view.attachments.length + (view.decision ? 1 : 0) };
  return {
    pageTitle: t('backoffice.case.title', { protocol }),
    tab,
    tabs: CASE_TABS.map((x) => ({ ...x, label: t(`casePage.tab.${x.id}`), count: counts[x.id] ?? null, selected: x.id === tab, shortcut: t(`casePage.shortcuts.${x.id}`) })),
    canCorrect: correctable(c.status) && !view.readOnly,
    protocol,
    view,
    // who filed when it was not the applicant: a delegate, a professional (order and number), a desk
    parties: partiesView(view.filing, t),
    publicId: view.filing.public_id,
    base: `/backoffice/pratiche/${view.filing.public_id}`,
    procedureTitle: it ? view.procedure.title_it : view.procedure.title_en,
    statusLabel: t(`status.${c.status}`),
    officeName: officeName(c.office_code),
    remaining: remainingText(t, c.status, view.clock.band, view.clock.remainingDays, view.clock.paused?.replyBy ?? null, longDate(request)),
    badge: badgeOf(c.status, view.clock.band),
    routing: view.routedRule ? t('backoffice.case.routingRule', { rule: view.routedRule.id }) : t('backoffice.case.routingDefault'),
    routingDescription: description ? (it ? description.it : description.en) : null,
    ...buttons(view, clerkFiscalCode),
    ...payments(request, view),
    colleagueOptions: view.colleagues.map((m) => ({ value: m.fiscal_code, label: `${m.given_name} ${m.family_name}` })),
    officeOptions: view.offices.map((o) => ({ value: o.code, label: it ? o.name_it : o.name_en })),
    messages: messages(request, view),
    events: events(request, view, officeName),
    audits: audits.slice(0, 20).map((a) => ({ at: a.at, who: a.actor_fiscal_code, action: t(`backoffice.audit.${a.action}`) })),
    errorSummary: errors.length ? { title: t('backoffice.errors.title'), items: errors.map((e) => ({ href: `#${state!.form}-${e.field}`, text: e.message })) } : null,
    form: state?.form ?? null,
    values: state?.values ?? {},
    errorFor: (form: string, field: string) => (state?.form === form ? errors.find((e) => e.field === field)?.message : undefined),
    valueFor: (form: string, field: string, fallback: unknown) => (state?.form === form ? (state.values[field] ?? '') : fallback),
    notice: noticeOf(request) ?? ((request.query as Record<string, unknown> | undefined)?.fatto === 'corrected' ? t('casePage.notice.corrected') : null),
    maxFiles: MAX_FILES,
    fmt: longDate(request),
    statusOf: (status: string) => t(`status.${status}`),
  };
}
