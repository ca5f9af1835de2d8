// Payments in the back office: a clerk's request for a further payment on an open case (through
// the workflow table like every action), a position's notice or receipt from the case page,
// and the positions of the filings of the clerk's offices as a list and as a streamed CSV.
// Every read is audited.
import { debtorOfFiling, enqueuePaymentRequested } from '../payments/payment-request.ts';
import type { PositionView } from '../payments/payments.service.ts';
import { positionNote } from '../payments/positions.service.ts';
import { NotFoundError } from '../platform/errors.ts';
import { addDays, romeDate } from '../platform/time.ts';
import { PAYMENT_MAX_DAYS } from './backoffice.inputs.ts';
import { appendEvent, paymentRequestByKey } from './case.repository.ts';
import {
  actorFields,
  audit,
  caseIdFor,
  officesOf,
  oneOffice,
  paymentsOf,
  PaymentRequestRefusedError,
  staffCase,
  type BackofficeContext,
  type StaffActor,
} from './case-context.ts';
import { notificationBasics, protocolLabel } from './case-notices.ts';
import { csvLine } from './csv.ts';
import { definitionOf, officesByCode, visibleProcedures } from './directory.ts';
import { limitsOf } from './staff-access.ts';
import { filingOf } from '../submissions/submissions.service.ts';
import * as officePayments from './office-payments.repository.ts';
import { perform, type Step } from './perform.ts';

/** The clerk's request for a further payment on a filing; `key` comes with the form, once. */
export interface PaymentRequest {
  amountCents: number;
  reason: string;
  dueDate: string;
  /** null: the procedure's own (its fees' taxonomy code), else the comune's default */
  taxonomyCode: string | null;
  key: string;
}

export interface OfficePaymentsParams {
  office?: string | undefined;
  status?: officePayments.OfficePaymentStatus | undefined;
  procedureId?: number | undefined;
  dateOf: 'created' | 'paid';
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit?: number | undefined;
}

/** Cents as a plain decimal in euro ("1234.50"), for CSV cells a spreadsheet reads as numbers. */
function centsText(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A late payment or a receipt for the wrong amount (payments' rule), for the list and the CSV. */
export function noteOf(r: officePayments.OfficePaymentRow) {
  return positionNote({ amountMismatchCents: r.anomaly === 'amount_mismatch' ? r.anomaly_amount_cents : null, paidAfterExpiry: r.paid_after_expiry });
}

function csvRow(r: officePayments.OfficePaymentRow): string {
  return csvLine([
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
    noteOf(r) ?? '',
    r.anomaly_amount_cents === null ? '' : centsText(r.anomaly_amount_cents),
  ]);
}

function filterOf(actor: StaffActor, params: OfficePaymentsParams): officePayments.OfficePaymentsFilter {
  const offices = officesOf(actor, params.office);
  return { offices, limits: limitsOf(actor, offices), status: params.status, procedureId: params.procedureId, dateOf: params.dateOf, from: params.from, to: params.to };
}

export function createOfficePayments(ctx: BackofficeContext) {
  const { db } = ctx;

  /** The position, the message asking to pay and the case's event (the case is locked and open). */
  async function createRequested(step: Step, staff: StaffActor, input: PaymentRequest) {
    const { trx, c } = step;
    const filing = await filingOf(trx, c.submission_id);
    // the clerk's, else the procedure's fees', else the comune's default: pagoPA requires one
    const taxonomyCode = input.taxonomyCode ?? (await definitionOf(trx, c.procedure_id, filing.procedure_version))?.fees?.taxonomyCode ?? paymentsOf(ctx).defaultTaxonomyCode;
    const debtor = debtorOfFiling(filing.applicant, filing.company);
    const position = await paymentsOf(ctx).createPosition(trx, {
      debtor,
      ownerFiscalCode: filing.applicant.fiscalCode,
      amountCents: input.amountCents,
      reason: input.reason,
      dueDate: input.dueDate,
      taxonomyCode,
      submissionId: c.submission_id,
    });
    const data = { positionId: position.id, noticeNumber: position.noticeNumber, amountCents: position.amountCents, dueDate: position.dueDate, taxonomyCode, debtor: debtor.fiscalCode, key: input.key };
    await appendEvent(trx, c, { at: step.now, ...actorFields({ role: 'clerk', staff }), kind: 'payment_requested', fromState: c.status, toState: c.status, reason: input.reason, data });
    const basics = await notificationBasics(trx, c);
    await enqueuePaymentRequested(trx, position, { recipientFiscalCode: filing.applicant.fiscalCode, locale: basics.locale }, { ...basics.data, description: position.reason });
    return { positionId: position.id, duplicate: false };
  }

  return {
    /** The days a payment request's due date may fall on: from today, up to PAYMENT_MAX_DAYS ahead. */
    paymentDueRange(): { from: string; to: string } {
      const today = romeDate(ctx.clock());
      return { from: today, to: addDays(today, PAYMENT_MAX_DAYS) };
    },

    /**
     * A further payment on an open filing (fees set after review, for instance): the position,
     * the message asking the applicant to pay and the case's event, in one transaction. The
     * debtor is the company the filing was made for, or the applicant. A second post of the
     * same form (its key) creates nothing and answers with the first one's position.
     */
    async requestPayment(actor: StaffActor, publicId: string, input: PaymentRequest): Promise<{ positionId: number; duplicate: boolean }> {
      const id = await caseIdFor(ctx, publicId);
      paymentsOf(ctx); // without a payments service, fail before locking anything
      const result = await perform(ctx, { role: 'clerk', staff: actor }, id, 'request_payment', {
        async replay(trx) {
          const earlier = await paymentRequestByKey(trx, id, input.key);
          return earlier === undefined ? undefined : { positionId: earlier, duplicate: true };
        },
        run: (step) => createRequested(step, actor, input),
        refusal: PaymentRequestRefusedError,
      });
      return result!;
    },

    /** A position of the filing, for its notice (still to pay) or its receipt (paid); audited. */
    async casePaymentDocument(actor: StaffActor, publicId: string, positionId: number, kind: 'notice' | 'receipt'): Promise<PositionView> {
      const c = await staffCase(ctx, actor, publicId);
      const payments = paymentsOf(ctx);
      const found = await payments.find(positionId);
      if (!found || found.submissionId !== c.submission_id) throw new NotFoundError('payment');
      if (kind === 'receipt' && found.status !== 'paid') throw new NotFoundError('receipt');
      const position = kind === 'notice' ? await payments.noticeForOffice(positionId) : found;
      await audit(ctx, actor, `payment.${kind}`, { submissionId: c.submission_id, officeCode: c.office_code }, { positionId, noticeNumber: position.noticeNumber });
      return position;
    },

    /** The positions of the filings of the clerk's offices (or of one of them), newest first; the read is audited. */
    async officePayments(actor: StaffActor, params: OfficePaymentsParams) {
      const filter = filterOf(actor, params);
      const limit = params.limit ?? 50;
      const [page, offices, procedures] = await Promise.all([
        officePayments.officePaymentsPage(db, filter, { before: params.before, limit: limit + 1 }),
        officesByCode(db, actor.offices),
        visibleProcedures(db, actor),
      ]);
      const rows = page.slice(0, limit);
      await audit(ctx, actor, 'payments.view', { officeCode: oneOffice(filter.offices) }, { filter: { ...params, before: undefined }, rows: rows.length });
      return {
        rows: rows.map((r) => ({ ...r, protocol: protocolLabel(r) })),
        next: page.length > limit ? rows[rows.length - 1]!.id : null,
        offices,
        procedures,
      };
    },

    /** The same list as CSV lines, every page of it, streamed; one audit entry for the export. */
    async exportPaymentsCsv(actor: StaffActor, params: OfficePaymentsParams, header: string[]): Promise<AsyncIterable<string>> {
      const filter = filterOf(actor, params);
      await audit(ctx, actor, 'payments.export', { officeCode: oneOffice(filter.offices) }, { filter: { ...params, before: undefined } });
      return (async function* lines() {
        yield `\ufeff${csvLine(header)}`;
        let before: number | undefined;
        for (;;) {
          const page = await officePayments.officePaymentsPage(db, filter, { before, limit: 1000 });
          if (page.length === 0) return;
          yield page.map(csvRow).join('');
          before = page[page.length - 1]!.id;
        }
      })();
    },
  };
}
