// Row types of the catalogue tables (migrations/0001_catalogue.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ProcedureDefinition } from './definition.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OfficesTable {
  code: string;
  name_it: string;
  name_en: string;
  email: string;
  phone: string;
  address: string;
  opening_hours_it: string;
  opening_hours_en: string;
  /** the App IO service of the office: where its key is kept, never the key (0007_admin.sql) */
  io_service_key_ref: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProceduresTable {
  id: Generated<number>;
  slug: string;
  status: 'draft' | 'published' | 'archived';
  source: 'seed' | 'builder' | 'import';
  published_version: number | null;
  area: string;
  audience: string;
  office_code: string;
  title_it: string;
  title_en: string;
  summary_it: string;
  summary_en: string;
  featured: boolean;
  search_it: Generated<string>;
  search_en: Generated<string>;
  search_text: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProcedureVersionsTable {
  procedure_id: number;
  version: number;
  definition: ColumnType<ProcedureDefinition, string, string>;
  fingerprint: string;
  published_at: Date | null;
  created_at: Generated<Date>;
}

export type OfficeRow = Selectable<OfficesTable>;
export type ProcedureRow = Selectable<ProceduresTable>;
