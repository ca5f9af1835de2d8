// A procedure's history and its files: the versions with readable differences between any two
// (or the draft), an older version restored as the draft, and export and import in the
// definition format of the seeded files (an import becomes a draft, never published by itself).
import { stringify } from 'yaml';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { officeCodes } from '../catalogue/offices.service.ts';
import * as catalogue from '../catalogue/procedures.service.ts';
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './admin.repository.ts';
import { recordChange } from './audit.ts';
import { diffDefinitions } from './diff.ts';
import { BuilderError, canonicalOrder, type DraftDefinition } from './draft.ts';
import { parseImported, procedureOr404, versionsWithFilings, type ProceduresService } from './procedures.service.ts';

export type VersionRef = number | 'draft';

export function createVersionsService(db: DB, clock: Clock, procedures: Pick<ProceduresService, 'edit'>) {
  /** A version's definition, or the draft's; 404 when there is none. */
  async function definitionAt(id: number, ref: VersionRef): Promise<DraftDefinition> {
    if (ref === 'draft') {
      const draft = await repo.findDraft(db, id);
      if (!draft) throw new NotFoundError('draft');
      return draft.definition;
    }
    const definition = await catalogue.findVersion(db, id, ref);
    if (!definition) throw new NotFoundError(`version ${ref}`);
    return definition as DraftDefinition;
  }

  return {
    /** An older version becomes the draft (to publish again, possibly after changes). */
    async restoreVersion(actor: string, id: number, version: number): Promise<void> {
      const definition = await catalogue.findVersion(db, id, version);
      if (!definition) throw new NotFoundError(`version ${version}`);
      await procedures.edit(actor, id, 'procedure.restoreVersion', () => definition as DraftDefinition, { version });
    },

    async versions(id: number) {
      const procedure = await procedureOr404(db, id);
      const [versions, draft] = await Promise.all([versionsWithFilings(db, id), repo.findDraft(db, id)]);
      return { procedure, versions, draft: draft ?? null };
    },

    async diff(id: number, from: VersionRef, to: VersionRef, locale: 'it' | 'en') {
      const [before, after] = await Promise.all([definitionAt(id, from), definitionAt(id, to)]);
      return diffDefinitions(before, after, locale);
    },

    /** The definition file of a version (or of the draft), in the format of the seeded files. */
    async exportDefinition(id: number, ref: VersionRef | 'published'): Promise<{ fileName: string; text: string }> {
      const procedure = await procedureOr404(db, id);
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
        const definition: ProcedureDefinition = parseImported(text, fileName, await officeCodes(trx));
        const existing = await catalogue.findProcedureIdBySlug(trx, definition.slug);
        if (existing !== undefined) {
          if (!replace) throw new BuilderError('replace', 'admin.import.exists', { slug: definition.slug });
          const procedure = await catalogue.lockProcedure(trx, existing);
          await repo.saveDraft(trx, existing, definition as DraftDefinition, procedure!.published_version, actor, clock());
          await recordChange(trx, actor, 'procedure.import', 'procedure', existing, { file: fileName, replaced: true });
          return { id: existing, created: false };
        }
        const id = await catalogue.createProcedure(trx, definition, 'import');
        await repo.saveDraft(trx, id, definition as DraftDefinition, null, actor, clock());
        await recordChange(trx, actor, 'procedure.import', 'procedure', id, { file: fileName });
        return { id, created: true };
      });
    },
  };
}
