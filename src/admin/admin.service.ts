// The administration's rules. Procedures: a list with status, version, office and filings; a
// draft per procedure that the builder's edits change one small step at a time (each edit in a
// transaction that locks the procedure, creates the draft from the published version when
// there is none, and records the change); publishing, which refuses while any content check
// fails and otherwise freezes the draft as the next version (the catalogue's publishVersion
// rewrites the listing and search columns) and takes the procedure over from the seed files;
// archive and restore; the version history with readable differences; export and import in the
// definition format of the seeded files. Offices and staff, with every change audited.
import { stringify } from 'yaml';
import * as catalogueRepo from '../catalogue/catalogue.repository.ts';
import { fingerprint } from '../catalogue/catalogue.service.ts';
import { DefinitionError, parseProcedureDefinition } from '../catalogue/definition-files.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import * as repo from './admin.repository.ts';
import type { OfficeValues, StaffValues } from './admin.repository.ts';
import type { AuditSubject } from './admin.table.ts';
import { checkDraft, type CheckResult } from './checks.ts';
import { diffDefinitions } from './diff.ts';
import { BuilderError, canonicalOrder, copyDraft, newDraft, type DraftDefinition } from './draft.ts';
import { intakeOf } from './intake.ts';

/** Publishing refused: the content checks still find errors. */
export class ChecksFailedError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly checks: CheckResult) {
    super('content checks failed');
  }
}

/** An import refused: the file is not a valid definition (each problem names its path). */
export class ImportRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly problems: string[]) {
    super('import refused');
  }
}

export type VersionRef = number | 'draft';

function changes<T extends object>(before: T, after: T): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[String(key)] = [a ?? null, b ?? null];
  }
  return out;
}

export function createAdminService(db: DB) {
  const audit = (trx: DB, actor: string, action: string, subjectType: AuditSubject, subjectId: string | number, details?: Record<string, unknown>) =>
    repo.insertAudit(trx, { actor, action, subjectType, subjectId: String(subjectId), details });

  async function officeCodes(on: DB = db): Promise<Set<string>> {
    return new Set((await catalogueRepo.listOffices(on)).map((o) => o.code));
  }

  async function procedureOr404(id: number, on: DB = db) {
    const procedure = await repo.findProcedure(on, id);
    if (!procedure) throw new NotFoundError(`procedure ${id}`);
    return procedure;
  }

  async function publishedDefinition(procedure: { id: number; published_version: number | null }, on: DB = db): Promise<ProcedureDefinition | null> {
    if (procedure.published_version === null) return null;
    return (await catalogueRepo.findVersion(on, procedure.id, procedure.published_version)) ?? null;
  }

  /** A version's definition, or the draft's; 404 when there is none. */
  async function definitionAt(id: number, ref: VersionRef): Promise<DraftDefinition> {
    if (ref === 'draft') {
      const draft = await repo.findDraft(db, id);
      if (!draft) throw new NotFoundError('draft');
      return draft.definition;
    }
    const definition = await catalogueRepo.findVersion(db, id, ref);
    if (!definition) throw new NotFoundError(`version ${ref}`);
    return definition as DraftDefinition;
  }

  /**
   * One edit of the builder: `change` gets the working copy and returns the new one (or
   * throws a BuilderError). The draft is created from the published version when needed.
   */
  async function edit(actor: string, id: number, action: string, change: (draft: DraftDefinition) => DraftDefinition, details: Record<string, unknown> = {}): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const procedure = await repo.lockProcedure(trx, id);
      if (!procedure) throw new NotFoundError(`procedure ${id}`);
      const draftRow = await repo.findDraft(trx, id);
      const current = draftRow?.definition ?? ((await publishedDefinition(procedure, trx)) as DraftDefinition | null);
      if (!current) throw new NotFoundError('procedure without definition');
      const next = change(copyDraft(current));
      next.slug = procedure.slug;
      await repo.saveDraft(trx, id, next, draftRow ? draftRow.based_on_version : procedure.published_version, actor);
      await audit(trx, actor, action, 'procedure', id, details);
    });
  }

  return {
    async listProcedures(filter: { q?: string | undefined; status?: string | undefined; office?: string | undefined }) {
      const [procedures, offices] = await Promise.all([repo.listProcedures(db, filter), catalogueRepo.listOffices(db)]);
      return { procedures, offices };
    },

    offices: () => catalogueRepo.listOffices(db),

    /** A new procedure with a draft to fill in; never published until an administrator does. */
    async createProcedure(actor: string, start: Parameters<typeof newDraft>[0]): Promise<number> {
      return db.transaction().execute(async (trx) => {
        if (!(await officeCodes(trx)).has(start.office)) throw new BuilderError('office', 'admin.error.choose');
        if ((await repo.findProcedureIdBySlug(trx, start.slug)) !== undefined) throw new BuilderError('slug', 'admin.error.slugTaken', { slug: start.slug });
        const draft = newDraft(start);
        const id = await catalogueRepo.insertProcedure(trx, draft as ProcedureDefinition, 'builder');
        await repo.saveDraft(trx, id, draft, null, actor);
        await audit(trx, actor, 'procedure.create', 'procedure', id, { slug: start.slug });
        return id;
      });
    },

    /**
     * Everything the builder's pages show of a procedure: the working copy (the draft, or the
     * published version while nobody has changed it), its checks, versions and offices.
     */
    async workspace(id: number, now = new Date()) {
      const procedure = await procedureOr404(id);
      const [draftRow, published, versions, offices] = await Promise.all([
        repo.findDraft(db, id),
        publishedDefinition(procedure),
        repo.listVersions(db, id),
        catalogueRepo.listOffices(db),
      ]);
      const definition: DraftDefinition | null = draftRow?.definition ?? (published as DraftDefinition | null);
      if (!definition) throw new NotFoundError('procedure without definition');
      const checks = checkDraft(definition, new Set(offices.map((o) => o.code)), now);
      const intake = published ? await intakeOf(db, id, published, now) : null;
      return { procedure, draft: draftRow ?? null, definition, published, versions, offices, checks, intake };
    },

    edit,

    /** Freezes the draft as the next version and makes it the published one. */
    async publish(actor: string, id: number, now = new Date()): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const procedure = await repo.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        const draftRow = await repo.findDraft(trx, id);
        if (!draftRow) throw new BuilderError('publish', 'admin.publish.nothing');
        const offices = await officeCodes(trx);
        const checks = checkDraft(draftRow.definition, offices, now);
        if (checks.errors > 0) throw new ChecksFailedError(checks);
        const definition = parseProcedureDefinition(JSON.stringify(draftRow.definition), procedure.slug, offices);
        const print = fingerprint(definition);
        const versions = await repo.listVersions(trx, id);
        const current = versions.find((v) => v.version === procedure.published_version);
        if (current && procedure.status === 'published' && current.fingerprint === print) throw new BuilderError('publish', 'admin.publish.unchanged');
        const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
        await catalogueRepo.insertVersion(trx, id, version, definition, print, now);
        await catalogueRepo.publishVersion(trx, id, version, definition);
        await repo.takeOverFromSeed(trx, id);
        await repo.deleteDraft(trx, id);
        await audit(trx, actor, 'procedure.publish', 'procedure', id, { version });
        return version;
      });
    },

    /** Drops the draft; a procedure never published has nothing to go back to (archive it instead). */
    async discardDraft(actor: string, id: number): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const procedure = await repo.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        if (procedure.published_version === null) throw new BuilderError('discard', 'admin.discard.neverPublished');
        await repo.deleteDraft(trx, id);
        await audit(trx, actor, 'procedure.discardDraft', 'procedure', id);
      });
    },

    /** Out of the catalogue: no new drafts or filings; filings already made are untouched. */
    async archive(actor: string, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const procedure = await repo.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        if (procedure.status === 'archived') return;
        await repo.setProcedureStatus(trx, id, 'archived');
        await audit(trx, actor, 'procedure.archive', 'procedure', id);
      });
    },

    async restore(actor: string, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const procedure = await repo.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        if (procedure.status !== 'archived') return;
        await repo.setProcedureStatus(trx, id, procedure.published_version === null ? 'draft' : 'published');
        await audit(trx, actor, 'procedure.restore', 'procedure', id);
      });
    },

    /** An older version becomes the draft (to publish again, possibly after changes). */
    async restoreVersion(actor: string, id: number, version: number): Promise<void> {
      const definition = await catalogueRepo.findVersion(db, id, version);
      if (!definition) throw new NotFoundError(`version ${version}`);
      await edit(actor, id, 'procedure.restoreVersion', () => definition as DraftDefinition, { version });
    },

    async versions(id: number) {
      const procedure = await procedureOr404(id);
      const [versions, draft] = await Promise.all([repo.listVersions(db, id), repo.findDraft(db, id)]);
      return { procedure, versions, draft: draft ?? null };
    },

    async diff(id: number, from: VersionRef, to: VersionRef, locale: 'it' | 'en') {
      const [before, after] = await Promise.all([definitionAt(id, from), definitionAt(id, to)]);
      return diffDefinitions(before, after, locale);
    },

    /** The definition file of a version (or of the draft), in the format of the seeded files. */
    async exportDefinition(id: number, ref: VersionRef | 'published'): Promise<{ fileName: string; text: string }> {
      const procedure = await procedureOr404(id);
      const which = ref === 'published' ? (procedure.published_version ?? 'draft') : ref;
      const definition = await definitionAt(id, which);
      const suffix = which === 'draft' ? '-bozza' : `-v${which}`;
      const header = `# ${definition.title?.it ?? procedure.slug}: ${which === 'draft' ? 'draft' : `version ${which}`}, exported from Sportello\n`;
      return { fileName: `${procedure.slug}${suffix}.yaml`, text: header + stringify(canonicalOrder(definition), { lineWidth: 0 }) };
    },

    /**
     * A definition file from another comune (or an earlier export) becomes a draft: of a new
     * procedure, or, with `replace`, of the procedure with the same slug. Nothing is published.
     */
    async importDefinition(actor: string, text: string, fileName: string, replace: boolean): Promise<{ id: number; created: boolean }> {
      return db.transaction().execute(async (trx) => {
        const offices = await officeCodes(trx);
        let definition: ProcedureDefinition;
        try {
          definition = parseProcedureDefinition(text, fileName, offices);
        } catch (error) {
          if (error instanceof DefinitionError) throw new ImportRefusedError(error.problems);
          throw error;
        }
        const existing = await repo.findProcedureIdBySlug(trx, definition.slug);
        if (existing !== undefined) {
          if (!replace) throw new BuilderError('replace', 'admin.import.exists', { slug: definition.slug });
          const procedure = await repo.lockProcedure(trx, existing);
          await repo.saveDraft(trx, existing, definition as DraftDefinition, procedure!.published_version, actor);
          await audit(trx, actor, 'procedure.import', 'procedure', existing, { file: fileName, replaced: true });
          return { id: existing, created: false };
        }
        const id = await catalogueRepo.insertProcedure(trx, definition, 'import');
        await repo.saveDraft(trx, id, definition as DraftDefinition, null, actor);
        await audit(trx, actor, 'procedure.import', 'procedure', id, { file: fileName });
        return { id, created: true };
      });
    },

    // ------------------------------------------------------------ offices

    listOffices: () => repo.listOfficesWithCounts(db),

    async office(code: string) {
      const office = await catalogueRepo.findOffice(db, code);
      if (!office) throw new NotFoundError(`office ${code}`);
      return office;
    },

    async createOffice(actor: string, code: string, values: OfficeValues): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await repo.insertOffice(trx, code, values))) throw new BuilderError('code', 'admin.error.officeTaken', { code });
        await audit(trx, actor, 'office.create', 'office', code, { values });
      });
    },

    async updateOffice(actor: string, code: string, values: OfficeValues): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await repo.lockOffice(trx, code);
        if (!before) throw new NotFoundError(`office ${code}`);
        const diff = changes(before as unknown as OfficeValues, values);
        if (Object.keys(diff).length === 0) return;
        await repo.updateOffice(trx, code, values);
        await audit(trx, actor, 'office.update', 'office', code, { changes: diff });
      });
    },

    // ------------------------------------------------------------ staff

    listStaff: () => repo.listStaff(db),

    async staffMember(fiscalCode: string) {
      const member = await repo.findStaff(db, fiscalCode);
      if (!member) throw new NotFoundError('staff member');
      return member;
    },

    async createStaff(actor: string, fiscalCode: string, values: StaffValues, offices: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const known = await officeCodes(trx);
        if (offices.some((o) => !known.has(o))) throw new BuilderError('offices', 'admin.error.choose');
        if (!(await repo.insertStaff(trx, fiscalCode, values))) throw new BuilderError('fiscalCode', 'admin.error.staffTaken', { fiscalCode });
        await repo.setStaffOffices(trx, fiscalCode, offices);
        await audit(trx, actor, 'staff.create', 'staff', fiscalCode, { values, offices });
      });
    },

    /**
     * Changes a member's data, role, offices or activity. Nobody removes their own
     * administrator role or deactivates themselves, and the last active administrator stays.
     */
    async updateStaff(actor: string, fiscalCode: string, values: StaffValues, offices: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const admins = await repo.lockActiveAdmins(trx);
        await repo.lockStaff(trx, fiscalCode);
        const before = await repo.findStaff(trx, fiscalCode);
        if (!before) throw new NotFoundError('staff member');
        const known = await officeCodes(trx);
        if (offices.some((o) => !known.has(o))) throw new BuilderError('offices', 'admin.error.choose');
        const losesAdmin = before.is_admin && before.active && (!values.is_admin || !values.active);
        if (losesAdmin && fiscalCode === actor) throw new BuilderError(values.active ? 'role' : 'active', 'admin.error.selfLockout');
        if (losesAdmin && admins.length <= 1) throw new BuilderError('role', 'admin.error.lastAdmin');
        const diff = changes({ ...before, offices: before.offices } as unknown as StaffValues & { offices: string[] }, { ...values, offices });
        if (Object.keys(diff).length === 0) return;
        await repo.updateStaff(trx, fiscalCode, values);
        await repo.setStaffOffices(trx, fiscalCode, offices);
        await audit(trx, actor, 'staff.update', 'staff', fiscalCode, { changes: diff });
      });
    },

    // ------------------------------------------------------------ audit

    async auditLog(filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined }, page: number, pageSize = 50) {
      const rows = await repo.listAudit(db, { ...filter, limit: pageSize + 1, offset: (page - 1) * pageSize });
      return { rows: rows.slice(0, pageSize), more: rows.length > pageSize };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
