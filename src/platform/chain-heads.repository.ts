// The heads of the audit hash chains (`audit_chain_heads`): for each chain, how many entries it
// has and the hash of the last one. Read and moved only through hash-chain.ts, in the
// transaction that appends to the chain; the row lock on a head is what serializes appends.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/** The logs that are one hash chain each, by the table that holds their entries. */
export const CHAINS = ['audit_log', 'admin_audit', 'payment_transitions'] as const;
export type ChainName = (typeof CHAINS)[number];

export interface ChainHead {
  chain: ChainName;
  seq: number;
  hash: string;
}

const EMPTY_HASH = '0'.repeat(64);

/** The chain's head, locked until the transaction ends (made empty if it was never written). */
export async function lockChainHead(trx: Db, chain: ChainName): Promise<ChainHead> {
  const locked = () => trx.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).where('chain', '=', chain).forUpdate().executeTakeFirst();
  let head = await locked();
  if (!head) {
    await trx.insertInto('audit_chain_heads').values({ chain, seq: 0, hash: EMPTY_HASH }).onConflict((oc) => oc.column('chain').doNothing()).execute();
    head = await locked();
  }
  return { chain, seq: Number(head!.seq), hash: head!.hash };
}

export async function moveChainHead(trx: Db, chain: ChainName, seq: number, hash: string): Promise<void> {
  await trx.updateTable('audit_chain_heads').set({ seq, hash, updated_at: sql<Date>`now()` }).where('chain', '=', chain).execute();
}

export async function chainHeads(db: Db): Promise<Map<ChainName, ChainHead>> {
  const rows = await db.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).execute();
  return new Map(rows.map((r) => [r.chain, { chain: r.chain, seq: Number(r.seq), hash: r.hash }]));
}
