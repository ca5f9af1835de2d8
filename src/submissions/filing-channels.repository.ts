// How filings came in (migrations/0018_filing_parties.sql): online by the person, or at a help
// desk by an operator in an assisted session. Read only, for the help desk
// (src/representation/help-desk.service.ts): the filings counted per procedure, channel and
// desk over a period; the filings and the drafts of one assisted session; what the portal
// knows of a person's names from their filings. submissions.repository.ts stays the writer.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NOT_FILED, type SubmissionRow } from './submissions.table.ts';

type Db = Kysely<Database>;

export interface ChannelCount {
  procedure_id: number;
  channel: 'online' | 'desk';
  /** the desk of a filing made at one; null online */
  desk: string | null;
  filings: number;
}

/** Filings of record received from `from` to `to` (Rome calendar days, both included), per procedure, channel and desk. */
export async function countFilingsByChannel(db: Db, from: string, to: string): Promise<ChannelCount[]> {
  const rows = await db
    .selectFrom('submissions')
    .select(['procedure_id', 'channel', 'desk', sql<string>`count(*)`.as('filings')])
    .where('status', 'not in', NOT_FILED)
    .where('received_at', '>=', sql<Date>`(${from}::date)::timestamp at time zone 'Europe/Rome'`)
    .where('received_at', '<', sql<Date>`(${to}::date + 1)::timestamp at time zone 'Europe/Rome'`)
    .groupBy(['procedure_id', 'channel', 'desk'])
    .orderBy('procedure_id')
    .execute();
  return rows.map((r) => ({ ...r, filings: Number(r.filings) }));
}

export interface SessionFiling {
  id: number;
  public_id: string;
  procedure_id: number;
  received_at: Date;
  status: string;
  protocol_year: number | null;
  protocol_number: number | null;
}

/** The filings made in an assisted session, in the order they were made. */
export async function assistedSessionFilings(db: Db, sessionId: string): Promise<SessionFiling[]> {
  return db
    .selectFrom('submissions')
    .select(['id', 'public_id', 'procedure_id', 'received_at', 'status', 'protocol_year', 'protocol_number'])
    .where('assisted_session_id', '=', sessionId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** One filing of an assisted session (its receipt); undefined when it is not one of that session's. */
export async function assistedSessionFiling(db: Db, sessionId: string, publicId: string): Promise<SubmissionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(publicId)) return undefined;
  const row = await db
    .selectFrom('submissions')
    .selectAll()
    .where('public_id', '=', publicId)
    .where('assisted_session_id', '=', sessionId)
    .executeTakeFirst();
  return row as SubmissionRow | undefined;
}

/** The names of the person's latest filing as applicant, if they ever filed. */
export async function lastApplicantNames(db: Db, fiscalCode: string): Promise<{ givenName: string; familyName: string } | undefined> {
  const row = await db
    .selectFrom('submissions')
    .select([sql<string>`applicant->>'givenName'`.as('givenName'), sql<string>`applicant->>'familyName'`.as('familyName')])
    .where('applicant_fiscal_code', '=', fiscalCode)
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { givenName: row.givenName ?? '', familyName: row.familyName ?? '' } : undefined;
}

/** The live drafts the operator keeps for an assisted session (on_behalf_of `assisted:<id>`, src/representation/acting.ts onBehalfOf). */
export async function assistedSessionDraftIds(db: Db, operatorFiscalCode: string, sessionId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('drafts')
    .select('id')
    .where('owner_fiscal_code', '=', operatorFiscalCode)
    .where('on_behalf_of', '=', `assisted:${sessionId}`)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}
