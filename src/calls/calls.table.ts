// Row types of calls for grants (migrations/0047_calls.sql): the applications, the budget
// counter and the publication of the ranking.
import type { ColumnType, Generated } from 'kysely';

export interface CallApplicationsTable {
  submission_id: number;
  procedure_id: number;
  applicant_key: string;
  received_at: ColumnType<Date, Date | string, never>;
  score: ColumnType<string | null, number | null, never>;
  amount_cents: ColumnType<string | null, number | null, never>;
  placed: 'admitted' | 'reserve';
  excluded_at: ColumnType<Date | null, never, Date | null>;
}

export interface CallBudgetsTable {
  procedure_id: number;
  total_cents: ColumnType<string, number, number>;
  used_cents: Generated<string>;
  reserve_used: Generated<number>;
}

export interface CallRankingsTable {
  procedure_id: number;
  published_at: ColumnType<Date, Date | string, Date | string>;
  published_by: string;
}
