// Row types of the administration's tables (migrations/0007_admin.sql): the builder's draft of
// a procedure and the audit of administrators' changes.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DraftDefinition } from './draft.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ProcedureDraftsTable {
  procedure_id: number;
  definition: ColumnType<DraftDefinition, string, string>;
  based_on_version: number | null;
  created_by: string;
  updated_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type AuditSubject = 'procedure' | 'office' | 'staff' | 'api_client' | 'street_list' | 'retention';

export interface AdminAuditTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_fiscal_code: string;
  action: string;
  subject_type: AuditSubject;
  subject_id: string;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  /** the hash chain (platform/hash-chain.ts); null on entries older than the chain */
  prev_hash: string | null;
  hash: string | null;
}

export type ProcedureDraftRow = Selectable<ProcedureDraftsTable>;
export type AdminAuditRow = Selectable<AdminAuditTable>;
