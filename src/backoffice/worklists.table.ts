// The rows of the clerks' own work lists: the queue filters each clerk saved by name.
import type { Generated, Selectable } from 'kysely';

export interface SavedFiltersTable {
  id: Generated<number>;
  staff_fiscal_code: string;
  name: string;
  /** the queue's query string, without the leading "?" */
  query: string;
  created_at: Date;
}

export type SavedFilterRow = Selectable<SavedFiltersTable>;

/** The search document of a filing (migration 0026 writes it with triggers; the queue reads it). */
export interface CaseSearchTable {
  submission_id: number;
  document: string;
}
