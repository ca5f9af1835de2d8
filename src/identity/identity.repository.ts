// All the SQL of the identity domain: reading a staff member's roles and offices, and loading
// the test provider's staff people (development and tests only).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { StaffRecord } from './user.ts';

type Db = Kysely<Database>;

/** The roles of an active staff member; undefined for anyone else. */
export async function findActiveStaff(db: Db, fiscalCode: string): Promise<StaffRecord | undefined> {
  const row = await db
    .selectFrom('staff as s')
    .leftJoin('staff_offices as o', 'o.fiscal_code', 's.fiscal_code')
    .select(['s.is_admin', sql<string[]>`coalesce(array_agg(o.office_code order by o.office_code) filter (where o.office_code is not null), '{}')`.as('offices')])
    .where('s.fiscal_code', '=', fiscalCode)
    .where('s.active', '=', true)
    .groupBy('s.fiscal_code')
    .executeTakeFirst();
  return row ? { isAdmin: row.is_admin, offices: row.offices } : undefined;
}

export interface NewStaff {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email: string | null;
  isAdmin: boolean;
  offices: string[];
}

/**
 * Adds a staff member and their offices unless already there (what an administrator changed
 * since is kept). Offices the catalogue does not have are skipped.
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
    })
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .execute();
  if (staff.offices.length === 0) return;
  await db
    .insertInto('staff_offices')
    .columns(['fiscal_code', 'office_code'])
    .expression((eb) =>
      eb
        .selectFrom('offices')
        .select([sql<string>`cast(${staff.fiscalCode} as text)`.as('fiscal_code'), 'code'])
        .where('code', 'in', staff.offices),
    )
    .onConflict((oc) => oc.columns(['fiscal_code', 'office_code']).doNothing())
    .execute();
}
