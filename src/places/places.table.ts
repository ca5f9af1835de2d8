// Row types of the comune's street list (migration 0035): the current upload and its streets.
import type { ColumnType, Generated } from 'kysely';
import type { NumberRange } from './streets.ts';

export interface StreetListsTable {
  id: Generated<number>;
  uploaded_at: ColumnType<Date, Date, never>;
  uploaded_by: string;
  file_name: string;
  street_count: number;
}

export interface StreetsTable {
  list_id: number;
  code: string;
  name: string;
  cap: string | null;
  locality: string | null;
  ranges: ColumnType<NumberRange[], string, never>;
}
