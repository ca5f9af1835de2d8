// All the SQL of the administration: the procedure list with its counts, the builder's drafts,
// versions and their filings, offices, staff and their offices, the audit of changes, and the
// counting behind a procedure's cap on filings. Inserting and publishing versions reuse the
// catalogue's repository, so that search vectors are written in one place.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AdminAuditRow, AuditSubject, ProcedureDraftRow } from './admin.table.ts';
import type { DraftDefinition } from './draft.ts';
import type { IntakeSettings } from './intake.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------- procedures

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
  filings: number;
  draft_updated_at: Date | null;
  updated_at: Date;
}

export async function listProcedures(db: Db, filter: { q?: string | undefined; status?: string | undefined; office?: string | undefined }): Promise<ProcedureListRow[]> {
  const counts = db.selectFrom('submissions').select(['procedure_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('procedure_id').as('c');
  let query = db
    .selectFrom('procedures as p')
    .leftJoin('offices as o', 'o.code', 'p.office_code')
    .leftJoin('procedure_drafts as d', 'd.procedure_id', 'p.id')
    .leftJoin(counts, 'c.procedure_id', 'p.id')
    .select([
      'p.id',
      'p.slug',
      'p.title_it',
      'p.title_en',
      'p.status',
      'p.source',
      'p.published_version',
      'p.office_code',
      'o.name_it as office_name_it',
      'o.name_en as office_name_en',
      'p.area',
      sql<number>`coalesce(c.n, 0)::integer`.as('filings'),
      'd.updated_at as draft_updated_at',
      'p.updated_at',
    ]);
  if (filter.status) query = query.where('p.status', '=', filter.status as ProcedureListRow['status']);
  if (filter.office) query = query.where('p.office_code', '=', filter.office);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(p.title_it)`, 'like', like), eb(sql`lower(p.title_en)`, 'like', like), eb('p.slug', 'like', like)]));
  }
  return query.orderBy('p.title_it').execute() as Promise<ProcedureListRow[]>;
}

export async function findProcedure(db: Db, id: number) {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProcedureIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('procedures').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Serialises the changes to one procedure (publish, archive, draft edits) until commit. */
export async function lockProcedure(db: Db, id: number) {
  return db.selectFrom('procedures').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setProcedureStatus(db: Db, id: number, status: 'draft' | 'published' | 'archived'): Promise<void> {
  await db.updateTable('procedures').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
}

/** A procedure changed in the builder is the builder's: the seed loader leaves it alone. */
export async function takeOverFromSeed(db: Db, id: number): Promise<void> {
  await db.updateTable('procedures').set({ source: 'builder' }).where('id', '=', id).where('source', '=', 'seed').execute();
}

// ---------------------------------------------------------------- drafts

export async function findDraft(db: Db, procedureId: number): Promise<ProcedureDraftRow | undefined> {
  return db.selectFrom('procedure_drafts').selectAll().where('procedure_id', '=', procedureId).executeTakeFirst();
}

export async function saveDraft(db: Db, procedureId: number, definition: DraftDefinition, basedOn: number | null, actor: string): Promise<void> {
  const json = JSON.stringify(definition);
  await db
    .insertInto('procedure_drafts')
    .values({ procedure_id: procedureId, definition: json, based_on_version: basedOn, created_by: actor, updated_by: actor })
    .onConflict((oc) => oc.column('procedure_id').doUpdateSet({ definition: json, updated_by: actor, updated_at: new Date() }))
    .execute();
}

export async function deleteDraft(db: Db, procedureId: number): Promise<void> {
  await db.deleteFrom('procedure_drafts').where('procedure_id', '=', procedureId).execute();
}

// ---------------------------------------------------------------- versions

export interface VersionRow {
  version: number;
  published_at: Date | null;
  created_at: Date;
  fingerprint: string;
  filings: number;
}

export async function listVersions(db: Db, procedureId: number): Promise<VersionRow[]> {
  const counts = db.selectFrom('submissions').select(['procedure_version', (eb) => eb.fn.countAll<number>().as('n')]).where('procedure_id', '=', procedureId).groupBy('procedure_version').as('c');
  return db
    .selectFrom('procedure_versions as v')
    .leftJoin(counts, 'c.procedure_version', 'v.version')
    .select(['v.version', 'v.published_at', 'v.created_at', 'v.fingerprint', sql<number>`coalesce(c.n, 0)::integer`.as('filings')])
    .where('v.procedure_id', '=', procedureId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function maxVersion(db: Db, procedureId: number): Promise<number> {
  const row = await db.selectFrom('procedure_versions').select((eb) => eb.fn.max('version').as('max')).where('procedure_id', '=', procedureId).executeTakeFirst();
  return Number(row?.max ?? 0);
}

// ---------------------------------------------------------------- intake (opening, cap)

/** The opening settings of the published version; with `lock`, the procedure row is locked. */
export async function publishedIntakeSettings(db: Db, procedureId: number, lock: boolean): Promise<IntakeSettings | undefined> {
  let query = db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', (join) => join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.published_version'))
    .select([
      sql<string | null>`v.definition->>'opensAt'`.as('opensAt'),
      sql<string | null>`v.definition->>'closesAt'`.as('closesAt'),
      sql<number | null>`(v.definition->>'maxFilings')::integer`.as('maxFilings'),
    ])
    .where('p.id', '=', procedureId)
    .where('p.status', '=', 'published');
  if (lock) query = query.forUpdate('p');
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return { opensAt: row.opensAt ?? undefined, closesAt: row.closesAt ?? undefined, maxFilings: row.maxFilings ?? undefined };
}

/** Filings of a procedure (every version), since the opening when there is one. */
export async function countFilings(db: Db, procedureId: number, since: string | null): Promise<number> {
  let query = db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', procedureId);
  if (since) query = query.where('received_at', '>=', new Date(since));
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------- offices

export interface OfficeValues {
  name_it: string;
  name_en: string;
  email: string;
  phone: string;
  address: string;
  opening_hours_it: string;
  opening_hours_en: string;
  io_service_key_ref: string | null;
}

export async function listOfficesWithCounts(db: Db) {
  const procedures = db.selectFrom('procedures').select(['office_code', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '<>', 'archived').groupBy('office_code').as('p');
  const staff = db
    .selectFrom('staff_offices as so')
    .innerJoin('staff as s', 's.fiscal_code', 'so.fiscal_code')
    .select(['so.office_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.active', '=', true)
    .groupBy('so.office_code')
    .as('s');
  return db
    .selectFrom('offices as o')
    .leftJoin(procedures, 'p.office_code', 'o.code')
    .leftJoin(staff, 's.office_code', 'o.code')
    .selectAll('o')
    .select([sql<number>`coalesce(p.n, 0)::integer`.as('procedures'), sql<number>`coalesce(s.n, 0)::integer`.as('staff')])
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

export async function updateOffice(db: Db, code: string, values: OfficeValues): Promise<void> {
  await db.updateTable('offices').set({ ...values, updated_at: new Date() }).where('code', '=', code).execute();
}

export async function lockOffice(db: Db, code: string) {
  return db.selectFrom('offices').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
}

// ---------------------------------------------------------------- staff

export interface StaffMember {
  fiscal_code: string;
  given_name: string;
  family_name: string;
  email: string | null;
  is_admin: boolean;
  active: boolean;
  offices: string[];
  updated_at: Date;
}

function staffQuery(db: Db) {
  return db
    .selectFrom('staff as s')
    .leftJoin('staff_offices as so', 'so.fiscal_code', 's.fiscal_code')
    .select([
      's.fiscal_code',
      's.given_name',
      's.family_name',
      's.email',
      's.is_admin',
      's.active',
      's.updated_at',
      sql<string[]>`coalesce(array_agg(so.office_code order by so.office_code) filter (where so.office_code is not null), '{}')`.as('offices'),
    ])
    .groupBy('s.fiscal_code');
}

export async function listStaff(db: Db): Promise<StaffMember[]> {
  return staffQuery(db).orderBy('s.active', 'desc').orderBy('s.family_name').orderBy('s.given_name').execute();
}

export async function findStaff(db: Db, fiscalCode: string): Promise<StaffMember | undefined> {
  return staffQuery(db).where('s.fiscal_code', '=', fiscalCode).executeTakeFirst();
}

export async function lockStaff(db: Db, fiscalCode: string): Promise<void> {
  await db.selectFrom('staff').select('fiscal_code').where('fiscal_code', '=', fiscalCode).forUpdate().execute();
}

export interface StaffValues {
  given_name: string;
  family_name: string;
  email: string | null;
  is_admin: boolean;
  active: boolean;
}

export async function insertStaff(db: Db, fiscalCode: string, values: StaffValues): Promise<boolean> {
  const row = await db
    .insertInto('staff')
    .values({ fiscal_code: fiscalCode, ...values })
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .returning('fiscal_code')
    .executeTakeFirst();
  return Boolean(row);
}

export async function updateStaff(db: Db, fiscalCode: string, values: StaffValues): Promise<void> {
  await db.updateTable('staff').set({ ...values, updated_at: new Date() }).where('fiscal_code', '=', fiscalCode).execute();
}

export async function setStaffOffices(db: Db, fiscalCode: string, offices: string[]): Promise<void> {
  await db.deleteFrom('staff_offices').where('fiscal_code', '=', fiscalCode).execute();
  if (offices.length > 0) await db.insertInto('staff_offices').values(offices.map((office_code) => ({ fiscal_code: fiscalCode, office_code }))).execute();
}

/** Active administrators, locked: the last one cannot be removed under a concurrent change. */
export async function lockActiveAdmins(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('staff').select('fiscal_code').where('is_admin', '=', true).where('active', '=', true).forUpdate().execute();
  return rows.map((r) => r.fiscal_code);
}

// ---------------------------------------------------------------- audit

export async function insertAudit(
  db: Db,
  entry: { actor: string; action: string; subjectType: AuditSubject; subjectId: string; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({ actor_fiscal_code: entry.actor, action: entry.action, subject_type: entry.subjectType, subject_id: entry.subjectId, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export interface AuditListRow extends AdminAuditRow {
  actor_name: string | null;
}

export async function listAudit(db: Db, filter: { subjectType?: AuditSubject | undefined; subjectId?: string | undefined; limit: number; offset: number }): Promise<AuditListRow[]> {
  let query = db
    .selectFrom('admin_audit as a')
    .leftJoin('staff as s', 's.fiscal_code', 'a.actor_fiscal_code')
    .selectAll('a')
    .select(sql<string | null>`s.given_name || ' ' || s.family_name`.as('actor_name'));
  if (filter.subjectType) query = query.where('a.subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('a.subject_id', '=', filter.subjectId);
  return query.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}
