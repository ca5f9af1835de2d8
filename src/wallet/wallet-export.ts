// A wallet document as the export of a person's data presents it (the personal data export
// adds it as a section): its facts, and a way to read its bytes, never the storage key.
import type { FileStorage } from '../submissions/storage.ts';
import type { WalletDocumentRow } from './wallet.table.ts';

export function exportEntry(storage: FileStorage, d: WalletDocumentRow & { expired: boolean }) {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    expiresOn: d.expires_on,
    expired: d.expired,
    fileName: d.original_name,
    contentType: d.content_type,
    sizeBytes: d.size_bytes,
    sha256: d.sha256,
    addedAt: d.created_at,
    source: d.source,
    sourceProtocol: d.source_protocol,
    open: () => storage.get(d.storage_key),
  };
}

export type WalletExportEntry = ReturnType<typeof exportEntry>;
