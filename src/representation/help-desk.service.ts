// The help desk ("sportello al pubblico"): an operator opens an assisted session for the person
// in front of them (looked up by codice fiscale, or identified from a document), files for them
// through the ordinary journey while the session is open (the core reads it through
// `openSession`, the AssistedSessions register of registers.ts), prints or e-mails the receipts,
// hands unfinished drafts over, and ends it; a session expires by itself after two hours. The
// statistics and the receipts are in help-desk-statistics.ts and help-desk-receipts.ts.
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { hasLoginOnRecord } from '../identity/identity.service.ts';
import { NotFoundError } from '../platform/errors.ts';
import { romeDate, romeOffsetMinutes, formatOffset, systemClock, type Clock } from '../platform/time.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import { filingChannels } from '../submissions/submissions.service.ts';
import { personParty, type PartySnapshot } from './acting.ts';
import { createDeskReceipts } from './help-desk-receipts.ts';
import { createHelpDeskStatistics } from './help-desk-statistics.ts';
import type { SessionInput } from './help-desk.inputs.ts';
import { personOf } from './help-desk.inputs.ts';
import * as repo from './help-desk.repository.ts';
import type { AssistedSessionRow, HelpDeskRow } from './help-desk.table.ts';
import { identityProblems, type InputProblem } from './identity-check.ts';
import type { AssistedSessions, AssistedSessionView } from './registers.ts';

/** How long a session lets the operator act for the person, unless ended earlier. */
export const SESSION_MINUTES = 120;

export type { HelpDeskRow };

/** The identity typed at the desk is not plausible: the form again, saying what to fix. */
export class HelpDeskInputError extends Error {
  override name = 'HelpDeskInputError';
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.key}`).join('; '));
  }
}

/** A session as the desk's pages show it. */
export interface DeskSession extends AssistedSessionView {
  expiresAt: Date;
  endedAt: Date | null;
  status: 'open' | 'ended' | 'expired';
  receiptsEmailed: Record<string, string>;
}

/** A filing made in a session, as its page lists it. */
export interface SessionFilingItem {
  publicId: string;
  procedureTitle: { it: string; en: string };
  /** "0000042/2026"; null while not numbered (held for its fees) */
  protocol: string | null;
  receivedAt: Date;
  status: string;
}

/** What the portal knows of a codice fiscale: names only, never the person's filings. */
export interface PersonLookup {
  fiscalCode: string;
  known: boolean;
  givenName: string | null;
  familyName: string | null;
  /** where the portal knows them from */
  sources: Array<'filings' | 'desk' | 'login'>;
}

/**
 * The move of an assisted session's drafts to the person (the submissions domain's, wired by
 * services.ts when it exists): the operator's drafts kept `assisted:<session>` become the person's own.
 */
export type DraftHandover = (db: DB, handover: { operatorFiscalCode: string; sessionId: string; person: PartySnapshot; draftIds: string[] }) => Promise<void>;

export interface HelpDeskOptions {
  config: Pick<Config, 'protocol' | 'comune'>;
  clock?: Clock | undefined;
  draftHandover?: DraftHandover | undefined;
}

/** The codes of the help desks (the administration and the staff seeding check theirs against it). */
export async function helpDeskCodes(db: DB): Promise<Set<string>> {
  return new Set((await repo.listDesks(db)).map((d) => d.code));
}

/** The help desks, by name. */
export const listHelpDesks = (db: DB): Promise<HelpDeskRow[]> => repo.listDesks(db);

function statusOf(row: AssistedSessionRow, now: Date): DeskSession['status'] {
  if (row.ended_at) return 'ended';
  return row.expires_at > now ? 'open' : 'expired';
}

function deskSession(row: AssistedSessionRow, now: Date): DeskSession {
  return {
    id: row.id,
    desk: row.desk_code,
    operatorFiscalCode: row.operator_fiscal_code,
    person: row.person,
    document: row.document,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
    status: statusOf(row, now),
    receiptsEmailed: row.receipts_emailed,
  };
}

/** The instant today began in Rome. */
function romeMidnight(now: Date): Date {
  const today = romeDate(now);
  return new Date(`${today}T00:00:00${formatOffset(romeOffsetMinutes(new Date(`${today}T00:00:00Z`)))}`);
}

async function lookUp(db: DB, fiscalCode: string): Promise<PersonLookup> {
  const [filed, desk, login] = await Promise.all([filingChannels.lastApplicantNames(db, fiscalCode), repo.lastRecordedPerson(db, fiscalCode), hasLoginOnRecord(db, fiscalCode)]);
  const names = filed ?? (desk ? { givenName: desk.givenName ?? '', familyName: desk.familyName ?? '' } : undefined);
  const sources: PersonLookup['sources'] = [];
  if (filed) sources.push('filings');
  if (desk) sources.push('desk');
  if (login) sources.push('login');
  return { fiscalCode, known: sources.length > 0, givenName: names?.givenName || null, familyName: names?.familyName || null, sources };
}

function snapshotOf(person: ReturnType<typeof personOf>): PartySnapshot {
  return personParty(person);
}

export function createHelpDeskService(db: DB, options: HelpDeskOptions) {
  const clock = options.clock ?? systemClock;

  /** The operator's own session (any status); 404 for anyone else's. */
  async function ownSession(operatorFiscalCode: string, sessionId: string): Promise<DeskSession> {
    const row = await repo.findOperatorSession(db, operatorFiscalCode, sessionId);
    if (!row) throw new NotFoundError('assisted session');
    return deskSession(row, clock());
  }

  /** The operator's session while it is open; 404 otherwise (ended, expired, someone else's). */
  async function openOwnSession(operatorFiscalCode: string, sessionId: string): Promise<DeskSession> {
    const session = await ownSession(operatorFiscalCode, sessionId);
    if (session.status !== 'open') throw new NotFoundError('open assisted session');
    return session;
  }

  const register: AssistedSessions = {
    async openSession(operatorFiscalCode, sessionId) {
      const row = await repo.findOperatorSession(db, operatorFiscalCode, sessionId);
      if (!row || statusOf(row, clock()) !== 'open') return null;
      const { id, desk, operatorFiscalCode: operator, person, document, startedAt } = deskSession(row, clock());
      return { id, desk, operatorFiscalCode: operator, person, document, startedAt };
    },
  };

  return {
    ...register,
    clock,
    desks: (): Promise<HelpDeskRow[]> => repo.listDesks(db),
    /** The codes of the desks (the staff seeding and the administration check theirs against it). */
    deskCodes: (): Promise<Set<string>> => helpDeskCodes(db),
    desk: (code: string): Promise<HelpDeskRow | undefined> => repo.findDesk(db, code),
    /** What the portal knows of a codice fiscale (names only). */
    lookUp: (fiscalCode: string): Promise<PersonLookup> => lookUp(db, fiscalCode),

    /**
     * Opens a session for the person at the operator's desk, ending the operator's previous one
     * (one person at a time). The document may be left out only for a person the portal knows.
     */
    async startSession(operator: { fiscalCode: string; desk: string }, input: SessionInput): Promise<DeskSession> {
      const person = personOf(input);
      const now = clock();
      const known = (await lookUp(db, person.fiscalCode)).known;
      const problems = identityProblems(person, romeDate(now), !known);
      if (problems.length > 0) throw new HelpDeskInputError(problems);
      const row = await db.transaction().execute(async (trx) => {
        await repo.lockOperator(trx, operator.fiscalCode);
        await repo.endOpenSessions(trx, operator.fiscalCode, now);
        return repo.insertSession(trx, {
          operatorFiscalCode: operator.fiscalCode,
          desk: operator.desk,
          person: snapshotOf(person),
          document: person.document,
          startedAt: now,
          expiresAt: new Date(now.getTime() + SESSION_MINUTES * 60_000),
        });
      });
      return deskSession(row, now);
    },

    session: ownSession,

    /** The operator's open session (if any) and the sessions they started today. */
    async deskDay(operatorFiscalCode: string): Promise<{ open: DeskSession | null; today: DeskSession[] }> {
      const now = clock();
      const today = (await repo.operatorSessionsSince(db, operatorFiscalCode, romeMidnight(now))).map((row) => deskSession(row, now));
      return { open: today.find((s) => s.status === 'open') ?? null, today };
    },

    /** The filings made in the operator's session, in the order they were made. */
    async filings(operatorFiscalCode: string, sessionId: string): Promise<SessionFilingItem[]> {
      await ownSession(operatorFiscalCode, sessionId);
      const rows = await filingChannels.assistedSessionFilings(db, sessionId);
      const names = await procedureNames(db, [...new Set(rows.map((r) => r.procedure_id))]);
      return rows.map((r) => {
        const name = names.get(r.procedure_id);
        return {
          publicId: r.public_id,
          procedureTitle: name ? { it: name.title_it, en: name.title_en } : { it: `#${r.procedure_id}`, en: `#${r.procedure_id}` },
          protocol: r.protocol_number !== null && r.protocol_year !== null ? `${protocolNumberText(r.protocol_number)}/${r.protocol_year}` : null,
          receivedAt: r.received_at,
          status: r.status,
        };
      });
    },

    /** Ends the operator's session; false when it had already ended. 404 for anyone else's. */
    async endSession(operatorFiscalCode: string, sessionId: string): Promise<boolean> {
      await ownSession(operatorFiscalCode, sessionId);
      return repo.endSession(db, operatorFiscalCode, sessionId, clock());
    },

    /** The live drafts the operator keeps for the session, to hand over to the person. */
    async sessionDrafts(operatorFiscalCode: string, sessionId: string): Promise<string[]> {
      await ownSession(operatorFiscalCode, sessionId);
      return filingChannels.assistedSessionDraftIds(db, operatorFiscalCode, sessionId, clock());
    },

    /** Whether drafts can be handed over in this installation (the submissions domain's move is wired). */
    canHandOverDrafts: options.draftHandover !== undefined,

    /**
     * "Consegna la bozza": the unfinished drafts of the open session go to the person, who finds
     * them in their personal area after logging in with SPID or CIE. Returns the drafts' ids.
     */
    async handOverDrafts(sessionId: string, operatorFiscalCode: string): Promise<string[]> {
      const session = await openOwnSession(operatorFiscalCode, sessionId);
      const draftIds = await filingChannels.assistedSessionDraftIds(db, operatorFiscalCode, sessionId, clock());
      if (draftIds.length > 0 && options.draftHandover) {
        await db.transaction().execute((trx) => options.draftHandover!(trx, { operatorFiscalCode, sessionId, person: session.person, draftIds }));
      }
      return draftIds;
    },

    receipts: createDeskReceipts(db, { config: options.config, clock, openSession: openOwnSession }),
    statistics: createHelpDeskStatistics(db, { clock, desks: () => repo.listDesks(db) }),
  };
}

export type HelpDeskService = ReturnType<typeof createHelpDeskService>;
