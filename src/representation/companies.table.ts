// Row types of the company roles tables (migrations/0020_company_roles.sql): the register's
// answers kept for reuse, and the employees companies authorise.
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** '' in company_fiscal_code: the list of the companies the person represents. */
export const LIST_CHECK = '';

export type RegistryCheckResult = 'listed' | 'representative' | 'not_representative';

export interface CompanyRegistryChecksTable {
  person_fiscal_code: string;
  company_fiscal_code: string;
  result: RegistryCheckResult;
  company_name: string | null;
  company_vat_number: string | null;
  role: string | null;
  checked_at: Timestamp;
  expires_at: Timestamp;
}

export interface CompanyAuthorisationsTable {
  id: Generated<string>;
  company_fiscal_code: string;
  company_name: string;
  company_vat_number: string | null;
  employee_fiscal_code: string;
  employee_given_name: string;
  employee_family_name: string;
  granted_by: string;
  granted_by_name: string;
  granted_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export type RegistryCheckRow = Selectable<CompanyRegistryChecksTable>;
export type AuthorisationRow = Selectable<CompanyAuthorisationsTable>;
