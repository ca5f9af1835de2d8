// Payment positions: what a person owes the comune for a filing (fees, stamp duty, amounts an
// office asks for later), each with a pagoPA notice number. A position is created inside the
// caller's transaction (a submission's) and read here, by the person it concerns, by the office
// and by the other domains; registering it with the provider and settling it are elsewhere
// (registration.service.ts, settlement.service.ts).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import type { Answers } from '../forms/answers.ts';
import { formEnv, type ComputedDefinition } from '../forms/computed.ts';
import type { LocalizedText } from '../forms/localized-text.ts';
import { isValidCodiceFiscale, isValidPartitaIva } from '../forms/validators/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { addDays, isCalendarDate, romeDate, type Clock } from '../platform/time.ts';
import { canView, type PaymentViewer } from './payments.access.ts';
import { computeFees, TAXONOMY_CODE_PATTERN, type ComputedFeeItem, type FeesDefinition } from './fees.ts';
import { buildNoticeNumber, formatNoticeNumber, iuvOf } from './notice-number.ts';
import * as repo from './payments.repository.ts';
import type { PositionRow, PositionStatus } from './payments.table.ts';
import type { Receipt } from './providers/provider.ts';

type Db = Kysely<Database>;

const debtorSchema = z
  .object({
    type: z.enum(['F', 'G']).optional(),
    fiscalCode: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => isValidCodiceFiscale(v) || isValidPartitaIva(v), 'a valid codice fiscale or partita IVA'),
    name: z.string().trim().min(1).max(140),
    email: z.string().email().max(254).nullish(),
  })
  .strict();

const positionInputSchema = z
  .object({
    debtor: debtorSchema,
    /** The person whose personal area shows it; the debtor when a person. */
    ownerFiscalCode: z.string().trim().toUpperCase().optional(),
    amountCents: z.number().int().positive().max(99_999_999_99),
    /** The causale sent to pagoPA, in Italian. */
    reason: z.string().trim().min(1).max(140),
    /** The same reason in English, shown to a person using English. */
    reasonEn: z.string().trim().min(1).max(140).nullish(),
    dueDate: z.string().refine(isCalendarDate, 'a calendar date'),
    taxonomyCode: z.string().regex(TAXONOMY_CODE_PATTERN),
    submissionId: z.number().int().positive().nullish(),
    items: z.array(z.custom<ComputedFeeItem>()).default([]),
    /** After the due date the notice can no longer be paid (GPD switchToExpired). */
    expireAfterDueDate: z.boolean().default(false),
  })
  .strict();
export type PositionInput = z.input<typeof positionInputSchema>;

export interface PositionView {
  id: number;
  noticeNumber: string;
  noticeNumberGrouped: string;
  iuv: string;
  creditor: { fiscalCode: string; name: string };
  debtor: { type: 'F' | 'G'; fiscalCode: string; name: string };
  amountCents: number;
  /** the Italian causale, as pagoPA carries it */
  reason: string;
  /** what the person reads: the reason in both languages (the Italian one twice when it has one wording) */
  reasonText: LocalizedText;
  dueDate: string;
  status: PositionStatus;
  taxonomyCode: string;
  submissionId: number | null;
  items: ComputedFeeItem[];
  published: boolean;
  paidAt: Date | null;
  paidAmountCents: number | null;
  receipt: Receipt | null;
  /** paid after the notice expired */
  paidAfterExpiry: boolean;
  /** a receipt for another amount than the one due: what it said was paid (not paid for that) */
  amountMismatchCents: number | null;
  createdAt: Date;
}

/** A position as the pages, the PDFs and the other domains see it. */
export function positionView(row: PositionRow, comuneName: string): PositionView {
  return {
    id: row.id,
    noticeNumber: row.notice_number,
    noticeNumberGrouped: formatNoticeNumber(row.notice_number),
    iuv: row.iuv,
    creditor: { fiscalCode: row.creditor_fiscal_code, name: comuneName },
    debtor: { type: row.debtor_type, fiscalCode: row.debtor_fiscal_code, name: row.debtor_name },
    amountCents: row.amount_cents,
    reason: row.reason,
    reasonText: reasonText(row),
    dueDate: row.due_date,
    status: row.status,
    taxonomyCode: row.taxonomy_code,
    submissionId: row.submission_id,
    items: row.items ?? [],
    published: row.publish_state === 'published',
    paidAt: row.paid_at,
    paidAmountCents: row.paid_amount_cents,
    receipt: row.receipt ?? null,
    paidAfterExpiry: row.paid_after_expiry,
    amountMismatchCents: row.anomaly === 'amount_mismatch' ? Number(row.anomaly_amount_cents) : null,
    createdAt: row.created_at,
  };
}

/** A position's reason in both languages, for the person's pages, messages and documents. */
export function reasonText(row: Pick<PositionRow, 'reason' | 'reason_en'>): LocalizedText {
  return { it: row.reason, en: row.reason_en ?? row.reason };
}

export type PositionNote = 'amount_mismatch' | 'paid_after_expiry';

/**
 * What an office must notice about a position beyond its status (the CSV's code, and the key
 * of its text, payments.note.*): a receipt for the wrong amount, or a payment after expiry.
 */
export function positionNote(p: { amountMismatchCents: number | null; paidAfterExpiry: boolean }): PositionNote | null {
  if (p.amountMismatchCents !== null) return 'amount_mismatch';
  return p.paidAfterExpiry ? 'paid_after_expiry' : null;
}

export type FilingPaymentStatus = 'none' | 'pending' | 'paid' | 'expired';

/**
 * A filing's positions in one word, the rule behind submissionPaymentStatus and
 * statusOfSubmissions: 'paid' when every position is paid, 'pending' when one is still due,
 * 'none' when it has none (cancelled ones do not count), 'expired' otherwise.
 */
export function filingPaymentStatus(statuses: readonly PositionStatus[]): FilingPaymentStatus {
  const counted = statuses.filter((s) => s !== 'cancelled');
  if (counted.length === 0) return 'none';
  if (counted.every((s) => s === 'paid')) return 'paid';
  return counted.includes('pending') ? 'pending' : 'expired';
}

export function createPositionsService(db: DB, options: { config: Config; providerName: string; clock: Clock }) {
  const { config, clock } = options;
  const settings = config.payments;
  const view = (row: PositionRow) => positionView(row, config.comune.name);

  /**
   * Creates a position inside the caller's transaction and returns it with its notice
   * number. It is registered with the provider after the transaction commits (the
   * reconciliation job, or the first "Paga online"); call publishPending() to hurry it.
   */
  async function createPosition(trx: Db, input: PositionInput): Promise<PositionView> {
    const data = positionInputSchema.parse(input);
    const noticeNumber = buildNoticeNumber(settings.segregationCode, await repo.nextNoticeBase(trx));
    const iuv = iuvOf(noticeNumber);
    const debtorType = data.debtor.type ?? (/^[0-9]{11}$/.test(data.debtor.fiscalCode) ? 'G' : 'F');
    const row = await repo.insertPosition(trx, {
      notice_number: noticeNumber,
      iuv,
      iupd: `SPORTELLO-${settings.creditorFiscalCode}-${iuv}`,
      provider: options.providerName,
      creditor_fiscal_code: settings.creditorFiscalCode,
      debtor_type: debtorType,
      debtor_fiscal_code: data.debtor.fiscalCode,
      debtor_name: data.debtor.name,
      debtor_email: data.debtor.email ?? null,
      owner_fiscal_code: data.ownerFiscalCode ?? data.debtor.fiscalCode,
      amount_cents: data.amountCents,
      reason: data.reason,
      reason_en: data.reasonEn ?? null,
      due_date: data.dueDate,
      expire_after_due_date: data.expireAfterDueDate,
      taxonomy_code: data.taxonomyCode,
      items: JSON.stringify(data.items),
      submission_id: data.submissionId ?? null,
      next_check_at: clock(),
    });
    return view(row);
  }

  return {
    createPosition,

    /**
     * The fees of a definition for these answers, as a position (inside the caller's
     * transaction) due `dueDays` from today in Rome; null when nothing is to be paid online
     * (no fees, only declared stamps).
     */
    async createPositionForFees(
      trx: Db,
      input: { fees: FeesDefinition; answers: Answers; computed?: ComputedDefinition[] | undefined; debtor: PositionInput['debtor']; ownerFiscalCode?: string; reason: LocalizedText; submissionId?: number | null; expireAfterDueDate?: boolean },
    ): Promise<PositionView | null> {
      // the amounts the form computes (src/forms/computed.ts) are worked out on today's date
      const computed = computeFees(input.fees, input.answers, formEnv(input.computed, romeDate(clock())));
      if (computed.onlineCents <= 0) return null;
      return createPosition(trx, {
        debtor: input.debtor,
        ownerFiscalCode: input.ownerFiscalCode,
        amountCents: computed.onlineCents,
        ...{ reason: input.reason.it.slice(0, 140), reasonEn: input.reason.en.slice(0, 140) },
        dueDate: addDays(romeDate(clock()), input.fees.dueDays),
        taxonomyCode: input.fees.taxonomyCode,
        submissionId: input.submissionId ?? null,
        items: computed.items,
        expireAfterDueDate: input.expireAfterDueDate ?? false,
      });
    },

    /** The position's row if the viewer may see it (as debtor, as the applicant, or for their company). */
    async visible(id: number, viewer: PaymentViewer): Promise<PositionRow> {
      const row = Number.isSafeInteger(id) && id > 0 ? await repo.findPosition(db, id) : undefined;
      if (!row || !canView(viewer, row)) throw new NotFoundError(`payment ${id}`);
      return row;
    },

    /** For the office and other domains: no viewer check. */
    async find(id: number): Promise<PositionView | undefined> {
      const row = await repo.findPosition(db, id);
      return row ? view(row) : undefined;
    },

    /** The personal area: what is due and what was paid. */
    async listForPerson(viewer: PaymentViewer) {
      const rows = await repo.listPositionsForPerson(db, viewer.fiscalCode);
      const company = viewer.company?.fiscalCode;
      const extra = company ? await repo.listPositionsForPerson(db, company) : [];
      const all = [...rows, ...extra.filter((r) => !rows.some((o) => o.id === r.id))].map(view);
      return { due: all.filter((p) => p.status === 'pending'), paid: all.filter((p) => p.status === 'paid'), closed: all.filter((p) => p.status === 'expired' || p.status === 'cancelled') };
    },

    /** Positions of each filing, for the back office and the submission's page. */
    async bySubmission(submissionIds: readonly number[], on: Db = db): Promise<Map<number, PositionView[]>> {
      const map = new Map<number, PositionView[]>();
      for (const row of await repo.positionsOfSubmissions(on, submissionIds)) {
        const list = map.get(row.submission_id!) ?? [];
        list.push(view(row));
        map.set(row.submission_id!, list);
      }
      return map;
    },

    /** The payment status of one filing, by filingPaymentStatus. */
    async submissionPaymentStatus(submissionId: number, on: Db = db): Promise<FilingPaymentStatus> {
      return filingPaymentStatus((await repo.positionsOfSubmissions(on, [submissionId])).map((r) => r.status));
    },

    /**
     * The payment status of each filing (filingPaymentStatus), in one query: a back-office
     * queue page asks for fifty at once. Filings without positions are 'none'.
     */
    async statusOfSubmissions(submissionIds: readonly number[], on: Db = db): Promise<Map<number, FilingPaymentStatus>> {
      const statuses = new Map<number, PositionStatus[]>(submissionIds.map((id) => [id, []]));
      for (const row of await repo.positionsOfSubmissions(on, submissionIds)) statuses.get(row.submission_id!)?.push(row.status);
      return new Map([...statuses].map(([id, list]) => [id, filingPaymentStatus(list)]));
    },

    /** The history of a position (back office, tests). */
    transitions: (positionId: number) => repo.listTransitions(db, positionId),
    notificationsCount: (positionId: number) => repo.countNotifications(db, positionId),
  };
}

export type PositionsService = ReturnType<typeof createPositionsService>;
