// All the SQL of the `wallet_documents` table: a person's kept documents, always read and
// deleted through their owner's fiscal code (another person's id finds nothing).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { WalletDocumentRow, WalletKind } from './wallet.table.ts';

type Db = Kysely<Database>;

export interface NewWalletDocument {
  id: string;
  ownerFiscalCode: string;
  kind: WalletKind;
  title: string;
  expiresOn: string | null;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  source: 'upload' | 'filing';
  sourcePublicId: string | null;
  sourceProtocol: string | null;
  createdAt: Date;
}

// dates as 'YYYY-MM-DD' text on both engines, whatever the driver's date parsing
const COLUMNS = [
  'id',
  'owner_fiscal_code',
  'kind',
  'title',
  sql<string | null>`to_char(expires_on, 'YYYY-MM-DD')`.as('expires_on'),
  'original_name',
  'content_type',
  'size_bytes',
  'sha256',
  'storage_key',
  'source',
  'source_public_id',
  'source_protocol',
  'created_at',
] as const;

export async function insertDocument(db: Db, row: NewWalletDocument): Promise<void> {
  await db
    .insertInto('wallet_documents')
    .values({
      id: row.id,
      owner_fiscal_code: row.ownerFiscalCode,
      kind: row.kind,
      title: row.title,
      expires_on: row.expiresOn,
      original_name: row.originalName,
      content_type: row.contentType,
      size_bytes: row.sizeBytes,
      sha256: row.sha256,
      storage_key: row.storageKey,
      source: row.source,
      source_public_id: row.sourcePublicId,
      source_protocol: row.sourceProtocol,
      created_at: row.createdAt,
    })
    .execute();
}

export async function ownerDocuments(db: Db, ownerFiscalCode: string): Promise<WalletDocumentRow[]> {
  return db.selectFrom('wallet_documents').select(COLUMNS).where('owner_fiscal_code', '=', ownerFiscalCode).orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function ownerDocument(db: Db, ownerFiscalCode: string, id: string): Promise<WalletDocumentRow | undefined> {
  return db.selectFrom('wallet_documents').select(COLUMNS).where('owner_fiscal_code', '=', ownerFiscalCode).where('id', '=', id).executeTakeFirst();
}

/** Deletes one of the owner's documents; returns its storage key (none: not theirs, or gone). */
export async function deleteOwnerDocument(db: Db, ownerFiscalCode: string, id: string): Promise<string | undefined> {
  const row = await db.deleteFrom('wallet_documents').where('owner_fiscal_code', '=', ownerFiscalCode).where('id', '=', id).returning('storage_key').executeTakeFirst();
  return row?.storage_key;
}

/** Deletes the documents that expired before `day` ('YYYY-MM-DD'); returns their storage keys. */
export async function deleteExpiredBefore(db: Db, day: string): Promise<string[]> {
  const rows = await db.deleteFrom('wallet_documents').where('expires_on', 'is not', null).where('expires_on', '<', day).returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}
