// Row type of the office's corrections of filed answers (migrations/0027_answer_corrections.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface AnswerCorrectionsTable {
  id: Generated<number>;
  submission_id: number;
  field: string;
  /** the value it replaced (the filed one for the first correction); null: no answer */
  old_value: Json<unknown>;
  new_value: Json<unknown>;
  reason: string;
  corrected_by: string;
  corrected_by_name: string;
  corrected_at: ColumnType<Date, Date, never>;
}

export type AnswerCorrectionRow = Selectable<AnswerCorrectionsTable>;
