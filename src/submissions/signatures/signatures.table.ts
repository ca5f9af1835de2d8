// Row type of an attachment's verified signature (migrations/0036_attachment_signatures.sql).
import type { Selectable } from 'kysely';
import type { SignatureProblem, SignatureStatus } from './verify.ts';

export interface AttachmentSignaturesTable {
  attachment_id: string;
  format: 'cades' | 'pades';
  status: SignatureStatus;
  problem: SignatureProblem | null;
  signer_name: string | null;
  signer_fiscal_code: string | null;
  issuer: string | null;
  certificate_serial: string | null;
  not_before: Date | null;
  not_after: Date | null;
  signing_time: Date | null;
  content_type: string | null;
  verified_at: Date;
}

export type AttachmentSignatureRow = Selectable<AttachmentSignaturesTable>;
