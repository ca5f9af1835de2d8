// Row types of the document wallet (migrations/0044_document_wallet.sql): one person's kept
// document, its kind, title, expiry date, fingerprint and where it came from.
import type { ColumnType, Selectable } from 'kysely';

export const WALLET_KINDS = ['carta-identita', 'passaporto', 'patente', 'permesso-soggiorno', 'certificato', 'altro'] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

export interface WalletDocumentsTable {
  id: string;
  owner_fiscal_code: string;
  kind: WalletKind;
  title: string;
  /** 'YYYY-MM-DD' (read as text: see the repository), or null */
  expires_on: ColumnType<string | null, string | null | undefined, string | null>;
  original_name: string;
  content_type: string;
  size_bytes: ColumnType<number, number, number>;
  sha256: string;
  storage_key: string;
  source: 'upload' | 'filing';
  source_public_id: string | null;
  source_protocol: string | null;
  created_at: ColumnType<Date, Date, never>;
}

export type WalletDocumentRow = Selectable<WalletDocumentsTable>;
