// The offices, staff and procedures the back office shows and checks against: who works in an
// office, an office's names, the procedures a queue filter offers, a filing's definition
// version. Asked of their owners, the catalogue and identity services.
import * as catalogue from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { officeStaff, staffMemberName, type OfficeStaffMember } from '../identity/staff.service.ts';

export type StaffMember = OfficeStaffMember;

export { officeStaff };
export const staffMember = staffMemberName;
export const officesByCode = (db: DB, codes?: readonly string[]) => catalogue.officesByCode(db, codes);
export const proceduresOfOffices = (db: DB, codes: readonly string[]) => catalogue.proceduresOfOffices(db, codes);
export const definitionOf = (db: DB, procedureId: number, version: number) => catalogue.definitionOfVersion(db, procedureId, version);
export const procedureTitles = (db: DB, procedureId: number) => catalogue.procedureTitles(db, procedureId);
