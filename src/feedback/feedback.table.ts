// Row types of the satisfaction counts (migrations/0042_satisfaction.sql): daily counts of the
// page rating and of the after-outcome rating, and the mark that a filing's service was rated.
import type { ColumnType } from 'kysely';

type CalendarDate = ColumnType<string, string, string>;

export interface PageRatingsTable {
  day: CalendarDate;
  page: string;
  stars: number;
  reason: string;
  votes: number;
}

export interface ServiceRatingsTable {
  day: CalendarDate;
  procedure_id: number;
  office_code: string;
  stars: number;
  reason: string;
  votes: number;
}

export interface ServiceRatingsGivenTable {
  submission_id: number;
}
