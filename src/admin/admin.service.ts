// The administration's one service object: procedures and their drafts (procedures.service.ts),
// the builder's edits (builder.service.ts), versions, export and import (versions.service.ts),
// offices and staff (people.service.ts, staff-roles.service.ts) and the audit of every change (audit.ts), over one
// database and one clock.
import type { DB } from '../db/database.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import type { AuditSubject } from './admin.table.ts';
import { auditLog } from './audit.ts';
import { createBuilderService } from './builder.service.ts';
import { createPeopleService } from './people.service.ts';
import { createProceduresService } from './procedures.service.ts';
import { createStaffRolesService } from './staff-roles.service.ts';
import { createVersionsService } from './versions.service.ts';

export function createAdminService(db: DB, clock: Clock = systemClock) {
  const procedures = createProceduresService(db, clock);
  return {
    ...procedures,
    ...createVersionsService(db, clock, procedures),
    ...createPeopleService(db, clock),
    ...createStaffRolesService(db),
    builder: createBuilderService(procedures),
    auditLog: (filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined }, page: number, pageSize = 50) => auditLog(db, filter, page, pageSize),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
