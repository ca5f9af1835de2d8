-- The document wallet (src/wallet, docs/document-wallet.md): the documents a person keeps in the
-- personal area to reuse in later filings. Each row is one file of one person, with its kind,
-- title, optional expiry date and fingerprint; where it came from (uploaded on the wallet page,
-- or saved from one of the person's filings). The bytes live in the file storage under their
-- own key: a filing that reuses a document gets its own copy (same SHA-256), so deleting the
-- document never takes anything from a filing.
create table wallet_documents (
  id uuid primary key,
  owner_fiscal_code text not null,
  kind text not null check (kind in ('carta-identita', 'passaporto', 'patente', 'permesso-soggiorno', 'certificato', 'altro')),
  title text not null check (length(title) between 1 and 200),
  -- the document's own expiry date (calendar date), when it has one
  expires_on date,
  original_name text not null,
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null,
  -- 'upload' (on the wallet page) or 'filing' (saved from an attachment of the person's filing)
  source text not null check (source in ('upload', 'filing')),
  source_public_id uuid,
  source_protocol text,
  created_at timestamptz not null
);
create index wallet_documents_owner on wallet_documents (owner_fiscal_code, created_at);
create index wallet_documents_expiry on wallet_documents (expires_on) where expires_on is not null;

-- A filing's file taken from the wallet names the document it came from (kept after the
-- document is deleted: no foreign key) beside its own sha256, which is the document's.
alter table attachments add column wallet_document_id uuid;
