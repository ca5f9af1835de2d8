// Verifies the hash chains: every filing's event log (each event's hash over its content and
// the previous hash, sequence numbers without gaps, the head the case records) and the staff
// audit log (one chain in id order). Reports the first broken link of each, so that an
// auditor knows where tampering (or a restore from a bad copy) begins.
import type { DB } from '../db/database.ts';
import { auditAfter, auditContent } from './audit-log.repository.ts';
import { caseHeadsAfter, eventContent, eventsAfter } from './case.repository.ts';
import { chainHash, GENESIS_HASH } from './hash-chain.ts';

export interface BrokenLink {
  log: 'events' | 'audit';
  /** filing id (events) or entry id (audit) */
  submissionId?: number;
  seq?: number;
  auditId?: number;
  problem: 'content changed' | 'link broken' | 'sequence gap' | 'head mismatch' | 'missing events';
}

export interface VerifyReport {
  filings: number;
  events: number;
  auditEntries: number;
  /** the first broken link of the event logs, and of the audit log; empty when intact */
  broken: BrokenLink[];
}

const PAGE = 5000;

export async function verifyChains(db: DB): Promise<VerifyReport> {
  const report: VerifyReport = { filings: 0, events: 0, auditEntries: 0, broken: [] };
  let eventBreak: BrokenLink | null = null;

  // heads as the cases record them, to catch a chain cut short at its end
  const heads = new Map<number, { seq: number; hash: string }>();
  for (let after = 0; ; ) {
    const rows = await caseHeadsAfter(db, after, PAGE);
    if (rows.length === 0) break;
    for (const r of rows) heads.set(Number(r.submission_id), { seq: r.last_event_seq, hash: r.last_event_hash });
    after = Number(rows[rows.length - 1]!.submission_id);
  }
  report.filings = heads.size;

  let current: number | null = null;
  let expectedSeq = 1;
  let previous = GENESIS_HASH;
  const seen = new Set<number>();
  const closeChain = (id: number) => {
    const head = heads.get(id);
    if (!eventBreak && head && (head.seq !== expectedSeq - 1 || head.hash !== previous)) eventBreak = { log: 'events', submissionId: id, seq: expectedSeq - 1, problem: 'head mismatch' };
  };
  for (let after = { submissionId: 0, seq: 0 }; ; ) {
    const rows = await eventsAfter(db, after, PAGE);
    if (rows.length === 0) break;
    for (const e of rows) {
      const id = Number(e.submission_id);
      if (id !== current) {
        if (current !== null) closeChain(current);
        current = id;
        seen.add(id);
        expectedSeq = 1;
        previous = GENESIS_HASH;
      }
      report.events++;
      if (eventBreak) continue;
      if (e.seq !== expectedSeq) eventBreak = { log: 'events', submissionId: id, seq: e.seq, problem: 'sequence gap' };
      else if (e.prev_hash !== previous) eventBreak = { log: 'events', submissionId: id, seq: e.seq, problem: 'link broken' };
      else if (chainHash(e.prev_hash, eventContent(e)) !== e.hash) eventBreak = { log: 'events', submissionId: id, seq: e.seq, problem: 'content changed' };
      expectedSeq = e.seq + 1;
      previous = e.hash;
    }
    const last = rows[rows.length - 1]!;
    after = { submissionId: Number(last.submission_id), seq: last.seq };
  }
  if (current !== null) closeChain(current);
  if (!eventBreak) {
    for (const [id, head] of heads) {
      if (head.seq > 0 && !seen.has(id)) {
        eventBreak = { log: 'events', submissionId: id, seq: 1, problem: 'missing events' };
        break;
      }
    }
  }
  if (eventBreak) report.broken.push(eventBreak);

  let auditPrevious = GENESIS_HASH;
  let auditBreak: BrokenLink | null = null;
  for (let after = 0; ; ) {
    const rows = await auditAfter(db, after, PAGE);
    if (rows.length === 0) break;
    for (const a of rows) {
      report.auditEntries++;
      if (!auditBreak) {
        if (a.prev_hash !== auditPrevious) auditBreak = { log: 'audit', auditId: Number(a.id), problem: 'link broken' };
        else if (chainHash(a.prev_hash, auditContent(a)) !== a.hash) auditBreak = { log: 'audit', auditId: Number(a.id), problem: 'content changed' };
      }
      auditPrevious = a.hash;
    }
    after = Number(rows[rows.length - 1]!.id);
  }
  if (auditBreak) report.broken.push(auditBreak);
  return report;
}

export function describeBreak(b: BrokenLink): string {
  return b.log === 'events' ? `event log of filing ${b.submissionId}, event ${b.seq}: ${b.problem}` : `audit log entry ${b.auditId}: ${b.problem}`;
}
