// The catalogue's rules: loading the shipped procedures into the database (a changed seed file
// becomes a new published version, never an edit of an old one), listing, searching and
// reading the published procedures for the public pages and the API.
import type { DB } from '../db/database.ts';
import type { Locale } from '../platform/i18n.ts';
import { NotFoundError } from '../platform/errors.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { intakeOf, type FilingCounter } from './intake.ts';
import { AREAS, findArea } from './areas.ts';
import * as repo from './catalogue.repository.ts';
import { loadOffices, loadProcedureDefinitions } from './definition-files.ts';
import { fingerprint, publishAsVersion } from './procedures.service.ts';

export interface SeedResult {
  offices: number;
  created: string[];
  updated: string[];
}

/**
 * Brings the shipped catalogue into the database. Procedures that an administrator has taken
 * over (source builder or import) are left alone.
 */
export async function syncSeedCatalogue(db: DB, seedDir?: string, clock: Clock = systemClock): Promise<SeedResult> {
  const offices = await loadOffices(seedDir);
  const definitions = await loadProcedureDefinitions(seedDir ? `${seedDir}/procedures` : undefined, new Set(offices.map((o) => o.code)));
  return db.transaction().execute(async (trx) => {
    for (const office of offices) await repo.upsertOffice(trx, office);
    const latest = await repo.latestVersions(trx);
    const created: string[] = [];
    const updated: string[] = [];
    const now = clock();
    for (const definition of definitions) {
      const print = fingerprint(definition);
      const current = latest.get(definition.slug);
      if (!current) {
        const id = await repo.insertProcedure(trx, definition, 'seed');
        await publishAsVersion(trx, id, 1, definition, now, print);
        created.push(definition.slug);
      } else if (current.source === 'seed' && current.fingerprint !== print) {
        await publishAsVersion(trx, current.procedureId, current.version + 1, definition, now, print);
        updated.push(definition.slug);
      }
    }
    return { offices: offices.length, created, updated };
  });
}

/** `countFilings`: the filings of a procedure, from src/submissions (the places left of a capped call). */
export function createCatalogueService(db: DB, countFilings: FilingCounter, clock: Clock = systemClock) {
  return {
    areas: AREAS,

    async areasWithCounts() {
      const counts = await repo.countPublishedByArea(db);
      return AREAS.map((area) => ({ ...area, count: counts.get(area.code) ?? 0 }));
    },

    async list(options: { q?: string | undefined; area?: string | undefined; locale: Locale }) {
      const area = options.area && findArea(options.area) ? options.area : undefined;
      const q = options.q?.trim().slice(0, 100);
      const items = q ? await repo.searchPublished(db, q, { area }, options.locale) : await repo.listPublished(db, { area }, options.locale);
      return { items, area, q };
    },

    async featured(locale: Locale) {
      const all = await repo.listPublished(db, {}, locale);
      return all.filter((item) => item.featured);
    },

    /** The published version of a procedure, with its office; 404 when absent. */
    async get(slug: string) {
      const procedure = await repo.findPublished(db, slug);
      if (!procedure) throw new NotFoundError(`procedure ${slug}`);
      const office = await repo.findOffice(db, procedure.definition.office);
      // when applications open and close, and how many places are left (./intake.ts)
      const intake = await intakeOf(db, procedure.id, procedure.definition, clock(), countFilings);
      return { ...procedure, office, area: findArea(procedure.definition.area), intake };
    },

    stamp: () => repo.catalogueStamp(db),
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;

// ---- what other domains read of the catalogue (the application journey, the filings, the
// personal area and the receipt, src/submissions); `db` may be a transaction.

export interface ProcedureName {
  id: number;
  slug: string;
  /** the catalogue area (a delegation's scope names areas) */
  area: string;
  title_it: string;
  title_en: string;
}

/** A published procedure with its current version's definition; undefined when there is none. */
export function publishedProcedure(db: DB, slug: string) {
  return repo.findPublished(db, slug);
}

/** The id and the published version of a published procedure; undefined when there is none. */
export function publishedProcedureRef(db: DB, slug: string) {
  return repo.findPublishedRef(db, slug);
}

/** The published procedure's id of a slug as a subquery: a query of another domain filters by it in the same round trip. */
export function publishedProcedureIdQuery(db: DB, slug: string) {
  return repo.publishedIdQuery(db, slug);
}

/** The definition of one version of a procedure (the one a draft began on, or a filing was made under). */
export function procedureVersion(db: DB, procedureId: number, version: number) {
  return repo.findVersion(db, procedureId, version);
}

/** Slug and titles of procedures, by id. */
export async function procedureNames(db: DB, ids: readonly number[]): Promise<Map<number, ProcedureName>> {
  return new Map((await repo.findProcedureNames(db, ids)).map((row) => [row.id, row]));
}

/** An office by its code; undefined when there is none. */
export function officeByCode(db: DB, code: string) {
  return repo.findOffice(db, code);
}

// ---- what the back office shows and checks against (offices, the procedures a queue filter
// offers, a filing's definition version); `db` may be a transaction.

/** Offices by code (every office without codes), with their contacts. */
export const officesByCode = (db: DB, codes?: readonly string[]) => repo.officesByCode(db, codes);
/** The procedures of these offices, and those whose routing rules can send filings there. */
export const proceduresOfOffices = (db: DB, codes: readonly string[]) => repo.proceduresOfOffices(db, codes);
/** The definition of one version of a procedure. */
export const definitionOfVersion = (db: DB, procedureId: number, version: number) => repo.definitionOfVersion(db, procedureId, version);
/** Slug and titles of one procedure (it must exist). */
export const procedureTitles = (db: DB, procedureId: number) => repo.procedureTitles(db, procedureId);

// ---- what privacy reads (src/privacy): the policy in force is the published version's.

/** Every procedure with a published version (also one withdrawn since), with that version's definition. */
export const publishedDefinitions = (db: DB) => repo.listPublishedDefinitions(db);
