// Hash chains for the append-only logs (a filing's event log, the staff audit log, the
// administrators' changes, the payment status changes): each entry carries the SHA-256 of the
// previous entry's hash and its own content in a canonical form (keys sorted, dates as ISO
// strings), so that changing, removing or reordering a stored entry breaks every hash after it.
// The three logs that are one chain each also keep the chain's head (entries and last hash) in
// audit_chain_heads, moved by appendToChain in the appending transaction: a removed newest
// entry, which breaks no link, no longer matches the head. The owners' repositories store their
// own rows; the verify command (src/backoffice/audit-verify.ts) recomputes everything.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { lockChainHead, moveChainHead, type ChainName } from './chain-heads.repository.ts';

// the heads, read by the verify command (the chains' owners move them only through appendToChain)
export { chainHeads, type ChainHead, type ChainName } from './chain-heads.repository.ts';

/** The "previous hash" of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level; undefined members dropped, Dates as ISO. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('a hashed value must be a finite number');
  return JSON.stringify(value);
}

export function chainHash(previousHash: string, content: unknown): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(content)).digest('hex');
}

export interface ChainLink {
  /** How the entry is named in a report (e.g. "filing 42, event 3"). */
  label: string;
  prevHash: string;
  hash: string;
  content: unknown;
}

/** An entry of a chain as its owner reads it back for the verify command, in chain order. */
export interface LinkRow {
  id: number;
  /** null for an entry written before its log was chained (it must precede the first link) */
  prevHash: string | null;
  hash: string | null;
  content: unknown;
}

export type ChainBreak = { label: string; problem: 'content changed' | 'link broken' };

/**
 * Walks links in chain order from `previous` and returns the first break, or null. A changed
 * entry fails its own hash; a removed or reordered one fails the next entry's link.
 */
export function firstBreak(links: Iterable<ChainLink>, previous = GENESIS_HASH): ChainBreak | null {
  let expected = previous;
  for (const link of links) {
    if (link.prevHash !== expected) return { label: link.label, problem: 'link broken' };
    if (chainHash(link.prevHash, link.content) !== link.hash) return { label: link.label, problem: 'content changed' };
    expected = link.hash;
  }
  return null;
}

/**
 * Appends one entry to a chain: locks the chain's head (so two appends at once cannot fork
 * it), lets the owner's repository write its row linked to the head's hash (`write` returns
 * the hash it stored), and moves the head, all in one transaction (the caller's, or its own).
 * The head, not the table's last row, gives the previous hash: an entry appended after the
 * newest one was removed does not link, and the verify command says so.
 */
export async function appendToChain<T>(db: Kysely<Database>, chain: ChainName, write: (trx: Kysely<Database>, prevHash: string) => Promise<{ hash: string; value: T }>): Promise<T> {
  const run = async (trx: Kysely<Database>) => {
    const head = await lockChainHead(trx, chain);
    const { hash, value } = await write(trx, head.hash);
    await moveChainHead(trx, chain, head.seq + 1, hash);
    return value;
  };
  return db.isTransaction ? run(db) : db.transaction().execute((trx: Transaction<Database>) => run(trx));
}
