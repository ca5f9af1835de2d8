// An attachment's signature as the pages show it: the outcome recorded at upload (never
// recomputed), with the badge's look. The badge always carries its text (Firma valida, Firma
// non valida, Certificato scaduto, Emittente non attendibile...), its colour only repeats it.
import type { DB } from '../../db/database.ts';
import * as repo from './signatures.repository.ts';
import type { AttachmentSignatureRow } from './signatures.table.ts';
import type { SignatureStatus } from './verify.ts';

const TONES: Record<SignatureStatus, 'success' | 'danger' | 'warning'> = { valid: 'success', invalid: 'danger', expired: 'warning', not_yet_valid: 'warning', untrusted: 'warning' };

export interface SignatureView extends AttachmentSignatureRow {
  /** the key of the badge's text: signatures.status.<status> */
  statusKey: string;
  tone: 'success' | 'danger' | 'warning';
}

/** The signatures of these attachments, by attachment id (an unsigned attachment has none). */
export async function attachmentSignatures(db: DB, attachmentIds: readonly string[]): Promise<Map<string, SignatureView>> {
  const rows = await repo.signaturesOf(db, attachmentIds);
  return new Map([...rows].map(([id, row]) => [id, { ...row, statusKey: `signatures.status.${row.status}`, tone: TONES[row.status] }]));
}
