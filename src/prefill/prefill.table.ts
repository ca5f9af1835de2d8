// Row type of the answers prefilled from the registers (migrations/0032_prefilled_answers.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PrefillRegister } from '../forms/index.ts';

type Json<T> = ColumnType<T, string, string>;

export interface PrefilledAnswersTable {
  id: Generated<number>;
  draft_id: string | null;
  draft_ref: string;
  submission_id: number | null;
  field: string;
  source: string;
  register: PrefillRegister;
  /** the answer as stored by the field (an address's parts, cents for an ISEE...) */
  value: Json<unknown>;
  editable: boolean;
  fetched_at: ColumnType<Date, Date, never>;
}

export type PrefilledAnswerRow = Selectable<PrefilledAnswersTable>;
