// The comune's offices: read by every domain (routing, the back office, the administration),
// written only here. Creating and changing one take the caller's transaction, so that the
// administration records the change in the same one.
import type { DB } from '../db/database.ts';
import * as repo from './catalogue.repository.ts';
import type { OfficeValues } from './catalogue.repository.ts';
import type { OfficeRow } from './catalogue.table.ts';

export type { OfficeValues };

export const listOffices = (db: DB): Promise<OfficeRow[]> => repo.listOffices(db);
export const findOffice = (db: DB, code: string) => repo.findOffice(db, code);
/** The office row, locked until the caller's transaction ends. */
export const lockOffice = (db: DB, code: string) => repo.lockOffice(db, code);
/** The offices with how many procedures (not archived) each one handles. */
export const listOfficesWithProcedureCounts = (db: DB) => repo.listOfficesWithProcedureCounts(db);

export async function officeCodes(db: DB): Promise<Set<string>> {
  return new Set((await repo.listOffices(db)).map((o) => o.code));
}

/** False when an office with that code already exists (nothing is written then). */
export const createOffice = (db: DB, code: string, values: OfficeValues): Promise<boolean> => repo.insertOffice(db, code, values);
export const updateOffice = (db: DB, code: string, values: OfficeValues, now: Date) => repo.updateOffice(db, code, values, now);
