// Row types of the help desk's tables (migrations/0021_help_desk.sql): the comune's desks open
// to the public, and the assisted sessions in which an operator acts for the person at the desk.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { IdentityDocument, PartySnapshot } from './acting.ts';

type Json<T> = ColumnType<T, string, string>;

export interface HelpDesksTable {
  code: string;
  name_it: string;
  name_en: string;
  address: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AssistedSessionsTable {
  id: Generated<string>;
  operator_fiscal_code: string;
  desk_code: string;
  person_fiscal_code: string;
  person: Json<PartySnapshot>;
  /** null when the person was looked up, not identified from a document */
  document: Json<IdentityDocument | null>;
  started_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  ended_at: ColumnType<Date | null, never, Date>;
  /** public id of a filing -> when its receipt was e-mailed (ISO) */
  receipts_emailed: ColumnType<Record<string, string>, never, string>;
}

export type HelpDeskRow = Selectable<HelpDesksTable>;
export type AssistedSessionRow = Selectable<AssistedSessionsTable>;
