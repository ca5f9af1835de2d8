// The back office's rules: a filing's case is opened in the filing transaction (in the queue
// the routing rules chose), clerks of its office work it through the Law 241/1990 workflow
// (workflow.ts) under the legal clock (legal-clock.ts), the applicant answers from the
// personal area, and every change is an event of the filing's hash-chained log written in the
// same transaction as the change. Staff reads of personal data go to the audit log. Every
// check happens with the case row locked, so two clerks clicking at once act one after the
// other and the second sees the first one's result.
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { cancelNotification, enqueueNotification } from '../notifications/index.ts';
import { debtorOfFiling, enqueuePaymentRequested } from '../payments/payment-request.ts';
import { ConflictError, DomainError, NotFoundError } from '../platform/errors.ts';
import type { RoutingDecision } from '../routing/index.ts';
import { filingPaymentStatus, type FilingPaymentStatus, type PaymentsService, type PositionView } from '../payments/payments.service.ts';
import type { FileStorage } from '../submissions/storage.ts';
import * as submissionsRepo from '../submissions/submissions.repository.ts';
import type { FiledSubmission } from '../submissions/submissions.service.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import * as repo from './backoffice.repository.ts';
import type { CaseRequestRow, CaseRow, EventActorKind, Outcome } from './backoffice.table.ts';
import { csvLine } from './csv.ts';
import { addDays, bandOf, INTEGRATION_MAX_DAYS, legalClock, REFUSAL_REPLY_DAYS, romeDate, type ClockState } from './legal-clock.ts';
import { discardUploads, type StoredUpload } from './uploads.ts';
import { allowedActions, decide, isFinal, type Action, type ActorRole, type GuardContext, type Refusal, type State } from './workflow.ts';
import { uniqueNames, zipStream, type ZipEntry } from './zip.ts';

/** A clerk as the back office sees them. */
export interface StaffActor {
  fiscalCode: string;
  name: string;
  offices: readonly string[];
}

/** The applicant (or whoever acts for the same company) as the personal area sees them. */
export interface ApplicantActor {
  fiscalCode: string;
  companyFiscalCode: string;
  name: string;
}

type Actor = { role: 'clerk'; staff: StaffActor } | { role: 'applicant'; applicant: ApplicantActor } | { role: 'system' };

/** The workflow refused the action: nothing changed. */
export class WorkflowRefusedError extends ConflictError {
  override readonly pageKey: string = 'backoffice.refused';
  constructor(
    readonly action: Action,
    readonly reason: Refusal,
  ) {
    super(`${action} refused: ${reason}`);
  }
}

/** An input the form schema could not see was wrong (an office or colleague that is not one). */
export class CaseInputError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`bad ${field}`);
  }
}

export interface QueueParams {
  status: repo.QueueStatus;
  office?: string | undefined;
  procedureId?: number | undefined;
  /** 'me', 'none' or a colleague's fiscal code */
  assignee?: string | undefined;
  band?: repo.QueueBand | undefined;
  q?: string | undefined;
  after?: repo.QueueCursor | undefined;
  descending?: boolean | undefined;
  limit?: number | undefined;
}

/** What the back office asks of payments (src/payments); the back-office plugin hands it over. */
export type CasePayments = Pick<PaymentsService, 'createPosition' | 'bySubmission' | 'statusOfSubmissions' | 'noticeForOffice' | 'find'>;

/** The clerk's request for a further payment on a filing; `key` comes with the form, once. */
export interface PaymentRequest {
  amountCents: number;
  reason: string;
  dueDate: string;
  /** null: the procedure's own (its fees' taxonomy code) */
  taxonomyCode: string | null;
  key: string;
}

export interface OfficePaymentsParams {
  office?: string | undefined;
  status?: repo.OfficePaymentStatus | undefined;
  procedureId?: number | undefined;
  dateOf: 'created' | 'paid';
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

/** The case is closed: no payment can be asked on it any more. */
export class PaymentRequestRefusedError extends WorkflowRefusedError {
  override readonly pageKey = 'backoffice.paymentRefused';
}

/** What opening a case needs to know of a filing. */
interface CaseOpening {
  id: number;
  procedureId: number;
  definition: ProcedureDefinition;
  routing: RoutingDecision;
  receivedAt: Date;
  receiptDate: string;
  dueDate: string;
  applicantName: string;
  applicantFiscalCode: string;
  companyFiscalCode: string;
}

export interface BackofficeOptions {
  storage: FileStorage;
  payments?: CasePayments;
  /** The time every action records; tests move it. */
  clock?: () => Date;
  dueSoonDays?: number;
}

type Trx = Transaction<Database>;

const SILENCE_MOTIVATION = 'art. 20 legge 241/1990';

export function parseSearch(raw: string | undefined): repo.QueueSearch | undefined {
  const q = raw?.trim();
  if (!q) return undefined;
  const protocol = /^(\d{1,7})(?:\s*\/\s*(\d{4}))?$/.exec(q);
  if (protocol) return { kind: 'protocol', number: Number(protocol[1]), year: protocol[2] ? Number(protocol[2]) : null };
  const code = q.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(code) || /^\d{11}$/.test(code)) return { kind: 'fiscalCode', code };
  return { kind: 'name', text: repo.searchText(q).slice(0, 100) };
}

/** Days a clerk's payment request gives by default. */
export const PAYMENT_DUE_DAYS = 30;

/** Cents as a plain decimal in euro ("1234.50"), for CSV cells a spreadsheet reads as numbers. */
function centsText(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function officePaymentsFilter(actor: StaffActor, params: OfficePaymentsParams): repo.OfficePaymentsFilter {
  return {
    offices: params.office ? actor.offices.filter((o) => o === params.office) : [...actor.offices],
    status: params.status,
    procedureId: params.procedureId,
    dateOf: params.dateOf,
    from: params.from,
    to: params.to,
  };
}

export function protocolLabel(filing: { protocol_number: number | null; protocol_year: number | null }): string | null {
  return filing.protocol_number && filing.protocol_year ? `${protocolNumberText(filing.protocol_number)}/${filing.protocol_year}` : null;
}

export function createBackofficeService(db: DB, options: BackofficeOptions) {
  const clock = options.clock ?? (() => new Date());
  const dueSoonDays = options.dueSoonDays ?? 5;
  const { storage } = options;
  let payments: CasePayments | null = options.payments ?? null;
  function paymentsService(): CasePayments {
    if (!payments) throw new Error('the back office has no payments service (usePayments)');
    return payments;
  }
  const paymentStatuses = async (ids: readonly number[]): Promise<Map<number, FilingPaymentStatus>> => (payments ? payments.statusOfSubmissions(ids) : new Map());

  // ---------------------------------------------------------------- helpers

  function actorFields(actor: Actor): { actorKind: EventActorKind; actorFiscalCode: string | null; actorName: string | null } {
    if (actor.role === 'clerk') return { actorKind: 'clerk', actorFiscalCode: actor.staff.fiscalCode, actorName: actor.staff.name };
    if (actor.role === 'applicant') return { actorKind: 'applicant', actorFiscalCode: actor.applicant.fiscalCode, actorName: actor.applicant.name };
    return { actorKind: 'system', actorFiscalCode: null, actorName: null };
  }

  function clockFor(c: Pick<CaseRow, 'receipt_date' | 'duration_days'>, requests: CaseRequestRow[], today: string): ClockState {
    return legalClock({
      receiptDate: c.receipt_date,
      durationDays: c.duration_days,
      periods: requests.map((r) => ({ kind: r.kind, from: r.requested_on, replyBy: r.reply_by, answeredOn: r.answered_on })),
      today,
      dueSoonDays,
    });
  }

  function guardContext(c: CaseRow, requests: CaseRequestRow[], state: ClockState): GuardContext {
    return {
      integrationRequests: requests.filter((r) => r.kind === 'integration').length,
      refusalNotices: requests.filter((r) => r.kind === 'refusal_notice').length,
      silenceConsent: c.silence_consent,
      deadlinePassed: state.deadlinePassed,
      replyPeriodOver: state.replyPeriodOver,
    };
  }

  /** The case locked in this transaction, if `actor` may act on it at all; 404 otherwise. */
  async function lockFor(trx: Trx, submissionId: number, actor: Actor): Promise<CaseRow> {
    const c = await repo.lockCase(trx, submissionId);
    if (!c) throw new NotFoundError('case');
    if (actor.role === 'clerk' && !actor.staff.offices.includes(c.office_code)) throw new NotFoundError('case');
    return c;
  }

  /**
   * Checks the action against the table and, when it changes the state, applies it: the new
   * status, the event, the clock stored again. Returns the state after.
   */
  async function apply(
    trx: Trx,
    c: CaseRow,
    action: Action,
    actor: Actor,
    now: Date,
    event: { reason?: string | null; data?: Record<string, unknown>; requests?: CaseRequestRow[] } = {},
  ): Promise<State> {
    const requests = event.requests ?? (await repo.listRequests(trx, c.submission_id));
    const today = romeDate(now);
    const role: ActorRole = actor.role;
    const decision = decide(c.status, action, role, guardContext(c, requests, clockFor(c, requests, today)));
    if (!decision.allowed) throw new WorkflowRefusedError(action, decision.reason);
    if (decision.to === c.status) return c.status;
    await repo.appendEvent(trx, c, {
      at: now,
      ...actorFields(actor),
      kind: 'transition',
      fromState: c.status,
      toState: decision.to,
      reason: event.reason ?? null,
      data: { action, ...(event.data ?? {}) },
    });
    await repo.updateCase(trx, c.submission_id, { status: decision.to, ...(isFinal(decision.to) && decision.to !== 'withdrawn' ? { decided_at: now } : {}) });
    c.status = decision.to;
    return decision.to;
  }

  /** Refuses unless the table allows the action (for operations that keep the state). */
  async function check(trx: Trx, c: CaseRow, action: Action, actor: Actor, now: Date): Promise<void> {
    const requests = await repo.listRequests(trx, c.submission_id);
    const decision = decide(c.status, action, actor.role, guardContext(c, requests, clockFor(c, requests, romeDate(now))));
    if (!decision.allowed) throw new WorkflowRefusedError(action, decision.reason);
  }

  /** Stores the clock as the requests now make it (due date, pause). */
  async function storeClock(trx: Trx, c: CaseRow, now: Date): Promise<ClockState> {
    const requests = await repo.listRequests(trx, c.submission_id);
    const state = clockFor(c, requests, romeDate(now));
    await repo.updateCase(trx, c.submission_id, {
      due_date: state.dueDate,
      paused_since: state.paused?.since ?? null,
      pause_kind: state.paused?.kind ?? null,
      reply_by: state.paused?.replyBy ?? null,
    });
    c.due_date = state.dueDate;
    return state;
  }

  async function notificationBasics(trx: Trx, c: CaseRow) {
    const filing = await repo.filingOf(trx, c.submission_id);
    const procedure = await repo.procedureTitles(trx, c.procedure_id);
    const office = (await repo.officesByCode(trx, [c.office_code]))[0];
    return {
      filing,
      recipientFiscalCode: filing.applicant.fiscalCode,
      locale: filing.locale,
      data: {
        procedureTitle: { it: procedure.title_it, en: procedure.title_en },
        protocolNumber: protocolLabel(filing) ?? filing.public_id.slice(0, 8),
        link: `/area-personale/richieste/${filing.public_id}`,
        ...(office ? { officeName: { it: office.name_it, en: office.name_en } } : {}),
      },
    };
  }

  async function insertUploads(trx: Trx, submissionId: number, messageId: number | null, purpose: 'message' | 'decision', by: string, uploads: readonly StoredUpload[]) {
    const files: Array<{ id: string; name: string; sha256: string }> = [];
    for (const u of uploads) {
      const id = await repo.insertFile(trx, {
        submissionId,
        messageId,
        purpose,
        uploadedBy: by,
        originalName: u.name,
        contentType: u.contentType,
        sizeBytes: u.size,
        sha256: u.sha256,
        storageKey: u.key,
      });
      files.push({ id, name: u.name, sha256: u.sha256 });
    }
    return files;
  }

  /** Runs a change in a transaction; files stored beforehand are removed if it fails. */
  async function withUploads<T>(uploads: readonly StoredUpload[], work: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      await discardUploads(storage, uploads);
      throw error;
    }
  }

  async function caseIdFor(publicId: string): Promise<number> {
    const id = await repo.submissionIdOf(db, publicId);
    if (id === undefined) throw new NotFoundError('case');
    return id;
  }

  /** The filing of the applicant (or of the company they act for); 404 for anyone else's. */
  async function ownCaseId(applicant: ApplicantActor, publicId: string): Promise<number> {
    const own = await submissionsRepo.findOwnSubmission(db, { fiscalCode: applicant.fiscalCode, companyFiscalCode: applicant.companyFiscalCode }, publicId);
    if (!own) throw new NotFoundError('submission');
    return own.id;
  }

  async function audit(actor: StaffActor, action: string, target: { submissionId?: number | null; officeCode?: string | null }, detail: Record<string, unknown> = {}) {
    await db.transaction().execute((trx) =>
      repo.appendAudit(trx, { at: clock(), actorFiscalCode: actor.fiscalCode, action, submissionId: target.submissionId ?? null, officeCode: target.officeCode ?? null, detail }),
    );
  }

  async function staffCase(actor: StaffActor, publicId: string): Promise<CaseRow> {
    const id = await caseIdFor(publicId);
    const c = await repo.findCase(db, id);
    if (!c || !actor.offices.includes(c.office_code)) throw new NotFoundError('case');
    return c;
  }

  // ---------------------------------------------------------------- opening cases

  /**
   * Inside the filing transaction: each filing's case in the routed office's queue with the first
   * event of its log, for all the filings of the batch at once.
   */
  async function openCases(trx: Trx, filings: readonly CaseOpening[]): Promise<void> {
    await repo.insertCasesWithFirstEvent(
      trx,
      filings.map((filed) => ({
        case: {
          submissionId: filed.id,
          officeCode: filed.routing.office,
          procedureId: filed.procedureId,
          receivedAt: filed.receivedAt,
          receiptDate: filed.receiptDate,
          durationDays: filed.definition.durationDays,
          silenceConsent: filed.definition.silenceConsent,
          dueDate: filed.dueDate,
          applicantFiscalCode: filed.applicantFiscalCode,
          companyFiscalCode: filed.companyFiscalCode,
          applicantName: filed.applicantName,
          routedRule: filed.routing.ruleId,
        },
        firstEvent: {
          at: filed.receivedAt,
          actorKind: 'applicant',
          actorFiscalCode: filed.applicantFiscalCode,
          actorName: filed.applicantName,
          kind: 'filed',
          fromState: null,
          toState: 'submitted',
          reason: null,
          data: {
            office: filed.routing.office,
            rule: filed.routing.ruleId,
            evaluated: filed.routing.evaluated,
            dueDate: filed.dueDate,
            durationDays: filed.definition.durationDays,
          },
        },
      })),
    );
  }

  /** The queue's filter from the page's parameters, within the clerk's offices. */
  function queueFilter(actor: StaffActor, params: QueueParams, today: string): { offices: string[]; filter: repo.QueueFilter } {
    const offices = params.office ? actor.offices.filter((o) => o === params.office) : [...actor.offices];
    const filter: repo.QueueFilter = {
      offices,
      status: params.status,
      procedureId: params.procedureId,
      assignee: params.assignee === 'me' ? actor.fiscalCode : params.assignee,
      band: params.band,
      today,
      soonUntil: addDays(today, dueSoonDays),
      search: parseSearch(params.q),
    };
    return { offices, filter };
  }

  const service = {
    clock,

    /** Payments are built after the back office (services.ts); the plugin connects them. */
    usePayments(p: CasePayments) {
      payments = p;
    },

    /** The filing hook (services.ts): opens the case in the transaction that files. */
    onFiled: async (trx: Trx, filings: readonly FiledSubmission[]) => {
      await openCases(
        trx,
        filings.map((filed) => {
          const person = `${filed.applicant.familyName} ${filed.applicant.givenName}`.trim();
          return {
            ...filed,
            applicantName: filed.applicant.company ? `${filed.applicant.company.name} (${person})` : person,
            applicantFiscalCode: filed.applicant.fiscalCode,
            companyFiscalCode: filed.applicant.company?.fiscalCode ?? '',
          };
        }),
      );
    },

    /** Opens cases for filings that have none (filed before the back office); returns how many. */
    async ensureCases(batch = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const rows = await repo.filingsWithoutCase(db, batch);
        if (rows.length === 0) return total;
        await db.transaction().execute((trx) =>
          openCases(
            trx,
            rows.map((row) => {
              const person = `${row.applicant.familyName} ${row.applicant.givenName}`.trim();
              return {
                id: row.id,
                procedureId: row.procedure_id,
                definition: row.definition,
                routing: { office: row.office_code, ruleId: null, evaluated: [] },
                receivedAt: row.received_at,
                receiptDate: row.receipt_date,
                dueDate: row.due_date,
                applicantName: row.company ? `${row.company.name} (${person})` : person,
                applicantFiscalCode: row.applicant_fiscal_code,
                companyFiscalCode: row.company_fiscal_code,
              };
            }),
          ),
        );
        total += rows.length;
      }
    },

    // ---------------------------------------------------------------- queue

    async queue(actor: StaffActor, params: QueueParams) {
      const now = clock();
      const today = romeDate(now);
      const { offices, filter } = queueFilter(actor, params, today);
      const limit = params.limit ?? 50;
      const page = await repo.queuePage(db, filter, { after: params.after, limit: limit + 1, descending: params.descending });
      const more = page.length > limit;
      const ids = page.slice(0, limit).map((r) => r.submission_id);
      const [rows, counts, officeRows, procedures, paid] = await Promise.all([
        repo.queueRows(db, ids),
        repo.statusCounts(db, filter),
        repo.officesByCode(db, actor.offices),
        repo.proceduresOfOffices(db, actor.offices),
        paymentStatuses(ids),
      ]);
      const colleagues = new Map<string, repo.StaffMember>();
      for (const office of actor.offices) for (const member of await repo.officeStaff(db, office)) colleagues.set(member.fiscal_code, member);
      await audit(actor, 'queue.view', { officeCode: offices.length === 1 ? offices[0]! : null }, { filter: { ...params, after: undefined }, rows: ids.length });
      const last = page[limit - 1];
      return {
        today,
        rows: rows.map((r) => ({
          ...r,
          protocol: protocolLabel(r),
          ...bandOf(r.due_date, today, r.paused_since !== null, dueSoonDays),
          open: !isFinal(r.status),
          payment: paid.get(r.submission_id) ?? ('none' as FilingPaymentStatus),
        })),
        counts,
        next: more && last ? { dueDate: last.due_date, id: last.submission_id } : null,
        offices: officeRows,
        procedures,
        colleagues: [...colleagues.values()].sort((a, b) => a.family_name.localeCompare(b.family_name)),
      };
    },

    /** The queue as CSV lines, every page of it, streamed; one audit entry for the export. */
    async exportCsv(actor: StaffActor, params: QueueParams, header: string[]): Promise<AsyncIterable<string>> {
      const now = clock();
      const today = romeDate(now);
      const { offices, filter } = queueFilter(actor, params, today);
      await audit(actor, 'queue.export', { officeCode: offices.length === 1 ? offices[0]! : null }, { filter: { ...params, after: undefined } });
      const descending = params.descending;
      return (async function* lines() {
        yield `\ufeff${csvLine(header)}`;
        let after: repo.QueueCursor | undefined;
        for (;;) {
          const page = await repo.queuePage(db, filter, { after, limit: 1000, descending });
          if (page.length === 0) return;
          const ids = page.map((p) => p.submission_id);
          const [rows, paid] = await Promise.all([repo.queueRows(db, ids), paymentStatuses(ids)]);
          let chunk = '';
          for (const r of rows) {
            const band = bandOf(r.due_date, today, r.paused_since !== null, dueSoonDays);
            chunk += csvLine([
              protocolLabel(r) ?? '',
              romeDate(r.received_at),
              r.title_it,
              r.office_code,
              r.status,
              r.applicant_name,
              r.applicant_fiscal_code,
              r.company_fiscal_code,
              r.assignee_name ?? '',
              r.due_date,
              isFinal(r.status) ? '' : band.remainingDays,
              isFinal(r.status) ? '' : band.band,
              r.public_id,
              paid.get(r.submission_id) ?? 'none',
            ]);
          }
          yield chunk;
          const last = page[page.length - 1]!;
          after = { dueDate: last.due_date, id: last.submission_id };
        }
      })();
    },

    // ---------------------------------------------------------------- one filing, for staff

    /** Everything the case page shows; the read is audited. */
    async caseView(actor: StaffActor, publicId: string) {
      const c = await staffCase(actor, publicId);
      const now = clock();
      const today = romeDate(now);
      const filing = await repo.filingOf(db, c.submission_id);
      const [procedure, requests, events, messages, notes, files, decision, attachments, colleagues, offices, assignee, version, positions] = await Promise.all([
        repo.procedureTitles(db, c.procedure_id),
        repo.listRequests(db, c.submission_id),
        repo.listEvents(db, c.submission_id),
        repo.listMessages(db, c.submission_id),
        repo.listNotes(db, c.submission_id),
        repo.listFiles(db, c.submission_id),
        repo.findDecision(db, c.submission_id),
        repo.filingAttachments(db, c.submission_id),
        repo.officeStaff(db, c.office_code),
        repo.officesByCode(db),
        c.assignee_fiscal_code ? repo.staffMember(db, c.assignee_fiscal_code) : Promise.resolve(undefined),
        repo.definitionOf(db, c.procedure_id, filing.procedure_version),
        payments ? payments.bySubmission([c.submission_id]).then((m) => m.get(c.submission_id) ?? []) : Promise.resolve([] as PositionView[]),
      ]);
      await audit(actor, 'case.view', { submissionId: c.submission_id, officeCode: c.office_code });
      const state = clockFor(c, requests, today);
      const actions = allowedActions(c.status, 'clerk', guardContext(c, requests, state));
      const rule = c.routed_rule ? version?.routing?.rules.find((r) => r.id === c.routed_rule) : undefined;
      return {
        case: c,
        filing,
        protocol: protocolLabel(filing),
        procedure,
        clock: state,
        requests,
        events,
        messages: messages.map((m) => ({ ...m, files: files.filter((f) => f.message_id === m.id) })),
        notes,
        decision: decision ? { ...decision, document: files.find((f) => f.id === decision.document_id) ?? null } : null,
        attachments,
        colleagues,
        offices: offices.filter((o) => o.code !== c.office_code),
        office: offices.find((o) => o.code === c.office_code),
        assignee: assignee ?? null,
        actions,
        routedRule: rule ?? (c.routed_rule ? { id: c.routed_rule } : null),
        positions,
        paymentStatus: filingPaymentStatus(positions.map((p) => p.status)),
        paymentDefaults: { dueDate: addDays(today, PAYMENT_DUE_DAYS), taxonomyCode: version?.fees?.taxonomyCode ?? null },
      };
    },

    async take(actor: StaffActor, publicId: string): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'take', { role: 'clerk', staff: actor }, now);
        if (c.assignee_fiscal_code !== actor.fiscalCode) {
          await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'assigned', fromState: c.status, toState: c.status, reason: null, data: { assignee: actor.fiscalCode, assigneeName: actor.name, previous: c.assignee_fiscal_code } });
          await repo.updateCase(trx, id, { assignee_fiscal_code: actor.fiscalCode, assigned_at: now });
        }
        // taking charge of a new filing starts the review (presa in carico)
        if (c.status === 'submitted') await apply(trx, c, 'start_review', { role: 'clerk', staff: actor }, now);
      });
    },

    async startReview(actor: StaffActor, publicId: string): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await apply(trx, c, 'start_review', { role: 'clerk', staff: actor }, now);
      });
    },

    async assign(actor: StaffActor, publicId: string, assigneeFiscalCode: string): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'assign', { role: 'clerk', staff: actor }, now);
        const member = (await repo.officeStaff(trx, c.office_code)).find((m) => m.fiscal_code === assigneeFiscalCode);
        if (!member) throw new CaseInputError('assignee', 'backoffice.error.assignee');
        if (c.assignee_fiscal_code === member.fiscal_code) return;
        const name = `${member.given_name} ${member.family_name}`;
        await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'assigned', fromState: c.status, toState: c.status, reason: null, data: { assignee: member.fiscal_code, assigneeName: name, previous: c.assignee_fiscal_code } });
        await repo.updateCase(trx, id, { assignee_fiscal_code: member.fiscal_code, assigned_at: now });
      });
    },

    async release(actor: StaffActor, publicId: string): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'release', { role: 'clerk', staff: actor }, now);
        if (!c.assignee_fiscal_code) return;
        await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'released', fromState: c.status, toState: c.status, reason: null, data: { previous: c.assignee_fiscal_code } });
        await repo.updateCase(trx, id, { assignee_fiscal_code: null, assigned_at: null });
      });
    },

    /** Sends the filing to another office's queue, with the reason; it leaves this office's. */
    async forward(actor: StaffActor, publicId: string, officeCode: string, reason: string): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'forward', { role: 'clerk', staff: actor }, now);
        const office = (await repo.officesByCode(trx, [officeCode]))[0];
        if (!office || office.code === c.office_code) throw new CaseInputError('office', 'backoffice.error.office');
        await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'forwarded', fromState: c.status, toState: c.status, reason, data: { fromOffice: c.office_code, toOffice: office.code, previousAssignee: c.assignee_fiscal_code } });
        await repo.updateCase(trx, id, { office_code: office.code, assignee_fiscal_code: null, assigned_at: null });
      });
    },

    /** Art. 2 c. 7: once, with a reply period of at most 30 days; the clock stops until the answer. */
    async requestIntegration(actor: StaffActor, publicId: string, input: { text: string; replyDays: number }): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      const today = romeDate(now);
      const replyBy = addDays(today, Math.min(Math.max(1, input.replyDays), INTEGRATION_MAX_DAYS));
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await apply(trx, c, 'request_integration', { role: 'clerk', staff: actor }, now, { data: { replyBy } });
        const requestId = await repo.insertRequest(trx, { submissionId: id, kind: 'integration', body: input.text, by: actor.fiscalCode, byName: actor.name, at: now, on: today, replyBy });
        await repo.insertMessage(trx, { submissionId: id, authorKind: 'office', authorFiscalCode: actor.fiscalCode, authorName: actor.name, officeCode: c.office_code, body: input.text, requestId, at: now });
        await storeClock(trx, c, now);
        const basics = await notificationBasics(trx, c);
        await enqueueNotification(trx, { kind: 'integration.requested', recipientFiscalCode: basics.recipientFiscalCode, locale: basics.locale, data: { ...basics.data, message: input.text, replyBy }, dedupeKey: `case:${id}:integration` });
        const remindOn = addDays(replyBy, -3);
        if (remindOn > today) {
          await enqueueNotification(trx, {
            kind: 'deadline.reminder',
            recipientFiscalCode: basics.recipientFiscalCode,
            locale: basics.locale,
            data: { ...basics.data, dueDate: replyBy, topic: 'integration' },
            dedupeKey: `case:${id}:integration:reminder`,
            deliverAfter: new Date(`${remindOn}T07:00:00Z`),
          });
        }
      });
    },

    /** Art. 10-bis: the reasons against, before any rejection; 10 days for the applicant's reply. */
    async notifyRefusal(actor: StaffActor, publicId: string, input: { text: string }): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      const today = romeDate(now);
      const replyBy = addDays(today, REFUSAL_REPLY_DAYS);
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await apply(trx, c, 'notify_refusal', { role: 'clerk', staff: actor }, now, { reason: input.text, data: { replyBy } });
        const requestId = await repo.insertRequest(trx, { submissionId: id, kind: 'refusal_notice', body: input.text, by: actor.fiscalCode, byName: actor.name, at: now, on: today, replyBy });
        await repo.insertMessage(trx, { submissionId: id, authorKind: 'office', authorFiscalCode: actor.fiscalCode, authorName: actor.name, officeCode: c.office_code, body: input.text, requestId, at: now });
        await storeClock(trx, c, now);
        const basics = await notificationBasics(trx, c);
        await enqueueNotification(trx, { kind: 'office.message', recipientFiscalCode: basics.recipientFiscalCode, locale: basics.locale, data: { ...basics.data, message: input.text }, dedupeKey: `case:${id}:refusal-notice` });
        const remindOn = addDays(replyBy, -3);
        await enqueueNotification(trx, {
          kind: 'deadline.reminder',
          recipientFiscalCode: basics.recipientFiscalCode,
          locale: basics.locale,
          data: { ...basics.data, dueDate: replyBy, topic: 'refusal-notice' },
          dedupeKey: `case:${id}:refusal-notice:reminder`,
          deliverAfter: new Date(`${remindOn}T07:00:00Z`),
        });
      });
    },

    /** The decision: approved, or rejected (after a notice of refusal), with its motivation and document. */
    async decide(actor: StaffActor, publicId: string, input: { outcome: 'approved' | 'rejected'; motivation: string; document: StoredUpload | null }): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      const uploads = input.document ? [input.document] : [];
      await withUploads(uploads, async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        const action: Action = input.outcome === 'approved' ? 'approve' : 'reject';
        // checked before anything is written, so a refusal leaves no file row behind
        await check(trx, c, action, { role: 'clerk', staff: actor }, now);
        const files = await insertUploads(trx, id, null, 'decision', actor.fiscalCode, uploads);
        const document = files[0] ?? null;
        await apply(trx, c, action, { role: 'clerk', staff: actor }, now, { reason: input.motivation, data: { outcome: input.outcome, document } });
        await repo.insertDecision(trx, { submissionId: id, outcome: input.outcome, motivation: input.motivation, by: actor.fiscalCode, byName: actor.name, at: now, documentId: document?.id ?? null });
        const basics = await notificationBasics(trx, c);
        await enqueueNotification(trx, { kind: 'decision', recipientFiscalCode: basics.recipientFiscalCode, locale: basics.locale, data: { ...basics.data, outcome: input.outcome === 'approved' ? 'accepted' : 'rejected', message: input.motivation }, dedupeKey: `case:${id}:decision` });
      });
    },

    async officeMessage(actor: StaffActor, publicId: string, input: { text: string; files: StoredUpload[] }): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await withUploads(input.files, async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'message', { role: 'clerk', staff: actor }, now);
        const messageId = await repo.insertMessage(trx, { submissionId: id, authorKind: 'office', authorFiscalCode: actor.fiscalCode, authorName: actor.name, officeCode: c.office_code, body: input.text, requestId: null, at: now });
        const files = await insertUploads(trx, id, messageId, 'message', actor.fiscalCode, input.files);
        await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'message', fromState: c.status, toState: c.status, reason: null, data: { messageId, direction: 'to-applicant', files } });
        const basics = await notificationBasics(trx, c);
        await enqueueNotification(trx, { kind: 'office.message', recipientFiscalCode: basics.recipientFiscalCode, locale: basics.locale, data: { ...basics.data, message: input.text }, dedupeKey: `case:${id}:message:${messageId}` });
      });
    },

    async note(actor: StaffActor, publicId: string, input: { text: string }): Promise<void> {
      const id = await caseIdFor(publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        await check(trx, c, 'note', { role: 'clerk', staff: actor }, now);
        const noteId = await repo.insertNote(trx, { submissionId: id, authorFiscalCode: actor.fiscalCode, authorName: actor.name, body: input.text, at: now });
        await repo.appendEvent(trx, c, { at: now, actorKind: 'clerk', actorFiscalCode: actor.fiscalCode, actorName: actor.name, kind: 'note', fromState: c.status, toState: c.status, reason: null, data: { noteId } });
      });
    },

    /** A file of the filing (its attachments) for a clerk of its office; audited. */
    async attachment(actor: StaffActor, publicId: string, attachmentId: string): Promise<{ name: string; contentType: string; stream: Readable }> {
      const c = await staffCase(actor, publicId);
      const file = (await repo.filingAttachments(db, c.submission_id)).find((a) => a.id === attachmentId);
      if (!file) throw new NotFoundError('attachment');
      await audit(actor, 'attachment.download', { submissionId: c.submission_id, officeCode: c.office_code }, { attachmentId, name: file.original_name, sha256: file.sha256 });
      return { name: file.original_name, contentType: file.content_type, stream: await storage.get(file.storage_key) };
    },

    /** A file added after filing (messages, the decision) for a clerk of its office; audited. */
    async caseFile(actor: StaffActor, publicId: string, fileId: string): Promise<{ name: string; contentType: string; stream: Readable }> {
      const c = await staffCase(actor, publicId);
      const file = await repo.findFile(db, c.submission_id, fileId);
      if (!file) throw new NotFoundError('file');
      await audit(actor, 'file.download', { submissionId: c.submission_id, officeCode: c.office_code }, { fileId, name: file.original_name, sha256: file.sha256 });
      return { name: file.original_name, contentType: file.content_type, stream: await storage.get(file.storage_key) };
    },

    /** Every file of the filing as one ZIP, streamed; audited. */
    async zip(actor: StaffActor, publicId: string): Promise<{ name: string; stream: Readable }> {
      const c = await staffCase(actor, publicId);
      const [filing, attachments, files] = await Promise.all([repo.filingOf(db, c.submission_id), repo.filingAttachments(db, c.submission_id), repo.listFiles(db, c.submission_id)]);
      const all = [
        ...attachments.map((a) => ({ name: `domanda/${a.original_name}`, key: a.storage_key, at: a.created_at })),
        ...files.map((f) => ({ name: `${f.purpose === 'decision' ? 'provvedimento' : 'messaggi'}/${f.original_name}`, key: f.storage_key, at: f.created_at })),
      ];
      const names = uniqueNames(all.map((f) => f.name.split('/')[1]!)).map((n, i) => `${all[i]!.name.split('/')[0]}/${n}`);
      const entries: ZipEntry[] = all.map((f, i) => ({ name: names[i]!, modified: new Date(f.at), open: () => storage.get(f.key) }));
      await audit(actor, 'case.zip', { submissionId: c.submission_id, officeCode: c.office_code }, { files: entries.length });
      const label = protocolLabel(filing)?.replace('/', '-') ?? filing.public_id.slice(0, 8);
      return { name: `pratica-${label}.zip`, stream: zipStream(entries) };
    },

    // ---------------------------------------------------------------- payments

    /**
     * A further payment on an open filing (fees set after review, for instance): the position,
     * the message asking the applicant to pay and the case's event, in one transaction. The
     * debtor is the company the filing was made for, or the applicant. A second post of the
     * same form (its key) creates nothing and answers with the first one's position.
     */
    async requestPayment(actor: StaffActor, publicId: string, input: PaymentRequest): Promise<{ positionId: number; duplicate: boolean }> {
      const id = await caseIdFor(publicId);
      const now = clock();
      const clerk: Actor = { role: 'clerk', staff: actor };
      const create = paymentsService().createPosition;
      return db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, clerk);
        const earlier = await repo.paymentRequestByKey(trx, id, input.key);
        if (earlier !== undefined) return { positionId: earlier, duplicate: true };
        if (isFinal(c.status)) throw new PaymentRequestRefusedError('request_payment', 'state');
        await check(trx, c, 'request_payment', clerk, now);
        const filing = await repo.filingOf(trx, id);
        const taxonomyCode = input.taxonomyCode ?? (await repo.definitionOf(trx, c.procedure_id, filing.procedure_version))?.fees?.taxonomyCode;
        if (!taxonomyCode) throw new CaseInputError('tassonomia', 'backoffice.payments.error.taxonomyRequired');
        const { applicant, company } = filing;
        const debtor = debtorOfFiling(applicant, company);
        const position = await create(trx, {
          debtor,
          ownerFiscalCode: applicant.fiscalCode,
          amountCents: input.amountCents,
          reason: input.reason,
          dueDate: input.dueDate,
          taxonomyCode,
          submissionId: id,
        });
        await repo.appendEvent(trx, c, {
          at: now,
          ...actorFields(clerk),
          kind: 'payment_requested',
          fromState: c.status,
          toState: c.status,
          reason: input.reason,
          data: { positionId: position.id, noticeNumber: position.noticeNumber, amountCents: position.amountCents, dueDate: position.dueDate, taxonomyCode, debtor: debtor.fiscalCode, key: input.key },
        });
        const basics = await notificationBasics(trx, c);
        await enqueuePaymentRequested(trx, position, { recipientFiscalCode: applicant.fiscalCode, locale: basics.locale }, { ...basics.data, description: position.reason });
        return { positionId: position.id, duplicate: false };
      });
    },

    /** A position of the filing, for its notice (still to pay) or its receipt (paid); audited. */
    async casePaymentDocument(actor: StaffActor, publicId: string, positionId: number, kind: 'notice' | 'receipt'): Promise<PositionView> {
      const c = await staffCase(actor, publicId);
      const found = await paymentsService().find(positionId);
      if (!found || found.submissionId !== c.submission_id) throw new NotFoundError('payment');
      if (kind === 'receipt' && found.status !== 'paid') throw new NotFoundError('receipt');
      const position = kind === 'notice' ? await paymentsService().noticeForOffice(positionId) : found;
      await audit(actor, `payment.${kind}`, { submissionId: c.submission_id, officeCode: c.office_code }, { positionId, noticeNumber: position.noticeNumber });
      return position;
    },

    /** The positions of the filings of the clerk's offices (or of one of them), newest first; the read is audited. */
    async officePayments(actor: StaffActor, params: OfficePaymentsParams) {
      const filter = officePaymentsFilter(actor, params);
      const limit = params.limit ?? 50;
      const [page, officeRows, procedures] = await Promise.all([
        repo.officePaymentsPage(db, filter, { before: params.before, limit: limit + 1 }),
        repo.officesByCode(db, actor.offices),
        repo.proceduresOfOffices(db, actor.offices),
      ]);
      const rows = page.slice(0, limit);
      await audit(actor, 'payments.view', { officeCode: filter.offices.length === 1 ? filter.offices[0]! : null }, { filter: { ...params, before: undefined }, rows: rows.length });
      return {
        rows: rows.map((r) => ({ ...r, protocol: protocolLabel(r) })),
        next: page.length > limit ? rows[rows.length - 1]!.id : null,
        offices: officeRows,
        procedures,
      };
    },

    /** The same list as CSV lines, every page of it, streamed; one audit entry for the export. */
    async exportPaymentsCsv(actor: StaffActor, params: OfficePaymentsParams, header: string[]): Promise<AsyncIterable<string>> {
      const filter = officePaymentsFilter(actor, params);
      await audit(actor, 'payments.export', { officeCode: filter.offices.length === 1 ? filter.offices[0]! : null }, { filter: { ...params, before: undefined } });
      return (async function* lines() {
        yield `\ufeff${csvLine(header)}`;
        let before: number | undefined;
        for (;;) {
          const page = await repo.officePaymentsPage(db, filter, { before, limit: 1000 });
          if (page.length === 0) return;
          yield page
            .map((r) =>
              csvLine([
                r.notice_number,
                r.iuv,
                protocolLabel(r) ?? '',
                r.title_it,
                r.office_code,
                r.reason,
                centsText(r.amount_cents),
                r.status,
                r.due_date,
                r.created_at,
                r.paid_at ?? '',
                r.paid_amount_cents === null ? '' : centsText(r.paid_amount_cents),
                r.receipt_id ?? '',
                r.debtor_name,
                r.debtor_fiscal_code,
                r.taxonomy_code,
                r.public_id,
              ]),
            )
            .join('');
          before = page[page.length - 1]!.id;
        }
      })();
    },

    // ---------------------------------------------------------------- the applicant's side

    /** What the applicant's request page adds: state, clock, who is in charge, messages, decision. */
    async applicantView(submissionId: number) {
      const c = await repo.findCase(db, submissionId);
      if (!c) return null;
      const today = romeDate(clock());
      const [requests, messages, files, decision, assignee, office, events] = await Promise.all([
        repo.listRequests(db, submissionId),
        repo.listMessages(db, submissionId),
        repo.listFiles(db, submissionId),
        repo.findDecision(db, submissionId),
        c.assignee_fiscal_code ? repo.staffMember(db, c.assignee_fiscal_code) : Promise.resolve(undefined),
        repo.officesByCode(db, [c.office_code]),
        repo.listEvents(db, submissionId),
      ]);
      const state = clockFor(c, requests, today);
      const context = guardContext(c, requests, state);
      const openRequest = requests.find((r) => !r.answered_at && ((r.kind === 'integration' && c.status === 'integration_requested') || (r.kind === 'refusal_notice' && c.status === 'refusal_notice'))) ?? null;
      return {
        case: c,
        clock: state,
        office: office[0] ?? null,
        responsible: assignee ? `${assignee.given_name} ${assignee.family_name}` : null,
        openRequest,
        requests,
        messages: messages.map((m) => ({ ...m, files: files.filter((f) => f.message_id === m.id) })),
        decision: decision ? { ...decision, document: files.find((f) => f.id === decision.document_id) ?? null } : null,
        // what the applicant sees of the log: state changes and office changes, no internals
        timeline: events.filter((e) => e.kind === 'transition' || e.kind === 'forwarded').map((e) => ({ at: e.at, kind: e.kind, to: e.to_state, data: e.data })),
        canMessage: decide(c.status, 'message', 'applicant', context).allowed,
        canWithdraw: decide(c.status, 'withdraw', 'applicant', context).allowed,
        canAnswer: openRequest !== null,
      };
    },

    /** The applicant's own filing (404 for anyone else's), its procedure and its progress. */
    async applicantCase(applicant: ApplicantActor, publicId: string) {
      const id = await ownCaseId(applicant, publicId);
      const view = await service.applicantView(id);
      if (!view) throw new NotFoundError('case');
      const procedure = await repo.procedureTitles(db, view.case.procedure_id);
      return { submissionId: id, publicId, procedure, view };
    },

    /** The applicant's message, or the answer to the open integration request or notice of refusal. */
    async applicantMessage(applicant: ApplicantActor, publicId: string, input: { text: string; files: StoredUpload[]; answer: boolean }): Promise<void> {
      const id = await ownCaseId(applicant, publicId);
      const now = clock();
      const today = romeDate(now);
      const actor: Actor = { role: 'applicant', applicant };
      await withUploads(input.files, async (trx) => {
        const c = await lockFor(trx, id, actor);
        const requests = await repo.listRequests(trx, id);
        let requestId: number | null = null;
        if (input.answer) {
          const kind = c.status === 'integration_requested' ? 'integration' : c.status === 'refusal_notice' ? 'refusal_notice' : null;
          const open = kind ? requests.find((r) => r.kind === kind && !r.answered_at) : undefined;
          if (!kind || !open) throw new WorkflowRefusedError(kind === 'refusal_notice' ? 'answer_refusal_notice' : 'answer_integration', 'state');
          requestId = open.id;
          await apply(trx, c, kind === 'integration' ? 'answer_integration' : 'answer_refusal_notice', actor, now, { requests, data: { requestId } });
          await repo.answerRequest(trx, open.id, now, today);
          await storeClock(trx, c, now);
          await cancelNotification(trx, `case:${id}:${kind === 'integration' ? 'integration' : 'refusal-notice'}:reminder`);
        } else {
          await check(trx, c, 'message', actor, now);
        }
        const messageId = await repo.insertMessage(trx, { submissionId: id, authorKind: 'applicant', authorFiscalCode: applicant.fiscalCode, authorName: applicant.name, officeCode: null, body: input.text, requestId, at: now });
        const files = await insertUploads(trx, id, messageId, 'message', applicant.fiscalCode, input.files);
        await repo.appendEvent(trx, c, { at: now, actorKind: 'applicant', actorFiscalCode: applicant.fiscalCode, actorName: applicant.name, kind: 'message', fromState: c.status, toState: c.status, reason: null, data: { messageId, direction: 'to-office', answers: requestId, files } });
      });
    },

    async withdraw(applicant: ApplicantActor, publicId: string, reason: string | null): Promise<void> {
      const id = await ownCaseId(applicant, publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const c = await lockFor(trx, id, { role: 'applicant', applicant });
        await apply(trx, c, 'withdraw', { role: 'applicant', applicant }, now, { reason });
        await repo.updateCase(trx, id, { paused_since: null, pause_kind: null, reply_by: null });
        for (const key of ['integration', 'refusal-notice']) await cancelNotification(trx, `case:${id}:${key}:reminder`);
      });
    },

    /** A file of a message or the decision, for the applicant; 404 for anyone else. */
    async applicantFile(applicant: ApplicantActor, publicId: string, fileId: string): Promise<{ name: string; contentType: string; stream: Readable }> {
      const id = await ownCaseId(applicant, publicId);
      const file = await repo.findFile(db, id, fileId);
      if (!file) throw new NotFoundError('file');
      return { name: file.original_name, contentType: file.content_type, stream: await storage.get(file.storage_key) };
    },

    // ---------------------------------------------------------------- the daily deadline job

    /**
     * Resumes clocks whose reply period ended unanswered, flags filings that reached their
     * deadline, and closes as accepted those whose procedure allows silence-consent once the
     * deadline has passed. Idempotent: a second run the same day changes nothing.
     */
    async runDeadlineJob(now: Date = clock()) {
      const today = romeDate(now);
      const result = { resumed: 0, flagged: 0, silenceAccepted: 0 };
      const system: Actor = { role: 'system' };
      for (;;) {
        const ids = await repo.expiredReplies(db, today, 200);
        if (ids.length === 0) break;
        let progressed = 0;
        for (const id of ids) {
          await db.transaction().execute(async (trx) => {
            const c = await repo.lockCase(trx, id);
            if (!c || (c.status !== 'integration_requested' && c.status !== 'refusal_notice')) {
              if (c) await storeClock(trx, c, now);
              return;
            }
            const action: Action = c.status === 'integration_requested' ? 'integration_expired' : 'refusal_notice_expired';
            const requests = await repo.listRequests(trx, id);
            const state = clockFor(c, requests, today);
            if (!decide(c.status, action, 'system', guardContext(c, requests, state)).allowed) return;
            await apply(trx, c, action, system, now, { requests, reason: 'reply period over' });
            await storeClock(trx, c, now);
            progressed++;
            result.resumed++;
          });
        }
        if (progressed === 0) break;
      }
      let after = 0;
      for (;;) {
        const ids = await repo.reachedDeadlines(db, today, after, 200);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        for (const id of ids) {
          await db.transaction().execute(async (trx) => {
            const c = await repo.lockCase(trx, id);
            if (!c || isFinal(c.status)) return;
            const state = await storeClock(trx, c, now);
            if (state.paused) return;
            const requests = await repo.listRequests(trx, id);
            const context = guardContext(c, requests, state);
            if (decide(c.status, 'close_by_silence', 'system', context).allowed) {
              await apply(trx, c, 'close_by_silence', system, now, { requests, reason: SILENCE_MOTIVATION, data: { dueDate: state.dueDate } });
              await repo.insertDecision(trx, { submissionId: id, outcome: 'accepted_by_silence', motivation: SILENCE_MOTIVATION, by: null, byName: null, at: now, documentId: null });
              await repo.updateCase(trx, id, { deadline_flagged_on: today });
              const basics = await notificationBasics(trx, c);
              await enqueueNotification(trx, { kind: 'decision', recipientFiscalCode: basics.recipientFiscalCode, locale: basics.locale, data: { ...basics.data, outcome: 'accepted' }, dedupeKey: `case:${id}:decision` });
              result.silenceAccepted++;
              return;
            }
            if (state.dueDate <= today && (c.deadline_flagged_on === null || c.deadline_flagged_on < state.dueDate)) {
              await repo.appendEvent(trx, c, { at: now, actorKind: 'system', actorFiscalCode: null, actorName: null, kind: 'deadline_reached', fromState: c.status, toState: c.status, reason: null, data: { dueDate: state.dueDate, overdue: state.dueDate < today } });
              await repo.updateCase(trx, id, { deadline_flagged_on: today });
              result.flagged++;
            }
          });
        }
      }
      return result;
    },

    // ---------------------------------------------------------------- statistics

    async statistics(offices: readonly string[], period: { from: string; to: string }) {
      const today = romeDate(clock());
      const [rows, officeRows] = await Promise.all([repo.statistics(db, offices, period.from, period.to, today), repo.officesByCode(db, offices)]);
      return { rows, offices: officeRows, today };
    },

    /** Offices for the statistics: a clerk's own, every office for an administrator. */
    async allOfficeCodes(): Promise<string[]> {
      return (await repo.officesByCode(db)).map((o) => o.code);
    },

    /** The audit entries of a filing (its page shows who read it). */
    auditOf: (submissionId: number) => repo.auditOfSubmission(db, submissionId),
  };
  return service;
}

export type BackofficeService = ReturnType<typeof createBackofficeService>;
export type { Outcome };
