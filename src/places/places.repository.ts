// The SQL of the comune's street list (tables street_lists and streets, migration 0035): the
// current upload, its streets, and the replacement of the whole list in one transaction.
import type { DB } from '../db/database.ts';
import type { Street } from './streets.ts';

export interface StreetListInfo {
  id: number;
  uploaded_at: Date;
  uploaded_by: string;
  file_name: string;
  street_count: number;
}

/** The current list (the latest upload), or undefined when none was ever uploaded. */
export function currentList(db: DB): Promise<StreetListInfo | undefined> {
  return db.selectFrom('street_lists').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listStreets(db: DB, listId: number, limit?: number): Promise<Street[]> {
  let query = db.selectFrom('streets').select(['code', 'name', 'cap', 'locality', 'ranges']).where('list_id', '=', listId).orderBy('name').orderBy('code');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((r) => ({ code: r.code, name: r.name, cap: r.cap ?? undefined, locality: r.locality ?? undefined, ranges: r.ranges }));
}

/** Call inside a transaction: the new list and its streets; the older lists and their streets go. */
export async function replaceList(trx: DB, list: { uploadedAt: Date; uploadedBy: string; fileName: string }, streets: Street[]): Promise<number> {
  const { id } = await trx
    .insertInto('street_lists')
    .values({ uploaded_at: list.uploadedAt, uploaded_by: list.uploadedBy, file_name: list.fileName, street_count: streets.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  // in slices: one statement has at most 65535 parameters
  for (let i = 0; i < streets.length; i += 1000) {
    await trx
      .insertInto('streets')
      .values(streets.slice(i, i + 1000).map((s) => ({ list_id: id, code: s.code, name: s.name, cap: s.cap ?? null, locality: s.locality ?? null, ranges: JSON.stringify(s.ranges) })))
      .execute();
  }
  await trx.deleteFrom('street_lists').where('id', '<', id).execute();
  return id;
}
