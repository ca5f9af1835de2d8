// Row type of a professional's profile (migrations/0018_filing_parties.sql).
import type { ColumnType } from 'kysely';

export interface ProfessionalProfilesTable {
  fiscal_code: string;
  /** e.g. "Collegio dei geometri", "Ordine degli architetti" */
  order_name: string;
  registration_number: string;
  province: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
