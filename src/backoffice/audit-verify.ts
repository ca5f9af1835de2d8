// Verifies the hash chains: every filing's event log (each event's hash over its content and
// the previous hash, sequence numbers without gaps, the head the case records), and the three
// logs that are one chain each, in id order, against the head recorded in audit_chain_heads:
// the staff audit log (backoffice), the administrators' changes (admin) and the payment status
// changes (payments). Reports the first broken link of each, so that an auditor knows where
// tampering (or a restore from a bad copy) begins.
import { adminAuditLinksAfter } from '../admin/audit.ts';
import type { DB } from '../db/database.ts';
import { transitionLinksAfter } from '../payments/transition-chain.ts';
import { auditLinksAfter } from './audit-log.repository.ts';
import { caseHeadsAfter, eventContent, eventsAfter } from './case.repository.ts';
import { chainHash, chainHeads, GENESIS_HASH, type ChainHead, type ChainName, type LinkRow } from '../platform/hash-chain.ts';

export interface BrokenLink {
  log: 'events' | ChainName;
  /** the filing (events) */
  submissionId?: number;
  seq?: number;
  /** the entry's id (a chain's table) */
  entryId?: number;
  problem:
    | 'content changed'
    | 'link broken'
    | 'sequence gap'
    | 'head mismatch'
    | 'missing events'
    | 'newest entries missing'
    | 'head missing'
    | 'entry outside the chain';
}

export interface VerifyReport {
  filings: number;
  events: number;
  /** entries of the staff audit log */
  auditEntries: number;
  /** entries of each chained log */
  chains: Record<ChainName, number>;
  /** the first broken link of the event logs, and of each chained log; empty when intact */
  broken: BrokenLink[];
}

/** Each chained log, read through its owner. */
const CHAIN_SOURCES: ReadonlyArray<{ chain: ChainName; linksAfter: (db: DB, afterId: number, limit: number) => Promise<LinkRow[]> }> = [
  { chain: 'audit_log', linksAfter: auditLinksAfter },
  { chain: 'admin_audit', linksAfter: adminAuditLinksAfter },
  { chain: 'payment_transitions', linksAfter: transitionLinksAfter },
];

const CHAIN_LABELS: Record<ChainName, string> = {
  audit_log: 'staff audit log (audit_log)',
  admin_audit: 'administration audit log (admin_audit)',
  payment_transitions: 'payment status log (payment_transitions)',
};

const PAGE = 5000;

export async function verifyChains(db: DB): Promise<VerifyReport> {
  const report: VerifyReport = { filings: 0, events: 0, auditEntries: 0, chains: { audit_log: 0, admin_audit: 0, payment_transitions: 0 }, broken: [] };
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

  const recordedHeads = await chainHeads(db);
  for (const source of CHAIN_SOURCES) {
    const checked = await verifyChain(db, source.chain, source.linksAfter, recordedHeads.get(source.chain));
    report.chains[source.chain] = checked.entries;
    if (checked.broken) report.broken.push(checked.broken);
  }
  report.auditEntries = report.chains.audit_log;
  return report;
}

/**
 * One log that is one chain, in id order: entries from before the log was chained first, then
 * every link; the last link must be the head's (a removed newest entry breaks no link).
 */
async function verifyChain(db: DB, chain: ChainName, linksAfter: (db: DB, afterId: number, limit: number) => Promise<LinkRow[]>, head: ChainHead | undefined) {
  let expected = GENESIS_HASH;
  let entries = 0;
  let linked = 0;
  let lastId: number | undefined;
  let broken: BrokenLink | null = null;
  for (let after = 0; ; ) {
    const rows = await linksAfter(db, after, PAGE);
    if (rows.length === 0) break;
    for (const r of rows) {
      entries++;
      if (broken) continue;
      if (r.hash === null || r.prevHash === null) {
        if (linked > 0) broken = { log: chain, entryId: r.id, problem: 'entry outside the chain' };
        continue;
      }
      linked++;
      lastId = r.id;
      if (r.prevHash !== expected) broken = { log: chain, entryId: r.id, problem: 'link broken' };
      else if (chainHash(r.prevHash, r.content) !== r.hash) broken = { log: chain, entryId: r.id, problem: 'content changed' };
      expected = r.hash;
    }
    after = rows[rows.length - 1]!.id;
  }
  if (!broken) {
    const at = lastId === undefined ? {} : { entryId: lastId };
    if (!head) {
      if (linked > 0) broken = { log: chain, ...at, problem: 'head missing' };
    } else if (linked < head.seq) broken = { log: chain, ...at, problem: 'newest entries missing' };
    else if (linked !== head.seq || expected !== head.hash) broken = { log: chain, ...at, problem: 'head mismatch' };
  }
  return { entries, broken };
}

export function describeBreak(b: BrokenLink): string {
  if (b.log === 'events') return `event log of filing ${b.submissionId}, event ${b.seq}: ${b.problem}`;
  return `${CHAIN_LABELS[b.log]}${b.entryId === undefined ? '' : `, entry ${b.entryId}`}: ${b.problem}`;
}
