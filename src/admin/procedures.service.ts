// The administration's procedures: a list with status, version, office and filings; a draft
// per procedure that the builder's edits change one small step at a time (each edit in a
// transaction that locks the procedure, creates the draft from the published version when
// there is none, and records the change); publishing, which refuses while any content check
// fails and otherwise asks the catalogue to freeze the draft as the next version and takes
// the procedure over from the seed files; archive and restore. The procedures and versions
// are the catalogue's, the filings the submissions': this service asks them.
import { DefinitionError, parseProcedureDefinition } from '../catalogue/definition-files.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { listOffices, officeCodes } from '../catalogue/offices.service.ts';
import * as catalogue from '../catalogue/procedures.service.ts';
import type { ProcedureFilter, ProcedureListRow } from '../catalogue/procedures.service.ts';
import type { DB } from '../db/database.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import { countFilingsByProcedure, countFilingsByVersion } from '../submissions/submissions.service.ts';
import * as repo from './admin.repository.ts';
import { recordChange } from './audit.ts';
import { checkDraft, type CheckResult } from './checks.ts';
import { BuilderError, copyDraft, newDraft, type DraftDefinition } from './draft.ts';
import { intakeOf } from '../submissions/intake.ts';

/** Publishing refused: the content checks still find errors, or warnings nobody confirmed. */
export class ChecksFailedError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly checks: CheckResult,
    readonly reason: 'errors' | 'unconfirmedWarnings' = 'errors',
  ) {
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

export interface AdminProcedureRow extends ProcedureListRow {
  filings: number;
  draft_updated_at: Date | null;
}

/** A change of the builder: gets the working copy, returns the new one (or throws a BuilderError). */
export type DraftChange = (draft: DraftDefinition) => DraftDefinition;

/** The procedure's versions, newest first, each with the filings made under it. */
export async function versionsWithFilings(db: DB, id: number) {
  const [versions, filings] = await Promise.all([catalogue.listVersions(db, id), countFilingsByVersion(db, id)]);
  return versions.map((v) => ({ ...v, filings: filings.get(v.version) ?? 0 }));
}

export async function procedureOr404(db: DB, id: number) {
  const procedure = await catalogue.findProcedure(db, id);
  if (!procedure) throw new NotFoundError(`procedure ${id}`);
  return procedure;
}

/** A definition file read against the offices there are; an ImportRefusedError says why not. */
export function parseImported(text: string, fileName: string, offices: ReadonlySet<string>): ProcedureDefinition {
  try {
    return parseProcedureDefinition(text, fileName, offices);
  } catch (error) {
    if (error instanceof DefinitionError) throw new ImportRefusedError(error.problems);
    throw error;
  }
}

export function createProceduresService(db: DB, clock: Clock) {
  async function publishedDefinition(procedure: { id: number; published_version: number | null }, on: DB = db): Promise<ProcedureDefinition | null> {
    if (procedure.published_version === null) return null;
    return (await catalogue.findVersion(on, procedure.id, procedure.published_version)) ?? null;
  }

  /** One edit of the builder, recorded as `action`. The draft is created from the published version when needed. */
  async function edit(actor: string, id: number, action: string, change: DraftChange, details: Record<string, unknown> = {}): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const procedure = await catalogue.lockProcedure(trx, id);
      if (!procedure) throw new NotFoundError(`procedure ${id}`);
      const draftRow = await repo.findDraft(trx, id);
      const current = draftRow?.definition ?? ((await publishedDefinition(procedure, trx)) as DraftDefinition | null);
      if (!current) throw new NotFoundError('procedure without definition');
      const next = change(copyDraft(current));
      next.slug = procedure.slug;
      await repo.saveDraft(trx, id, next, draftRow ? draftRow.based_on_version : procedure.published_version, actor, clock());
      await recordChange(trx, actor, action, 'procedure', id, details);
    });
  }

  /** Locks the procedure and moves it to the status `next` gives (recorded as `action`); null leaves it. */
  async function changeStatus(actor: string, id: number, action: string, next: (procedure: { status: string; published_version: number | null }) => 'draft' | 'published' | 'archived' | null): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const procedure = await catalogue.lockProcedure(trx, id);
      if (!procedure) throw new NotFoundError(`procedure ${id}`);
      const status = next(procedure);
      if (status === null) return;
      await catalogue.setProcedureStatus(trx, id, status, clock());
      await recordChange(trx, actor, action, 'procedure', id);
    });
  }

  return {
    async listProcedures(filter: ProcedureFilter) {
      const [rows, offices, filings, drafts] = await Promise.all([catalogue.listProcedures(db, filter), listOffices(db), countFilingsByProcedure(db), repo.draftTimes(db)]);
      const procedures: AdminProcedureRow[] = rows.map((p) => ({ ...p, filings: filings.get(p.id) ?? 0, draft_updated_at: drafts.get(p.id) ?? null }));
      return { procedures, offices };
    },

    offices: () => listOffices(db),

    /** A new procedure with a draft to fill in; never published until an administrator does. */
    async createProcedure(actor: string, start: Parameters<typeof newDraft>[0]): Promise<number> {
      return db.transaction().execute(async (trx) => {
        if (!(await officeCodes(trx)).has(start.office)) throw new BuilderError('office', 'admin.error.choose');
        if ((await catalogue.findProcedureIdBySlug(trx, start.slug)) !== undefined) throw new BuilderError('slug', 'admin.error.slugTaken', { slug: start.slug });
        const draft = newDraft(start);
        const id = await catalogue.createProcedure(trx, draft as ProcedureDefinition, 'builder');
        await repo.saveDraft(trx, id, draft, null, actor, clock());
        await recordChange(trx, actor, 'procedure.create', 'procedure', id, { slug: start.slug });
        return id;
      });
    },

    /**
     * Everything the builder's pages show of a procedure: the working copy (the draft, or the
     * published version while nobody has changed it), its checks, versions and offices.
     */
    async workspace(id: number) {
      const now = clock();
      const procedure = await procedureOr404(db, id);
      const [draftRow, published, versions, offices] = await Promise.all([repo.findDraft(db, id), publishedDefinition(procedure), versionsWithFilings(db, id), listOffices(db)]);
      const definition: DraftDefinition | null = draftRow?.definition ?? (published as DraftDefinition | null);
      if (!definition) throw new NotFoundError('procedure without definition');
      const checks = checkDraft(definition, new Set(offices.map((o) => o.code)), now);
      const intake = published ? await intakeOf(db, id, published, now) : null;
      return { procedure, draft: draftRow ?? null, definition, published, versions, offices, checks, intake };
    },

    edit,

    /** Freezes the draft as the next version and makes it the published one; warnings need `acceptWarnings`. */
    async publish(actor: string, id: number, options: { acceptWarnings?: boolean } = {}): Promise<number> {
      const now = clock();
      return db.transaction().execute(async (trx) => {
        const procedure = await catalogue.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        const draftRow = await repo.findDraft(trx, id);
        if (!draftRow) throw new BuilderError('publish', 'admin.publish.nothing');
        const offices = await officeCodes(trx);
        const checks = checkDraft(draftRow.definition, offices, now);
        if (checks.errors > 0) throw new ChecksFailedError(checks);
        if (checks.warnings > 0 && !options.acceptWarnings) throw new ChecksFailedError(checks, 'unconfirmedWarnings');
        const definition = parseProcedureDefinition(JSON.stringify(draftRow.definition), procedure.slug, offices);
        const version = await catalogue.publishNextVersion(trx, procedure, definition, now);
        if (version === null) throw new BuilderError('publish', 'admin.publish.unchanged');
        await catalogue.takeOverFromSeed(trx, id);
        await repo.deleteDraft(trx, id);
        await recordChange(trx, actor, 'procedure.publish', 'procedure', id, { version });
        return version;
      });
    },

    /** Drops the draft; a procedure never published has nothing to go back to (archive it instead). */
    async discardDraft(actor: string, id: number): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const procedure = await catalogue.lockProcedure(trx, id);
        if (!procedure) throw new NotFoundError(`procedure ${id}`);
        if (procedure.published_version === null) throw new BuilderError('discard', 'admin.discard.neverPublished');
        await repo.deleteDraft(trx, id);
        await recordChange(trx, actor, 'procedure.discardDraft', 'procedure', id);
      });
    },

    /** Out of the catalogue: no new drafts or filings; filings already made are untouched. */
    archive: (actor: string, id: number) => changeStatus(actor, id, 'procedure.archive', (p) => (p.status === 'archived' ? null : 'archived')),

    restore: (actor: string, id: number) =>
      changeStatus(actor, id, 'procedure.restore', (p) => (p.status !== 'archived' ? null : p.published_version === null ? 'draft' : 'published')),
  };
}

export type ProceduresService = ReturnType<typeof createProceduresService>;
