// The payments of the offices' filings as the back office lists them (payment positions joined
// to the cases they belong to, and the positions of filings not filed yet whose receipt was
// for the wrong amount: the office of the filing must see those too).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope, type ProcedureLimits } from './queue.repository.ts';

type Db = Kysely<Database>;

export type OfficePaymentStatus = 'pending' | 'paid' | 'expired' | 'cancelled';

export interface OfficePaymentsFilter {
  /** The offices to list (already limited to the clerk's). */
  offices: readonly string[];
  /** Per office, the only procedures the clerk sees there; an office not named: all. */
  limits?: ProcedureLimits | undefined;
  status?: OfficePaymentStatus | undefined;
  procedureId?: number | undefined;
  /** which date `from` and `to` (Rome calendar days, both included) apply to */
  dateOf: 'created' | 'paid';
  from?: string | undefined;
  to?: string | undefined;
}

export interface OfficePaymentRow {
  id: number;
  notice_number: string;
  iuv: string;
  reason: string;
  amount_cents: number;
  due_date: string;
  status: OfficePaymentStatus;
  taxonomy_code: string;
  debtor_name: string;
  debtor_fiscal_code: string;
  created_at: Date;
  paid_at: Date | null;
  paid_amount_cents: number | null;
  receipt_id: string | null;
  paid_after_expiry: boolean;
  anomaly: 'amount_mismatch' | null;
  anomaly_amount_cents: number | null;
  submission_id: number;
  public_id: string;
  protocol_number: number | null;
  protocol_year: number | null;
  office_code: string;
  title_it: string;
  title_en: string;
}

/**
 * The positions of the filings in the offices' queues, newest first, a page at a time after
 * the cursor (a position id). A position follows its filing: forwarded to another office, it
 * is that office's to see.
 */
export async function officePaymentsPage(db: Db, f: OfficePaymentsFilter, options: { before?: number | undefined; limit: number }): Promise<OfficePaymentRow[]> {
  if (f.offices.length === 0) return [];
  const office = sql<string>`coalesce(c.office_code, s.office_code)`;
  let q = db
    .selectFrom('payment_positions as pp')
    .innerJoin('submissions as s', 's.id', 'pp.submission_id')
    .leftJoin('cases as c', 'c.submission_id', 'pp.submission_id')
    .innerJoin('procedures as p', 'p.id', 's.procedure_id')
    .select([
      'pp.id',
      'pp.notice_number',
      'pp.iuv',
      'pp.reason',
      'pp.amount_cents',
      'pp.due_date',
      'pp.status',
      'pp.taxonomy_code',
      'pp.debtor_name',
      'pp.debtor_fiscal_code',
      'pp.created_at',
      'pp.paid_at',
      'pp.paid_amount_cents',
      'pp.receipt_id',
      'pp.paid_after_expiry',
      'pp.anomaly',
      'pp.anomaly_amount_cents',
      's.id as submission_id',
      's.public_id',
      's.protocol_number',
      's.protocol_year',
      office.as('office_code'),
      'p.title_it',
      'p.title_en',
    ])
    // a filing not filed yet has no case: only a receipt for the wrong amount shows it here
    .where((eb) => eb.or([eb('c.submission_id', 'is not', null), eb('pp.anomaly', 'is not', null)]))
    .where(inScope(office, sql.ref('s.procedure_id'), f.offices, f.limits));
  if (f.status) q = q.where('pp.status', '=', f.status);
  if (f.procedureId !== undefined) q = q.where('s.procedure_id', '=', f.procedureId);
  const column = f.dateOf === 'paid' ? sql.ref('pp.paid_at') : sql.ref('pp.created_at');
  if (f.from) q = q.where(sql<boolean>`${column} >= (${f.from}::date::timestamp at time zone 'Europe/Rome')`);
  if (f.to) q = q.where(sql<boolean>`${column} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Rome')`);
  if (options.before !== undefined) q = q.where('pp.id', '<', options.before);
  const rows = await q.orderBy('pp.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), submission_id: Number(r.submission_id), anomaly_amount_cents: r.anomaly_amount_cents === null ? null : Number(r.anomaly_amount_cents) }));
}
