// Hash chains for the append-only logs (a filing's event log, the staff audit log): each entry
// carries the SHA-256 of the previous entry's hash and its own content in a canonical form
// (keys sorted, dates as ISO strings), so that changing, removing or reordering a stored entry
// breaks every hash after it. Pure: the repositories store the hashes, the verify command
// (audit-verify.ts) recomputes them.
import { createHash } from 'node:crypto';

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
