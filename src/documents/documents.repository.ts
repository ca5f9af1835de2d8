// All the SQL of the documents domain: template versions (append-only; the highest in force)
// and the documents sent on cases.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { GeneratedDocumentsTable, TemplateRow } from './documents.table.ts';
import type { Insertable } from 'kysely';

type Db = Kysely<Database>;

/** The version in force of each purpose and language of a procedure. */
export async function currentTemplates(db: Db, procedureId: number): Promise<TemplateRow[]> {
  return db
    .selectFrom('document_templates as t')
    .selectAll('t')
    .where('t.procedure_id', '=', procedureId)
    .where(({ eb, selectFrom }) =>
      eb('t.version', '=', selectFrom('document_templates as u').select(({ fn }) => fn.max('u.version').as('v')).whereRef('u.procedure_id', '=', 't.procedure_id').whereRef('u.purpose', '=', 't.purpose').whereRef('u.locale', '=', 't.locale')),
    )
    .execute();
}

export async function templateVersions(db: Db, procedureId: number, purpose: string, locale: 'it' | 'en'): Promise<TemplateRow[]> {
  return db.selectFrom('document_templates').selectAll().where('procedure_id', '=', procedureId).where('purpose', '=', purpose).where('locale', '=', locale).orderBy('version', 'desc').execute();
}

export async function templateVersion(db: Db, procedureId: number, purpose: string, locale: 'it' | 'en', version: number): Promise<TemplateRow | undefined> {
  return db.selectFrom('document_templates').selectAll().where('procedure_id', '=', procedureId).where('purpose', '=', purpose).where('locale', '=', locale).where('version', '=', version).executeTakeFirst();
}

/** A new version, numbered after the last (the unique key refuses a concurrent twin). */
export async function insertTemplateVersion(db: Db, row: { procedureId: number; purpose: string; locale: 'it' | 'en'; title: string; body: string; restoredFrom: number | null; by: string; byName: string; at: Date }): Promise<number> {
  const last = await db
    .selectFrom('document_templates')
    .select(({ fn }) => fn.max('version').as('v'))
    .where('procedure_id', '=', row.procedureId)
    .where('purpose', '=', row.purpose)
    .where('locale', '=', row.locale)
    .executeTakeFirst();
  const version = (last?.v ?? 0) + 1;
  await db
    .insertInto('document_templates')
    .values({ procedure_id: row.procedureId, purpose: row.purpose, locale: row.locale, version, title: row.title, body: row.body, restored_from: row.restoredFrom, saved_by: row.by, saved_by_name: row.byName, saved_at: row.at })
    .execute();
  return version;
}

export async function insertGeneratedDocument(db: Db, row: Insertable<GeneratedDocumentsTable>): Promise<number> {
  const inserted = await db.insertInto('generated_documents').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function documentsOfSubmission(db: Db, submissionId: number) {
  return db.selectFrom('generated_documents').selectAll().where('submission_id', '=', submissionId).orderBy('protocol_year').orderBy('protocol_number').execute();
}

export async function generatedDocument(db: Db, submissionId: number, id: number) {
  return db.selectFrom('generated_documents').selectAll().where('submission_id', '=', submissionId).where('id', '=', id).executeTakeFirst();
}

/** The document sent with a protocol number (an external registry's number, asked again by a repeated send). */
export async function documentWithProtocol(db: Db, year: number, number: number) {
  return db.selectFrom('generated_documents').select(['id', 'submission_id']).where('protocol_year', '=', year).where('protocol_number', '=', number).executeTakeFirst();
}
