// The catalogue's procedures as records the administration changes: a new procedure, a
// definition frozen as the next version and published (the listing and search columns are
// rewritten from it), the status, the versions and the opening settings of the published one.
// These functions take the caller's transaction: the administration opens it, locks the
// procedure and records what it did in the same transaction.
import { createHash } from 'node:crypto';
import type { DB } from '../db/database.ts';
import * as repo from './catalogue.repository.ts';
import type { ProcedureFilter, ProcedureListRow, VersionRow } from './catalogue.repository.ts';
import type { ProcedureRow } from './catalogue.table.ts';
import type { ProcedureDefinition } from './definition.ts';

export type { ProcedureFilter, ProcedureListRow, VersionRow };

export function fingerprint(definition: ProcedureDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

export const listProcedures = (db: DB, filter: ProcedureFilter) => repo.listProcedures(db, filter);
export const findProcedure = (db: DB, id: number) => repo.findProcedure(db, id);
export const findProcedureIdBySlug = (db: DB, slug: string) => repo.findProcedureIdBySlug(db, slug);
/** The procedure row, locked until the caller's transaction ends. */
export const lockProcedure = (db: DB, id: number) => repo.lockProcedure(db, id);
export const listVersions = (db: DB, id: number) => repo.listVersions(db, id);
/** The definition of one version (what a filing was made under). */
export const findVersion = (db: DB, id: number, version: number) => repo.findVersion(db, id, version);
/** The published version of a procedure by its address, when it is published. */
export const findPublished = (db: DB, slug: string) => repo.findPublished(db, slug);
export const procedureSlug = (db: DB, id: number) => repo.findSlug(db, id);
export const setProcedureStatus = (db: DB, id: number, status: ProcedureRow['status'], now: Date) => repo.setProcedureStatus(db, id, status, now);
/** From now on the seed files no longer change this procedure. */
export const takeOverFromSeed = (db: DB, id: number) => repo.takeOverFromSeed(db, id);

/** A new procedure, not published: its content lives in a draft until a version is published. */
export async function createProcedure(db: DB, definition: ProcedureDefinition, source: ProcedureRow['source']): Promise<number> {
  return repo.insertProcedure(db, definition, source);
}

/** Freezes a definition as version `version` and makes it the published one. */
export async function publishAsVersion(db: DB, procedureId: number, version: number, definition: ProcedureDefinition, now: Date, print = fingerprint(definition)): Promise<void> {
  await repo.insertVersion(db, procedureId, version, definition, print, now);
  await repo.publishVersion(db, procedureId, version, definition, now);
}

/**
 * Publishes a definition as the procedure's next version; null, and nothing written, when it
 * is the very version already published.
 */
export async function publishNextVersion(
  db: DB,
  procedure: Pick<ProcedureRow, 'id' | 'status' | 'published_version'>,
  definition: ProcedureDefinition,
  now: Date,
): Promise<number | null> {
  const print = fingerprint(definition);
  const versions = await repo.listVersions(db, procedure.id);
  const current = versions.find((v) => v.version === procedure.published_version);
  if (current && procedure.status === 'published' && current.fingerprint === print) return null;
  const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
  await publishAsVersion(db, procedure.id, version, definition, now, print);
  return version;
}

/** The opening settings of the published version; with `lock`, the procedure row is locked. */
export async function publishedIntakeSettings(db: DB, procedureId: number, lock: boolean) {
  const row = await repo.publishedIntakeSettings(db, procedureId, lock);
  if (!row) return undefined;
  const reserve = row.reserve === 'unlimited' ? ('unlimited' as const) : row.reserve === null || row.reserve === undefined ? undefined : Number(row.reserve);
  return { opensAt: row.opensAt ?? undefined, closesAt: row.closesAt ?? undefined, maxFilings: row.maxFilings ?? undefined, call: reserve === undefined ? undefined : { reserve } };
}
