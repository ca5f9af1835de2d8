// The offices, staff and procedures the back office shows and checks against (the catalogue's
// and identity's tables): who works in an office, an office's names, the procedures a queue
// filter offers, a filing's definition version. Reads only.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface StaffMember {
  fiscal_code: string;
  given_name: string;
  family_name: string;
}

export async function officeStaff(db: Db, officeCode: string): Promise<StaffMember[]> {
  return db
    .selectFrom('staff as s')
    .innerJoin('staff_offices as o', 'o.fiscal_code', 's.fiscal_code')
    .select(['s.fiscal_code', 's.given_name', 's.family_name'])
    .where('o.office_code', '=', officeCode)
    .where('s.active', '=', true)
    .orderBy('s.family_name')
    .orderBy('s.given_name')
    .execute();
}

export async function staffMember(db: Db, fiscalCode: string): Promise<StaffMember | undefined> {
  return db.selectFrom('staff').select(['fiscal_code', 'given_name', 'family_name']).where('fiscal_code', '=', fiscalCode).executeTakeFirst();
}

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

export async function definitionOf(db: Db, procedureId: number, version: number) {
  const row = await db.selectFrom('procedure_versions').select('definition').where('procedure_id', '=', procedureId).where('version', '=', version).executeTakeFirst();
  return row?.definition;
}

export async function procedureTitles(db: Db, procedureId: number) {
  return db.selectFrom('procedures').select(['id', 'slug', 'title_it', 'title_en']).where('id', '=', procedureId).executeTakeFirstOrThrow();
}
