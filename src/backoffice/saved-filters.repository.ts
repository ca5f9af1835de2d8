// The SQL of the clerks' saved queue filters (saved_filters): each row belongs to one person.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SavedFilterRow } from './worklists.table.ts';

type Db = Kysely<Database>;

export function listSavedFilters(db: Db, staffFiscalCode: string): Promise<SavedFilterRow[]> {
  return db.selectFrom('saved_filters').selectAll().where('staff_fiscal_code', '=', staffFiscalCode).orderBy('name').execute();
}

export function findSavedFilter(db: Db, staffFiscalCode: string, id: number): Promise<SavedFilterRow | undefined> {
  return db.selectFrom('saved_filters').selectAll().where('id', '=', id).where('staff_fiscal_code', '=', staffFiscalCode).executeTakeFirst();
}

/** Saves the filter under its name; the same name of the same person is replaced. */
export async function saveFilter(db: Db, row: { staffFiscalCode: string; name: string; query: string; at: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('saved_filters').where('staff_fiscal_code', '=', row.staffFiscalCode).where((eb) => eb(eb.fn('lower', ['name']), '=', row.name.toLowerCase())).execute();
    const saved = await trx.insertInto('saved_filters').values({ staff_fiscal_code: row.staffFiscalCode, name: row.name, query: row.query, created_at: row.at }).returning('id').executeTakeFirstOrThrow();
    return Number(saved.id);
  });
}

/** Deletes the person's filter; false when they have none of that id. */
export async function deleteSavedFilter(db: Db, staffFiscalCode: string, id: number): Promise<boolean> {
  const result = await db.deleteFrom('saved_filters').where('id', '=', id).where('staff_fiscal_code', '=', staffFiscalCode).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
