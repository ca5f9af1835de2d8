// What the back office reads of the filings themselves (the submissions domain's tables): the
// filing behind a case, its attachments, and the filings that have no case yet. Reads only:
// the submissions service writes these tables.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ApplicantSnapshot, CompanySnapshot } from '../submissions/submissions.table.ts';

type Db = Kysely<Database>;

export interface CaseFiling {
  id: number;
  public_id: string;
  procedure_version: number;
  applicant: ApplicantSnapshot;
  company: CompanySnapshot | null;
  answers: Record<string, unknown>;
  summary: { steps: Array<{ id: string; title: string; rows: Array<{ label: string; lines: string[] }> }> };
  locale: 'it' | 'en';
  subject: string;
  protocol_year: number | null;
  protocol_number: number | null;
  satisfaction_rating: number | null;
}

/** The submission id of a public id (the URL form), or undefined. */
export async function submissionIdOf(db: Db, publicId: string): Promise<number | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(publicId)) return undefined;
  const row = await db.selectFrom('submissions').select('id').where('public_id', '=', publicId).executeTakeFirst();
  return row?.id;
}

export async function filingOf(db: Db, submissionId: number): Promise<CaseFiling> {
  return db
    .selectFrom('submissions')
    .select(['id', 'public_id', 'procedure_version', 'applicant', 'company', 'answers', 'summary', 'locale', 'subject', 'protocol_year', 'protocol_number', 'satisfaction_rating'])
    .where('id', '=', submissionId)
    .executeTakeFirstOrThrow() as Promise<CaseFiling>;
}

/** Filings that have no case yet (filed before the back office existed), oldest first. */
export async function filingsWithoutCase(db: Db, limit: number) {
  return db
    .selectFrom('submissions as s')
    .leftJoin('cases as c', 'c.submission_id', 's.id')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 's.procedure_id').onRef('v.version', '=', 's.procedure_version'))
    .select([
      's.id',
      's.procedure_id',
      's.office_code',
      's.received_at',
      's.due_date',
      's.status',
      's.applicant',
      's.company',
      's.applicant_fiscal_code',
      's.company_fiscal_code',
      'v.definition',
      sql<string>`to_char(s.received_at at time zone 'Europe/Rome', 'YYYY-MM-DD')`.as('receipt_date'),
    ])
    .where('c.submission_id', 'is', null)
    // a filing waiting for its fees reaches the office when they are paid, or never (src/submissions)
    .where('s.status', 'not in', ['awaiting_payment', 'payment_expired'])
    .orderBy('s.id')
    .limit(limit)
    .execute();
}


export async function filingAttachments(db: Db, submissionId: number) {
  return db.selectFrom('attachments').selectAll().where('submission_id', '=', submissionId).orderBy('created_at').execute();
}
