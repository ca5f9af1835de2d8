// The offices, staff and procedures the back office shows and checks against: who works in an
// office, an office's names, the procedures a queue filter offers (within a clerk's limits), a filing's definition
// version. Their owners answer: the catalogue and identity services.
import { proceduresOfOffices } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import type { StaffActor } from './case-context.ts';
import { procedureLimit } from './staff-access.ts';

export { definitionOfVersion as definitionOf, officesByCode, proceduresOfOffices, procedureTitles } from '../catalogue/catalogue.service.ts';
export { officeStaff, staffMemberName, type OfficeStaffMember as StaffMember } from '../identity/staff.service.ts';

/** The procedures a queue filter offers the clerk: their offices', within the limits they have in each. */
export async function visibleProcedures(db: DB, actor: Pick<StaffActor, 'offices' | 'procedureLimits'>) {
  const free = actor.offices.filter((o) => procedureLimit(actor, o) === null);
  const limited = new Set(actor.offices.flatMap((o) => procedureLimit(actor, o) ?? []));
  const [all, open] = await Promise.all([proceduresOfOffices(db, actor.offices), proceduresOfOffices(db, free)]);
  const openIds = new Set(open.map((p) => p.id));
  return all.filter((p) => openIds.has(p.id) || limited.has(p.id));
}
