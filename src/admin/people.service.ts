// Offices and staff as the administration manages them, every change audited in the same
// transaction. The offices are the catalogue's, the staff the identity's and the help desks
// the representation's: this service
// checks the administration's rules (nobody locks themselves out, the last administrator
// stays) and asks those domains to make the change. A member's role inside each office is
// staff-roles.service.ts's.
import * as offices from '../catalogue/offices.service.ts';
import type { OfficeValues } from '../catalogue/offices.service.ts';
import type { DB } from '../db/database.ts';
import * as staff from '../identity/staff.service.ts';
import { helpDeskCodes, listHelpDesks } from '../representation/help-desk.service.ts';
import type { StaffValues } from '../identity/staff.service.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import { changes, recordChange } from './audit.ts';
import { BuilderError } from './draft.ts';

export function createPeopleService(db: DB, clock: Clock) {
  async function assertKnownOffices(trx: DB, codes: string[]): Promise<void> {
    const known = await offices.officeCodes(trx);
    if (codes.some((o) => !known.has(o))) throw new BuilderError('offices', 'admin.error.choose');
  }

  async function assertKnownDesk(trx: DB, desk: string | null): Promise<void> {
    if (desk !== null && !(await helpDeskCodes(trx)).has(desk)) throw new BuilderError('desk', 'admin.error.choose');
  }

  return {
    /** The offices with how many procedures and active staff members each one has. */
    async listOffices() {
      const [rows, staffCounts] = await Promise.all([offices.listOfficesWithProcedureCounts(db), staff.activeStaffByOffice(db)]);
      return rows.map((office) => ({ ...office, staff: staffCounts.get(office.code) ?? 0 }));
    },

    async office(code: string) {
      const office = await offices.findOffice(db, code);
      if (!office) throw new NotFoundError(`office ${code}`);
      return office;
    },

    async createOffice(actor: string, code: string, values: OfficeValues): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await offices.createOffice(trx, code, values))) throw new BuilderError('code', 'admin.error.officeTaken', { code });
        await recordChange(trx, actor, 'office.create', 'office', code, { values });
      });
    },

    async updateOffice(actor: string, code: string, values: OfficeValues): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await offices.lockOffice(trx, code);
        if (!before) throw new NotFoundError(`office ${code}`);
        const diff = changes(before as unknown as OfficeValues, values);
        if (Object.keys(diff).length === 0) return;
        await offices.updateOffice(trx, code, values, clock());
        await recordChange(trx, actor, 'office.update', 'office', code, { changes: diff });
      });
    },

    listStaff: () => staff.listStaff(db),

    /** The help desks a member may work at as an operator. */
    helpDesks: () => listHelpDesks(db),

    /** A member by their internal id (the id of the administration's addresses). */
    async staffMember(id: number) {
      const member = await staff.findStaffById(db, id);
      if (!member) throw new NotFoundError('staff member');
      return member;
    },

    /** Adds a member; returns their id. */
    async createStaff(actor: string, fiscalCode: string, values: StaffValues, officeCodes: string[]): Promise<number> {
      return db.transaction().execute(async (trx) => {
        await assertKnownOffices(trx, officeCodes);
        await assertKnownDesk(trx, values.desk_code);
        const id = await staff.createStaff(trx, fiscalCode, values, officeCodes);
        if (id === undefined) throw new BuilderError('fiscalCode', 'admin.error.staffTaken', { fiscalCode });
        await recordChange(trx, actor, 'staff.create', 'staff', fiscalCode, { values, offices: officeCodes });
        return id;
      });
    },

    /**
     * Changes a member's data, role, offices or activity. Nobody removes their own
     * administrator role or deactivates themselves, and the last active administrator stays.
     */
    async updateStaff(actor: string, fiscalCode: string, values: StaffValues, officeCodes: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const admins = await staff.lockForChange(trx, fiscalCode);
        const before = await staff.findStaff(trx, fiscalCode);
        if (!before) throw new NotFoundError('staff member');
        await assertKnownOffices(trx, officeCodes);
        await assertKnownDesk(trx, values.desk_code);
        const losesAdmin = before.is_admin && before.active && (!values.is_admin || !values.active);
        if (losesAdmin && fiscalCode === actor) throw new BuilderError(values.active ? 'role' : 'active', 'admin.error.selfLockout');
        if (losesAdmin && admins.length <= 1) throw new BuilderError('role', 'admin.error.lastAdmin');
        const diff = changes({ ...before, offices: before.offices } as unknown as StaffValues & { offices: string[] }, { ...values, offices: officeCodes });
        if (Object.keys(diff).length === 0) return;
        await staff.updateStaff(trx, fiscalCode, values, officeCodes, clock());
        await recordChange(trx, actor, 'staff.update', 'staff', fiscalCode, { changes: diff });
      });
    },
  };
}
