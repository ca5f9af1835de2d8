// The Database type Kysely checks every query against: the union of each domain's tables.
import type { OfficesTable, ProcedureVersionsTable, ProceduresTable } from '../catalogue/catalogue.table.ts';

export interface Database {
  offices: OfficesTable;
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
}
