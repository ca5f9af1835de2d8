// The staff, as the administration manages them: the list, one member, a new member, changes
// to a member's data, role, offices (and their role and procedures in each) or activity (a deactivation ends their sessions), and what
// other pages show of them (names, how many work in each office). These functions take the caller's transaction: the
// administration checks its own rules and records the change in the same one.
import type { DB } from '../db/database.ts';
import * as repo from './identity.repository.ts';
import type { StaffMember, StaffValues } from './identity.repository.ts';

export type { StaffMember, StaffValues };
export type { OfficeRoleRow, OfficeStaffMember } from './identity.repository.ts';

export const listStaff = (db: DB): Promise<StaffMember[]> => repo.listStaff(db);
export const findStaff = (db: DB, fiscalCode: string): Promise<StaffMember | undefined> => repo.findStaff(db, fiscalCode);
/** A member by their internal id (the administration's addresses carry the id, never the fiscal code). */
export const findStaffById = (db: DB, id: number): Promise<StaffMember | undefined> => repo.findStaffById(db, id);
/** The internal id of each fiscal code that is a staff member's. */
export const staffIds = (db: DB, fiscalCodes: string[]): Promise<Map<string, number>> => repo.staffIds(db, [...new Set(fiscalCodes)]);
/** How many active staff members each office has. */
export const activeStaffByOffice = (db: DB): Promise<Map<string, number>> => repo.countActiveStaffByOffice(db);
/** "Given Family" of each fiscal code that is a staff member's. */
export const staffNames = (db: DB, fiscalCodes: string[]): Promise<Map<string, string>> => repo.staffNames(db, [...new Set(fiscalCodes)]);

/**
 * Locks the active administrators and the member until the caller's transaction ends, so that
 * concurrent changes never remove the last administrator; returns the administrators.
 */
export async function lockForChange(db: DB, fiscalCode: string): Promise<string[]> {
  const admins = await repo.lockActiveAdmins(db);
  await repo.lockStaff(db, fiscalCode);
  return admins;
}

/** The new member's id; undefined when the fiscal code is already a staff member's (nothing is written then). */
export async function createStaff(db: DB, fiscalCode: string, values: StaffValues, offices: string[]): Promise<number | undefined> {
  const id = await repo.insertStaff(db, fiscalCode, values);
  if (id === undefined) return undefined;
  await repo.setStaffOffices(db, fiscalCode, offices);
  return id;
}

/**
 * A member deactivated here is logged out everywhere, in the same transaction: their sessions
 * are revoked (a staff request reads its session's row, so every replica refuses them at once).
 */
export async function updateStaff(db: DB, fiscalCode: string, values: StaffValues, offices: string[], now: Date): Promise<void> {
  const wasActive = (await repo.findStaff(db, fiscalCode))?.active === true;
  await repo.updateStaff(db, fiscalCode, values, now);
  await repo.setStaffOffices(db, fiscalCode, offices);
  if (wasActive && !values.active) await repo.revokePersonSessions(db, fiscalCode, now);
}

/** The member's role in each of their offices and the procedures they are limited to there (empty: all). */
export const officeRoles = (db: DB, fiscalCode: string): Promise<repo.OfficeRoleRow[]> => repo.officeRoles(db, fiscalCode);

/**
 * Sets the role and procedures of the member in some of their offices, in the caller's
 * transaction (the administration checked that the offices are the member's and the procedures
 * the office's). A changed role takes effect at the member's next request.
 */
export const setOfficeRoles = (db: DB, fiscalCode: string, rows: readonly repo.OfficeRoleRow[]): Promise<void> => repo.setOfficeRoles(db, fiscalCode, rows);

/** The active staff of an office who may take its cases (not its auditors), by name (the back office's assignment choices). */
export const officeStaff = (db: DB, officeCode: string): Promise<repo.OfficeStaffMember[]> => repo.officeStaff(db, officeCode);
/** A member of staff's name, active or not (who handled a case). */
export const staffMemberName = (db: DB, fiscalCode: string): Promise<repo.OfficeStaffMember | undefined> => repo.staffMemberName(db, fiscalCode);
