// All the SQL of the identity domain, the one writer of `staff`, `staff_offices`,
// `staff_office_procedures` and `sessions`: a staff member's roles, offices (with their role
// in each and the procedures they are limited to) and help desk for the session, the staff list and its changes
// (made by the administration through the identity's staff service), the test provider's staff
// people, and the login sessions with their revocations.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OfficeRole, StaffRecord } from './user.ts';

type Db = Kysely<Database>;

/** The roles of an active staff member; undefined for anyone else. */
export async function findActiveStaff(db: Db, fiscalCode: string): Promise<StaffRecord | undefined> {
  const row = await db
    .selectFrom('staff as s')
    .leftJoin('staff_offices as o', 'o.fiscal_code', 's.fiscal_code')
    .select(['s.is_admin', 's.desk_code', sql<string[]>`coalesce(array_agg(o.office_code order by o.office_code) filter (where o.office_code is not null), '{}')`.as('offices')])
    .where('s.fiscal_code', '=', fiscalCode)
    .where('s.active', '=', true)
    .groupBy('s.fiscal_code')
    .executeTakeFirst();
  return row ? { isAdmin: row.is_admin, offices: row.offices, desk: row.desk_code } : undefined;
}

/**
 * For a staff login, on each request, in one query: the member's roles when active, and whether
 * this session was revoked (a deactivation ends the member's sessions at once in every replica).
 */
export async function findStaffForSession(db: Db, fiscalCode: string, sessionId: string): Promise<{ staff: StaffRecord | undefined; revoked: boolean }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('sessions').select(sql<boolean>`revoked_at is not null`.as('r')).where('id', '=', sessionId).as('revoked'),
      eb
        .selectFrom('staff as s')
        .select(
          sql<string>`json_build_object(
            'isAdmin', s.is_admin, 'desk', s.desk_code,
            'offices', coalesce((select array_agg(o.office_code order by o.office_code) from staff_offices o where o.fiscal_code = s.fiscal_code), '{}'),
            'heads', coalesce((select array_agg(o.office_code order by o.office_code) from staff_offices o where o.fiscal_code = s.fiscal_code and o.role = 'head'), '{}'),
            'audits', coalesce((select array_agg(o.office_code order by o.office_code) from staff_offices o where o.fiscal_code = s.fiscal_code and o.role = 'auditor'), '{}'),
            'limits', coalesce((select json_object_agg(l.office_code, l.ids) from (select p.office_code, array_agg(p.procedure_id order by p.procedure_id) as ids from staff_office_procedures p where p.fiscal_code = s.fiscal_code group by p.office_code) l), '{}'::json))`.as('j'),
        )
        .where('s.fiscal_code', '=', fiscalCode)
        .where('s.active', '=', true)
        .as('staff'),
    ])
    .executeTakeFirstOrThrow();
  const staff = row.staff === null ? undefined : jsonValue(row.staff as StaffRecord | string);
  return { staff, revoked: row.revoked === true };
}

export interface NewStaff {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email: string | null;
  isAdmin: boolean;
  offices: string[];
  /** a help desk the caller knows exists, or null */
  desk: string | null;
  /** the role in each office that is not a clerk's (offices not among `offices` are ignored) */
  officeRoles?: Record<string, OfficeRole>;
}

/**
 * Adds a staff member and their offices unless already there (what an administrator changed
 * since is kept). The caller passes only offices the catalogue has.
 */
export async function insertStaffIfAbsent(db: Db, staff: NewStaff): Promise<void> {
  await db
    .insertInto('staff')
    .values({
      fiscal_code: staff.fiscalCode,
      given_name: staff.givenName,
      family_name: staff.familyName,
      email: staff.email,
      is_admin: staff.isAdmin,
      desk_code: staff.desk,
    })
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .execute();
  if (staff.offices.length === 0) return;
  await db
    .insertInto('staff_offices')
    .values(staff.offices.map((office_code) => ({ fiscal_code: staff.fiscalCode, office_code, role: staff.officeRoles?.[office_code] ?? 'clerk' })))
    .onConflict((oc) => oc.columns(['fiscal_code', 'office_code']).doNothing())
    .execute();
}

// ---------------------------------------------------------------- the staff list and its changes

export interface StaffMember {
  id: number;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  email: string | null;
  is_admin: boolean;
  /** the help desk of an operator, or null */
  desk_code: string | null;
  active: boolean;
  offices: string[];
  /** the role in each office (office code -> role) */
  office_roles: Record<string, OfficeRole>;
  updated_at: Date;
}

export interface StaffValues {
  given_name: string;
  family_name: string;
  email: string | null;
  is_admin: boolean;
  /** a help desk that exists (the administration checks it), or null */
  desk_code: string | null;
  active: boolean;
}

function staffQuery(db: Db) {
  return db
    .selectFrom('staff as s')
    .leftJoin('staff_offices as so', 'so.fiscal_code', 's.fiscal_code')
    .select([
      's.id',
      's.fiscal_code',
      's.given_name',
      's.family_name',
      's.email',
      's.is_admin',
      's.desk_code',
      's.active',
      's.updated_at',
      sql<string[]>`coalesce(array_agg(so.office_code order by so.office_code) filter (where so.office_code is not null), '{}')`.as('offices'),
      sql<Record<string, OfficeRole> | string>`coalesce(json_object_agg(so.office_code, so.role) filter (where so.office_code is not null), '{}'::json)`.as('office_roles'),
    ])
    .groupBy('s.fiscal_code');
}

/** json arrives parsed from pg, as text from some drivers. */
const jsonValue = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const toMember = <R extends { office_roles: Record<string, OfficeRole> | string }>(row: R): R & { office_roles: Record<string, OfficeRole> } => ({ ...row, office_roles: jsonValue(row.office_roles) });

export async function listStaff(db: Db): Promise<StaffMember[]> {
  return (await staffQuery(db).orderBy('s.active', 'desc').orderBy('s.family_name').orderBy('s.given_name').execute()).map(toMember);
}

export async function findStaff(db: Db, fiscalCode: string): Promise<StaffMember | undefined> {
  const row = await staffQuery(db).where('s.fiscal_code', '=', fiscalCode).executeTakeFirst();
  return row && toMember(row);
}

export async function findStaffById(db: Db, id: number): Promise<StaffMember | undefined> {
  const row = await staffQuery(db).where('s.id', '=', id).executeTakeFirst();
  return row && toMember(row);
}

/** The id of each fiscal code that is a staff member's. */
export async function staffIds(db: Db, fiscalCodes: string[]): Promise<Map<string, number>> {
  if (fiscalCodes.length === 0) return new Map();
  const rows = await db.selectFrom('staff').select(['fiscal_code', 'id']).where('fiscal_code', 'in', fiscalCodes).execute();
  return new Map(rows.map((r) => [r.fiscal_code, r.id]));
}

export async function lockStaff(db: Db, fiscalCode: string): Promise<void> {
  await db.selectFrom('staff').select('fiscal_code').where('fiscal_code', '=', fiscalCode).forUpdate().execute();
}

/** The new member's id; undefined when the fiscal code is already a member's. */
export async function insertStaff(db: Db, fiscalCode: string, values: StaffValues): Promise<number | undefined> {
  const row = await db
    .insertInto('staff')
    .values({ fiscal_code: fiscalCode, ...values })
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateStaff(db: Db, fiscalCode: string, values: StaffValues, now: Date): Promise<void> {
  await db.updateTable('staff').set({ ...values, updated_at: now }).where('fiscal_code', '=', fiscalCode).execute();
}

/** The member's offices become `offices`: the ones they keep keep their role and procedures; new ones start as a clerk's. */
export async function setStaffOffices(db: Db, fiscalCode: string, offices: string[]): Promise<void> {
  let gone = db.deleteFrom('staff_offices').where('fiscal_code', '=', fiscalCode);
  if (offices.length > 0) gone = gone.where('office_code', 'not in', offices);
  await gone.execute();
  if (offices.length > 0) {
    await db
      .insertInto('staff_offices')
      .values(offices.map((office_code) => ({ fiscal_code: fiscalCode, office_code })))
      .onConflict((oc) => oc.columns(['fiscal_code', 'office_code']).doNothing())
      .execute();
  }
}

/** A member's role in one of their offices, and the procedures they are limited to there (empty: all). */
export interface OfficeRoleRow {
  office_code: string;
  role: OfficeRole;
  procedures: number[];
}

/** The member's role and procedures in each of their offices, by office code. */
export async function officeRoles(db: Db, fiscalCode: string): Promise<OfficeRoleRow[]> {
  const rows = await db
    .selectFrom('staff_offices as o')
    .select([
      'o.office_code',
      'o.role',
      sql<number[]>`coalesce((select array_agg(p.procedure_id order by p.procedure_id) from staff_office_procedures p where p.fiscal_code = o.fiscal_code and p.office_code = o.office_code), '{}')`.as('procedures'),
    ])
    .where('o.fiscal_code', '=', fiscalCode)
    .orderBy('o.office_code')
    .execute();
  return rows.map((r) => ({ ...r, procedures: r.procedures.map(Number) }));
}

/** Sets the role and procedures of the member in offices they belong to (the caller checked them). */
export async function setOfficeRoles(db: Db, fiscalCode: string, rows: readonly OfficeRoleRow[]): Promise<void> {
  for (const row of rows) {
    await db.updateTable('staff_offices').set({ role: row.role }).where('fiscal_code', '=', fiscalCode).where('office_code', '=', row.office_code).execute();
    await db.deleteFrom('staff_office_procedures').where('fiscal_code', '=', fiscalCode).where('office_code', '=', row.office_code).execute();
    if (row.procedures.length > 0) {
      await db
        .insertInto('staff_office_procedures')
        .values(row.procedures.map((procedure_id) => ({ fiscal_code: fiscalCode, office_code: row.office_code, procedure_id })))
        .execute();
    }
  }
}

/** Active administrators, locked: the last one cannot be removed under a concurrent change. */
export async function lockActiveAdmins(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('staff').select('fiscal_code').where('is_admin', '=', true).where('active', '=', true).forUpdate().execute();
  return rows.map((r) => r.fiscal_code);
}

/** How many active staff members each office has. */
export async function countActiveStaffByOffice(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('staff_offices as so')
    .innerJoin('staff as s', 's.fiscal_code', 'so.fiscal_code')
    .select(['so.office_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.active', '=', true)
    .groupBy('so.office_code')
    .execute();
  return new Map(rows.map((r) => [r.office_code, Number(r.n)]));
}

/** "Given Family" of each fiscal code that is a staff member's. */
export async function staffNames(db: Db, fiscalCodes: string[]): Promise<Map<string, string>> {
  if (fiscalCodes.length === 0) return new Map();
  const rows = await db.selectFrom('staff').select(['fiscal_code', 'given_name', 'family_name']).where('fiscal_code', 'in', fiscalCodes).execute();
  return new Map(rows.map((r) => [r.fiscal_code, `${r.given_name} ${r.family_name}`]));
}

// ---------------------------------------------------------------- what other domains show of the staff

/** A member of staff as other domains show them. */
export interface OfficeStaffMember {
  fiscal_code: string;
  given_name: string;
  family_name: string;
}

/**
 * The active staff of an office who may take its cases (its clerks and heads), by name; with a
 * procedure, only those whose limits in the office let them see that procedure's cases.
 */
export async function officeStaff(db: Db, officeCode: string, procedureId?: number): Promise<OfficeStaffMember[]> {
  let query = db
    .selectFrom('staff as s')
    .innerJoin('staff_offices as o', 'o.fiscal_code', 's.fiscal_code')
    .select(['s.fiscal_code', 's.given_name', 's.family_name'])
    .where('o.office_code', '=', officeCode)
    // an auditor reads the office's cases but takes none
    .where('o.role', '!=', 'auditor');
  if (procedureId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('staff_office_procedures as l').select('l.procedure_id').whereRef('l.fiscal_code', '=', 'o.fiscal_code').whereRef('l.office_code', '=', 'o.office_code'))),
        eb.exists(eb.selectFrom('staff_office_procedures as l').select('l.procedure_id').whereRef('l.fiscal_code', '=', 'o.fiscal_code').whereRef('l.office_code', '=', 'o.office_code').where('l.procedure_id', '=', procedureId)),
      ]),
    );
  }
  return query
    .where('s.active', '=', true)
    .orderBy('s.family_name')
    .orderBy('s.given_name')
    .execute();
}

export async function staffMemberName(db: Db, fiscalCode: string): Promise<OfficeStaffMember | undefined> {
  return db.selectFrom('staff').select(['fiscal_code', 'given_name', 'family_name']).where('fiscal_code', '=', fiscalCode).executeTakeFirst();
}

// ---------------------------------------------------------------- login sessions

/** Whether the person has logged in here (a session on record: expired ones are pruned after a while). */
export async function hasSessionOnRecord(db: Db, fiscalCode: string): Promise<boolean> {
  const row = await db.selectFrom('sessions').select('id').where('fiscal_code', '=', fiscalCode).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertSession(db: Db, session: { id: string; fiscalCode: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values({ id: session.id, fiscal_code: session.fiscalCode, created_at: session.createdAt, expires_at: session.expiresAt }).execute();
}

export interface RevokedSession {
  id: string;
  expiresAt: Date;
  revokedAt: Date;
}

const revokedColumns = ['id', 'expires_at', 'revoked_at'] as const;
const toRevoked = (row: { id: string; expires_at: Date; revoked_at: Date | null }): RevokedSession => ({ id: row.id, expiresAt: row.expires_at, revokedAt: row.revoked_at! });

/** Revokes one session (a second revocation keeps the first instant). */
export async function revokeSession(db: Db, id: string, now: Date): Promise<RevokedSession[]> {
  const rows = await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).returning(revokedColumns).execute();
  return rows.map(toRevoked);
}

/** Revokes every session of a person not yet revoked nor expired. */
export async function revokePersonSessions(db: Db, fiscalCode: string, now: Date): Promise<RevokedSession[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('fiscal_code', '=', fiscalCode)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(revokedColumns)
    .execute();
  return rows.map(toRevoked);
}

/** Revocations of sessions still unexpired at `now`, revoked at or after `since` (null: all). */
export async function revokedSince(db: Db, since: Date | null, now: Date): Promise<RevokedSession[]> {
  let query = db.selectFrom('sessions').select(revokedColumns).where('revoked_at', 'is not', null).where('expires_at', '>', now);
  if (since) query = query.where('revoked_at', '>=', since);
  return (await query.execute()).map(toRevoked);
}

/** Deletes sessions expired before `before`; returns how many. */
export async function deleteExpiredSessions(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The person's login sessions (when, until when, ended), oldest first, without their ids (their data export). */
export async function sessionsOf(db: Kysely<Database>, fiscalCode: string) {
  return db.selectFrom('sessions').select(['created_at', 'expires_at', 'revoked_at']).where('fiscal_code', '=', fiscalCode).orderBy('created_at').execute();
}
