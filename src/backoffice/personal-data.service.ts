// What the back office holds about a person's filings, for their data export (GDPR art. 15,
// src/personal-data): the case's state and the office's decision, the office's requests and
// the messages exchanged, and who on the comune's side read or exported each filing (the staff
// audit log). Staff are named by office and action, not by name: the recipients of the data are
// the comune's offices (art. 15(1)(c)); the employees acting under its authority are not
// recipients to name (CJEU C-579/21, Pankki S, 2023).
import type { DB } from '../db/database.ts';
import { romeDate } from '../platform/time.ts';
import { auditOfSubmissions, exportsOfProcedures } from './audit-log.repository.ts';
import { findDecision, listMessages, listRequests } from './case-records.repository.ts';
import { findCase } from './case.repository.ts';

export interface CaseRecordsOfFiling {
  case: { status: string; officeCode: string; dueDate: string | null } | null;
  decision: { outcome: string; motivation: string; decidedAt: Date } | null;
  requests: Array<{ kind: string; body: string; requestedAt: Date; replyBy: string; answeredAt: Date | null }>;
  messages: Array<{ from: 'applicant' | 'office'; officeCode: string | null; body: string; at: Date }>;
}

export interface StaffAccess {
  at: Date;
  action: string;
  officeCode: string | null;
}

export interface FilingKey {
  id: number;
  procedureId: number;
  officeCode: string;
  receivedAt: Date;
}

/**
 * Whether an export of a procedure's answers took in this filing: same procedure, the filing
 * already received, inside the export's days (from included, to excluded, Rome dates, as the
 * export reads them) and of the exporting office when the log names one.
 */
function exportIncludes(entry: { at: Date; office_code: string | null; detail: Record<string, unknown> }, filing: FilingKey): boolean {
  if (Number(entry.detail.procedureId) !== filing.procedureId || filing.receivedAt > entry.at) return false;
  if (entry.office_code && entry.office_code !== filing.officeCode) return false;
  const day = romeDate(filing.receivedAt);
  const from = typeof entry.detail.from === 'string' ? entry.detail.from : null;
  const to = typeof entry.detail.to === 'string' ? entry.detail.to : null;
  return (!from || day >= from) && (!to || day < to);
}

export function createBackofficePersonalData(db: DB) {
  return {
    /** The case records of each filing (by internal id). */
    async recordsOf(submissionIds: readonly number[]): Promise<Map<number, CaseRecordsOfFiling>> {
      const entries = await Promise.all(
        submissionIds.map(async (id) => {
          const [c, decision, requests, messages] = await Promise.all([findCase(db, id), findDecision(db, id), listRequests(db, id), listMessages(db, id)]);
          const records: CaseRecordsOfFiling = {
            case: c ? { status: c.status, officeCode: c.office_code, dueDate: c.due_date === null ? null : String(c.due_date) } : null,
            decision: decision ? { outcome: decision.outcome, motivation: decision.motivation, decidedAt: decision.decided_at } : null,
            requests: requests.map((r) => ({ kind: r.kind, body: r.body, requestedAt: r.requested_at, replyBy: String(r.reply_by), answeredAt: r.answered_at })),
            // the office speaks as the office: the person's area names no clerk either
            messages: messages.map((m) => ({ from: m.author_kind, officeCode: m.author_kind === 'office' ? m.office_code : null, body: m.body, at: m.created_at })),
          };
          return [id, records] as const;
        }),
      );
      return new Map(entries);
    },

    /** Who on the comune's side read or exported each filing (its own entries, and the exports of its procedure that took it in): office, action and time. */
    async staffAccessOf(filings: readonly FilingKey[]): Promise<Map<number, StaffAccess[]>> {
      const [rows, exports] = await Promise.all([auditOfSubmissions(db, filings.map((f) => f.id)), exportsOfProcedures(db, [...new Set(filings.map((f) => f.procedureId))])]);
      const bySubmission = new Map<number, StaffAccess[]>();
      const add = (id: number, entry: StaffAccess) => bySubmission.set(id, [...(bySubmission.get(id) ?? []), entry]);
      for (const row of rows) add(Number(row.submission_id), { at: row.at, action: row.action, officeCode: row.office_code });
      for (const row of exports) {
        for (const filing of filings) if (exportIncludes(row, filing)) add(filing.id, { at: row.at, action: row.action, officeCode: row.office_code });
      }
      for (const list of bySubmission.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
      return bySubmission;
    },
  };
}

export type BackofficePersonalData = ReturnType<typeof createBackofficePersonalData>;
