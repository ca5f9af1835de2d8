// A staff member's roles inside their offices as the administration sets them: per office the
// role (clerk, head of office, auditor) and the procedures of that office they are limited to
// (none: all). Only the member's own offices, only procedures of that office; each change is
// audited in the transaction that makes it, as each office's role "before" and "after".
import { officesByCode, proceduresOfOffices } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import * as staff from '../identity/staff.service.ts';
import type { OfficeRoleRow } from '../identity/staff.service.ts';
import { OFFICE_ROLES, type OfficeRole } from '../identity/user.ts';
import { recordChange } from './audit.ts';
import { BuilderError } from './draft.ts';

/** What the roles form sent for one office: the role chosen and the procedures ticked (ids as typed). */
export interface RequestedOfficeRole {
  role: string | undefined;
  procedures: string[];
}

/** One office of a member as the roles form shows it: its role, its procedures ticked, the procedures it has. */
export interface OfficeRoleForm {
  office: { code: string; name_it: string; name_en: string };
  role: OfficeRole;
  procedures: number[];
  options: Array<{ id: number; slug: string; title_it: string; title_en: string }>;
}

/** A role and its procedures in one line, for the audit ("head [slug-a, slug-b]"). */
function roleLine(row: Pick<OfficeRoleRow, 'role' | 'procedures'>, slugs: Map<number, string>): string {
  return row.procedures.length === 0 ? row.role : `${row.role} [${row.procedures.map((id) => slugs.get(id) ?? String(id)).join(', ')}]`;
}

export function createStaffRolesService(db: DB) {
  /** The member's offices with their role, procedures ticked and the procedures each office has. */
  async function roleForms(trx: DB, fiscalCode: string): Promise<OfficeRoleForm[]> {
    const rows = await staff.officeRoles(trx, fiscalCode);
    const names = new Map((await officesByCode(trx, rows.map((r) => r.office_code))).map((o) => [o.code, o]));
    return Promise.all(
      rows.map(async (r) => ({
        office: names.get(r.office_code) ?? { code: r.office_code, name_it: r.office_code, name_en: r.office_code },
        role: r.role,
        procedures: r.procedures,
        options: (await proceduresOfOffices(trx, [r.office_code])).map((p) => ({ ...p, id: Number(p.id) })),
      })),
    );
  }

  /**
   * The rows the form asks for, checked against the member's offices and each office's
   * procedures; the first refusal as a BuilderError on its input (nothing is written).
   */
  function planRoles(forms: OfficeRoleForm[], requested: Record<string, RequestedOfficeRole>): OfficeRoleRow[] {
    const known = new Set(forms.map((f) => f.office.code));
    const stranger = Object.keys(requested).find((code) => !known.has(code));
    if (stranger) throw new BuilderError(`ruolo-${stranger}`, 'admin.staffRoles.error.office', { office: stranger });
    return forms.map((form) => {
      const wanted = requested[form.office.code];
      const role = OFFICE_ROLES.find((r) => r === wanted?.role);
      if (!role) throw new BuilderError(`ruolo-${form.office.code}`, 'admin.staffRoles.error.role', { office: form.office.code });
      const ids = new Set(form.options.map((o) => o.id));
      const procedures = [...new Set((wanted?.procedures ?? []).map((p) => (/^[0-9]{1,9}$/.test(p) ? Number(p) : NaN)))].sort((a, b) => a - b);
      if (procedures.some((id) => !ids.has(id))) throw new BuilderError(`procedure-${form.office.code}`, 'admin.staffRoles.error.procedure', { office: form.office.code });
      return { office_code: form.office.code, role, procedures };
    });
  }

  return {
    /** The member's role and procedures in each of their offices, with what each office offers. */
    staffRoles: (fiscalCode: string): Promise<OfficeRoleForm[]> => roleForms(db, fiscalCode),

    /**
     * Checks the roles form without writing (the confirmation page shows the result); returns
     * the rows it would set and whether they change anything.
     */
    async checkStaffRoles(fiscalCode: string, requested: Record<string, RequestedOfficeRole>): Promise<{ forms: OfficeRoleForm[]; rows: OfficeRoleRow[]; changed: string[] }> {
      const forms = await roleForms(db, fiscalCode);
      const rows = planRoles(forms, requested);
      const changed = rows.filter((r, i) => r.role !== forms[i]!.role || r.procedures.join() !== forms[i]!.procedures.join()).map((r) => r.office_code);
      return { forms, rows, changed };
    },

    /**
     * Sets the member's role and procedures in their offices (the confirmed form), audited with
     * each office's change as "before" and "after"; nothing is written or audited when nothing changes.
     */
    async setStaffRoles(actor: string, fiscalCode: string, requested: Record<string, RequestedOfficeRole>): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await staff.lockForChange(trx, fiscalCode);
        const forms = await roleForms(trx, fiscalCode);
        const rows = planRoles(forms, requested);
        const slugs = new Map(forms.flatMap((f) => f.options.map((o) => [o.id, o.slug] as const)));
        const diff: Record<string, [string, string]> = {};
        rows.forEach((row, i) => {
          const before = roleLine(forms[i]!, slugs);
          const after = roleLine(row, slugs);
          if (before !== after) diff[row.office_code] = [before, after];
        });
        if (Object.keys(diff).length === 0) return;
        await staff.setOfficeRoles(trx, fiscalCode, rows.filter((r) => r.office_code in diff));
        await recordChange(trx, actor, 'staff.roles', 'staff', fiscalCode, { changes: diff });
      });
    },

  };
}
