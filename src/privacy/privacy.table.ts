// Row types of the privacy tables (migrations/0039_retention.sql): the retention job's switch,
// what it has purged of each filing, and the legal holds that keep a case whole.
import type { ColumnType, Selectable } from 'kysely';

export interface RetentionSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  enabled: boolean;
  dry_run_seen_by: string | null;
  dry_run_seen_at: Date | null;
  changed_by: string | null;
  changed_at: Date | null;
}

export type RetentionStage = 'attachments' | 'messages' | 'filing';

export interface RetentionPurgesTable {
  submission_id: number;
  stage: RetentionStage;
  purged_at: Date;
  attachments: ColumnType<number, number | undefined, number>;
  bytes: ColumnType<number, number | undefined, number>;
}

export interface LegalHoldsTable {
  submission_id: number;
  public_id: string;
  reason: string;
  placed_by: string;
  placed_by_name: string;
  placed_at: Date;
}

export type RetentionSettingsRow = Selectable<RetentionSettingsTable>;
export type LegalHoldRow = Selectable<LegalHoldsTable>;
