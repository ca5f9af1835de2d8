// Row type of the revenue stamps used by filings (migrations/0034_used_stamps.sql).
import type { ColumnType } from 'kysely';

export interface UsedStampsTable {
  identifier: string;
  submission_id: number;
  field: string;
  used_at: ColumnType<Date, Date | string | undefined, never>;
}
