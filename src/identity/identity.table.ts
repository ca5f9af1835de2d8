// Row types of the identity tables (migrations/0002_identity.sql, 0014_sessions.sql, 0021_help_desk.sql, 0023_office_roles.sql): the
// comune's staff, keyed by fiscal code, the offices each belongs to, with their role there and the procedures they are limited to; the login sessions, so
// that one can be ended. Citizens have no staff row: who they are comes with each login.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OfficeRole } from './user.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StaffTable {
  /** the key of the administration's addresses (migrations/0017_staff_id.sql) */
  id: Generated<number>;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  email: string | null;
  is_admin: boolean;
  /** the help desk an operator works at (migrations/0021_help_desk.sql); null: not an operator */
  desk_code: ColumnType<string | null, string | null | undefined, string | null>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StaffOfficesTable {
  fiscal_code: string;
  office_code: string;
  /** clerk, head (dirigente) or auditor (migrations/0023_office_roles.sql) */
  role: ColumnType<OfficeRole, OfficeRole | undefined, OfficeRole>;
  created_at: Generated<Date>;
}

/** The procedures a member sees in an office, when limited (no row: all of them). */
export interface StaffOfficeProceduresTable {
  fiscal_code: string;
  office_code: string;
  procedure_id: number;
  created_at: Generated<Date>;
}

/** A login session (migrations/0014_sessions.sql): its id travels in the sealed cookie. */
export interface SessionsTable {
  id: string;
  fiscal_code: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export type StaffRow = Selectable<StaffTable>;
