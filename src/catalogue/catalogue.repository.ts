// All the SQL of the catalogue: offices, procedures, their versions and the search. The
// catalogue is the one writer of these three tables; the administration and the seed loader
// change them through the catalogue's services.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OfficeDefinition, ProcedureDefinition } from './definition.ts';
import type { OfficeRow, ProcedureRow } from './catalogue.table.ts';

type Db = Kysely<Database>;

export async function upsertOffice(db: Db, office: OfficeDefinition): Promise<void> {
  const values = {
    code: office.code,
    name_it: office.name.it,
    name_en: office.name.en,
    email: office.email,
    phone: office.phone,
    address: office.address,
    opening_hours_it: office.openingHours.it,
    opening_hours_en: office.openingHours.en,
  };
  await db
    .insertInto('offices')
    .values(values)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listOffices(db: Db): Promise<OfficeRow[]> {
  return db.selectFrom('offices').selectAll().orderBy('name_it').execute();
}

export async function findOffice(db: Db, code: string): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst();
}

export interface VersionRef {
  procedureId: number;
  version: number;
  fingerprint: string;
  source: ProcedureRow['source'];
}

/** The latest version of each procedure, to tell which seed files changed. */
export async function latestVersions(db: Db): Promise<Map<string, VersionRef>> {
  const rows = await db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.procedure_id', 'p.id')
    .select(['p.slug', 'p.id', 'p.source', 'v.version', 'v.fingerprint'])
    .orderBy('v.version', 'desc')
    .execute();
  const latest = new Map<string, VersionRef>();
  for (const row of rows) {
    if (!latest.has(row.slug)) latest.set(row.slug, { procedureId: row.id, version: row.version, fingerprint: row.fingerprint, source: row.source });
  }
  return latest;
}

export async function insertProcedure(db: Db, definition: ProcedureDefinition, source: ProcedureRow['source']): Promise<number> {
  const row = await db
    .insertInto('procedures')
    .values({
      slug: definition.slug,
      status: 'draft',
      source,
      area: definition.area,
      audience: definition.audience,
      office_code: definition.office,
      title_it: definition.title.it,
      title_en: definition.title.en,
      summary_it: definition.summary.it,
      summary_en: definition.summary.en,
      featured: definition.featured,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertVersion(db: Db, procedureId: number, version: number, definition: ProcedureDefinition, fingerprint: string, publishedAt: Date | null): Promise<void> {
  await db
    .insertInto('procedure_versions')
    .values({ procedure_id: procedureId, version, definition: JSON.stringify(definition), fingerprint, published_at: publishedAt })
    .execute();
}

/**
 * Makes a version the published one: the listing columns and the search vectors of the
 * procedure are rewritten from it. Titles weigh most, then summary and keywords, then the rest.
 */
export async function publishVersion(db: Db, procedureId: number, version: number, definition: ProcedureDefinition, now: Date): Promise<void> {
  const it = definition.keywords.it.join(' ');
  const en = definition.keywords.en.join(' ');
  await db
    .updateTable('procedures')
    .set({
      status: 'published',
      published_version: version,
      area: definition.area,
      audience: definition.audience,
      office_code: definition.office,
      title_it: definition.title.it,
      title_en: definition.title.en,
      summary_it: definition.summary.it,
      summary_en: definition.summary.en,
      featured: definition.featured,
      updated_at: now,
      search_it: sql`setweight(to_tsvector('italian', immutable_unaccent(${definition.title.it})), 'A')
        || setweight(to_tsvector('italian', immutable_unaccent(${`${definition.summary.it} ${it}`})), 'B')
        || setweight(to_tsvector('italian', immutable_unaccent(${definition.description.it})), 'C')`,
      search_en: sql`setweight(to_tsvector('english', ${definition.title.en}), 'A')
        || setweight(to_tsvector('english', ${`${definition.summary.en} ${en}`}), 'B')
        || setweight(to_tsvector('english', ${definition.description.en}), 'C')`,
      search_text: sql`lower(immutable_unaccent(${`${definition.title.it} ${it} ${definition.title.en} ${en}`}))`,
    })
    .where('id', '=', procedureId)
    .execute();
}

export interface ProcedureListItem {
  slug: string;
  area: string;
  audience: string;
  title_it: string;
  title_en: string;
  summary_it: string;
  summary_en: string;
  featured: boolean;
}

const listColumns = ['slug', 'area', 'audience', 'title_it', 'title_en', 'summary_it', 'summary_en', 'featured'] as const;

export async function listPublished(db: Db, filter: { area?: string | undefined }, locale: 'it' | 'en'): Promise<ProcedureListItem[]> {
  let query = db.selectFrom('procedures').select(listColumns).where('status', '=', 'published');
  if (filter.area) query = query.where('area', '=', filter.area);
  return query.orderBy(locale === 'it' ? 'title_it' : 'title_en').execute();
}

/**
 * The words of a query that carry meaning: those that are a stop word in neither language
 * ("of", "the", "di", "per" go), as PostgreSQL's own dictionaries tell them. The trigram
 * fallback compares these only: a query's "of" is similar to every English title.
 */
async function meaningfulWords(db: Db, text: string): Promise<string> {
  const row = await sql<{ words: string | null }>`
    select string_agg(w, ' ') as words
    from regexp_split_to_table(${text}, '\\s+') as w
    where w <> '' and to_tsvector('english', w) <> ''::tsvector and to_tsvector('italian', immutable_unaccent(w)) <> ''::tsvector`.execute(db);
  return row.rows[0]?.words ?? '';
}

/**
 * Full-text search in both languages (Italian stemming, accents folded), with trigram word
 * similarity over titles and keywords as the fallback that forgives typos ("residensa").
 * Stop words match nothing. A match in titles, summaries or keywords (weights A and B, or the
 * trigram fallback) outranks one in a description only: description-only matches are listed
 * when nothing matched better, so "change of address" finds the change of residence, not a
 * service whose description happens to mention an address change. Ranked by relevance, the
 * person's language counting double.
 */
export async function searchPublished(db: Db, q: string, filter: { area?: string | undefined }, locale: 'it' | 'en' = 'it'): Promise<ProcedureListItem[]> {
  const text = q.trim().toLowerCase();
  const words = await meaningfulWords(db, text);
  if (!words) return [];
  const it = sql`websearch_to_tsquery('italian', immutable_unaccent(${words}))`;
  const en = sql`websearch_to_tsquery('english', ${words})`;
  const [itWeight, enWeight] = locale === 'it' ? [2, 1] : [1, 2];
  let query = db
    .selectFrom('procedures')
    .select(listColumns)
    .select(
      sql<number>`${itWeight} * ts_rank(search_it, ${it}) + ${enWeight} * ts_rank(search_en, ${en})
        + word_similarity(immutable_unaccent(${words}), search_text)`.as('rank'),
    )
    .select(
      sql<boolean>`ts_filter(search_it, '{a,b}') @@ ${it} or ts_filter(search_en, '{a,b}') @@ ${en}
        or word_similarity(immutable_unaccent(${words}), search_text) >= 0.5`.as('strong'),
    )
    .where('status', '=', 'published')
    .where((eb) =>
      eb.or([
        sql<boolean>`search_it @@ ${it}`,
        sql<boolean>`search_en @@ ${en}`,
        sql<boolean>`word_similarity(immutable_unaccent(${words}), search_text) >= 0.5`,
      ]),
    );
  if (filter.area) query = query.where('area', '=', filter.area);
  const rows = await query.orderBy('rank', 'desc').orderBy(locale === 'it' ? 'title_it' : 'title_en').limit(100).execute();
  const kept = rows.some((r) => r.strong) ? rows.filter((r) => r.strong) : rows;
  return kept.map(({ rank: _rank, strong: _strong, ...item }) => item);
}

export async function countPublishedByArea(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('procedures')
    .select(['area', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'published')
    .groupBy('area')
    .execute();
  return new Map(rows.map((row) => [row.area, Number(row.count)]));
}

export interface PublishedProcedure {
  id: number;
  slug: string;
  version: number;
  definition: ProcedureDefinition;
  publishedAt: Date | null;
}

export async function findPublished(db: Db, slug: string): Promise<PublishedProcedure | undefined> {
  const row = await db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select(['p.id', 'p.slug', 'v.version', 'v.definition', 'v.published_at'])
    .where('p.slug', '=', slug)
    .where('p.status', '=', 'published')
    .executeTakeFirst();
  return row && { id: row.id, slug: row.slug, version: row.version, definition: row.definition, publishedAt: row.published_at };
}

export async function findSlug(db: Db, procedureId: number): Promise<string> {
  const row = await db.selectFrom('procedures').select('slug').where('id', '=', procedureId).executeTakeFirstOrThrow();
  return row.slug;
}

export async function findVersion(db: Db, procedureId: number, version: number): Promise<ProcedureDefinition | undefined> {
  const row = await db
    .selectFrom('procedure_versions')
    .select('definition')
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.definition;
}

/** A number that changes whenever anything in the published catalogue changes (page caches). */
export async function catalogueStamp(db: Db): Promise<string> {
  const row = await db
    .selectFrom('procedures')
    .select((eb) => [eb.fn.max('updated_at').as('latest'), eb.fn.countAll<number>().as('count')])
    .executeTakeFirstOrThrow();
  return `${row.count}-${row.latest ? new Date(row.latest as unknown as string).getTime() : 0}`;
}

// ---------------------------------------------------------------- the administration's side

export interface ProcedureListRow {
  id: number;
  slug: string;
  title_it: string;
  title_en: string;
  status: 'draft' | 'published' | 'archived';
  source: 'seed' | 'builder' | 'import';
  published_version: number | null;
  office_code: string;
  office_name_it: string | null;
  office_name_en: string | null;
  area: string;
  updated_at: Date;
}

export interface ProcedureFilter {
  q?: string | undefined;
  status?: string | undefined;
  office?: string | undefined;
}

/** Every procedure, whatever its status, with its office's names (the administration's list). */
export async function listProcedures(db: Db, filter: ProcedureFilter): Promise<ProcedureListRow[]> {
  let query = db
    .selectFrom('procedures as p')
    .leftJoin('offices as o', 'o.code', 'p.office_code')
    .select(['p.id', 'p.slug', 'p.title_it', 'p.title_en', 'p.status', 'p.source', 'p.published_version', 'p.office_code', 'o.name_it as office_name_it', 'o.name_en as office_name_en', 'p.area', 'p.updated_at']);
  if (filter.status) query = query.where('p.status', '=', filter.status as ProcedureListRow['status']);
  if (filter.office) query = query.where('p.office_code', '=', filter.office);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(p.title_it)`, 'like', like), eb(sql`lower(p.title_en)`, 'like', like), eb('p.slug', 'like', like)]));
  }
  return query.orderBy('p.title_it').execute();
}

export async function findProcedure(db: Db, id: number): Promise<ProcedureRow | undefined> {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProcedureIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('procedures').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Serialises the changes to one procedure (publish, archive, draft edits) until commit. */
export async function lockProcedure(db: Db, id: number): Promise<ProcedureRow | undefined> {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setProcedureStatus(db: Db, id: number, status: ProcedureRow['status'], now: Date): Promise<void> {
  await db.updateTable('procedures').set({ status, updated_at: now }).where('id', '=', id).execute();
}

/** A procedure changed in the builder is the builder's: the seed loader leaves it alone. */
export async function takeOverFromSeed(db: Db, id: number): Promise<void> {
  await db.updateTable('procedures').set({ source: 'builder' }).where('id', '=', id).where('source', '=', 'seed').execute();
}

export interface VersionRow {
  version: number;
  published_at: Date | null;
  created_at: Date;
  fingerprint: string;
}

export async function listVersions(db: Db, procedureId: number): Promise<VersionRow[]> {
  return db
    .selectFrom('procedure_versions')
    .select(['version', 'published_at', 'created_at', 'fingerprint'])
    .where('procedure_id', '=', procedureId)
    .orderBy('version', 'desc')
    .execute();
}

/** The opening settings of the published version; with `lock`, the procedure row is locked. */
export async function publishedIntakeSettings(db: Db, procedureId: number, lock: boolean) {
  let query = db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select([
      sql<string | null>`v.definition->>'opensAt'`.as('opensAt'),
      sql<string | null>`v.definition->>'closesAt'`.as('closesAt'),
      sql<number | null>`(v.definition->>'maxFilings')::integer`.as('maxFilings'),
      sql<number | string | null>`v.definition->'call'->'reserve'`.as('reserve'),
    ])
    .where('p.id', '=', procedureId)
    .where('p.status', '=', 'published');
  if (lock) query = query.forUpdate('p');
  return query.executeTakeFirst();
}

/** What an administrator sets of an office (its code never changes). */
export type OfficeValues = Pick<OfficeRow, 'name_it' | 'name_en' | 'email' | 'phone' | 'address' | 'opening_hours_it' | 'opening_hours_en' | 'io_service_key_ref'>;

/** The offices with how many procedures (not archived) each one handles. */
export async function listOfficesWithProcedureCounts(db: Db) {
  const procedures = db.selectFrom('procedures').select(['office_code', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '<>', 'archived').groupBy('office_code').as('p');
  return db
    .selectFrom('offices as o')
    .leftJoin(procedures, 'p.office_code', 'o.code')
    .selectAll('o')
    .select(sql<number>`coalesce(p.n, 0)::integer`.as('procedures'))
    .orderBy('o.name_it')
    .execute();
}

export async function insertOffice(db: Db, code: string, values: OfficeValues): Promise<boolean> {
  const row = await db
    .insertInto('offices')
    .values({ code, ...values })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .executeTakeFirst();
  return Boolean(row);
}

export async function updateOffice(db: Db, code: string, values: OfficeValues, now: Date): Promise<void> {
  await db.updateTable('offices').set({ ...values, updated_at: now }).where('code', '=', code).execute();
}

export async function lockOffice(db: Db, code: string): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

/** Slug and titles of procedures by id (what other domains show of a procedure). */
export async function findProcedureNames(db: Db, ids: readonly number[]): Promise<Array<{ id: number; slug: string; area: string; title_it: string; title_en: string }>> {
  if (ids.length === 0) return [];
  return db.selectFrom('procedures').select(['id', 'slug', 'area', 'title_it', 'title_en']).where('id', 'in', [...new Set(ids)]).execute();
}

/** The id and published version of a published procedure, without its definition. */
/** The id of the published procedure of a slug, as a subquery another domain's query can embed (no row: none published). */
export function publishedIdQuery(db: Db, slug: string) {
  return db.selectFrom('procedures').select('id').where('slug', '=', slug).where('status', '=', 'published');
}

export async function findPublishedRef(db: Db, slug: string): Promise<{ id: number; version: number } | undefined> {
  const row = await db.selectFrom('procedures').select(['id', 'published_version']).where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
  return row && row.published_version !== null ? { id: row.id, version: row.published_version } : undefined;
}

// ---------------------------------------------------------------- what the back office shows and checks against

/** Offices by code (all of them without codes), with their contacts. */
export async function officesByCode(db: Db, codes?: readonly string[]) {
  let query = db.selectFrom('offices').select(['code', 'name_it', 'name_en', 'email', 'phone']).orderBy('name_it');
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', codes);
  }
  return query.execute();
}

/**
 * The procedures a clerk's queue filter offers: those of their offices, and those whose
 * routing rules can send filings there (a few dozen rows: no scan of the cases).
 */
export async function proceduresOfOffices(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('procedures as p')
    .leftJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select(['p.id', 'p.slug', 'p.title_it', 'p.title_en'])
    .where((eb) =>
      eb.or([
        eb('p.office_code', 'in', codes),
        ...codes.map((code) => sql<boolean>`v.definition -> 'routing' -> 'rules' @> ${JSON.stringify([{ office: code }])}::jsonb`),
      ]),
    )
    .orderBy('p.title_it')
    .execute();
}

export async function definitionOfVersion(db: Db, procedureId: number, version: number) {
  const row = await db.selectFrom('procedure_versions').select('definition').where('procedure_id', '=', procedureId).where('version', '=', version).executeTakeFirst();
  return row?.definition;
}

export async function procedureTitles(db: Db, procedureId: number) {
  return db.selectFrom('procedures').select(['id', 'slug', 'title_it', 'title_en']).where('id', '=', procedureId).executeTakeFirstOrThrow();
}

/** Every procedure with a published version, and that version's definition (privacy: retention, records of processing). */
export async function listPublishedDefinitions(db: Db): Promise<Array<{ id: number; slug: string; status: string; definition: ProcedureDefinition }>> {
  return db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select(['p.id', 'p.slug', 'p.status', 'v.definition'])
    .orderBy('p.slug')
    .execute();
}
