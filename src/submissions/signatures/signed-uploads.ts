// Uploads to a field that asks for digitally signed files (`signature` in its definition): the
// whole file is read back from the storage and its signature verified once, at upload; the
// outcome is what the attachment keeps (attachment_signatures) and what its reference says.
// The rule (docs/signatures.md): a file whose signature does not hold (broken, or content or
// signature changed) is refused, as is an unsigned file where a signature is required; a
// signature that holds but whose certificate is expired, not yet valid or from an issuer the
// portal does not trust is accepted and marked, because the office decides what it is worth.
import type { DB } from '../../db/database.ts';
import type { FieldDefinition, FileSignature } from '../../forms/index.ts';
import type { Clock } from '../../platform/time.ts';
import type { FileStorage, StoredObject } from '../storage.ts';
import { parseCertificates } from './certificates.ts';
import * as repo from './signatures.repository.ts';
import { verifySignedFile, type SignatureVerification } from './verify.ts';

/** What an upload to a signature field comes to: its type and signature, or why it is refused. */
export type SignedInspection = { mime: string; signature: FileSignature | null; verification: SignatureVerification | null } | { refused: 'wrongType' | 'unsigned' | 'signatureInvalid' };

export const P7M_TYPE = 'application/pkcs7-mime';

async function readAll(storage: FileStorage, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.get(key)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export function createSignedUploads(options: { storage: FileStorage; trustedCas: readonly Uint8Array[]; clock: Clock }) {
  const { storage, clock } = options;
  // parsed at the first signed upload, not at boot (memory at rest)
  let trusted: ReturnType<typeof parseCertificates> | undefined;
  const trustedCas = () => (trusted ??= parseCertificates(options.trustedCas));

  return {
    /** Verifies a stored upload for a field with `signature`, against the field's accepted types. */
    async inspect(field: FieldDefinition, stored: StoredObject, accept: readonly string[]): Promise<SignedInspection> {
      const { fileTypeFromBuffer } = await import('file-type');
      const detected = await fileTypeFromBuffer(stored.head);
      const pdf = detected?.mime === 'application/pdf';
      const verification = await verifySignedFile(await readAll(storage, stored.key), { trustedCas: trustedCas(), now: clock(), pdf });
      if (!verification) {
        if (field.signature === 'required') return { refused: 'unsigned' };
        return detected && accept.includes(detected.mime) ? { mime: detected.mime, signature: null, verification: null } : { refused: 'wrongType' };
      }
      if (verification.status === 'invalid') return { refused: 'signatureInvalid' };
      // what was signed must itself be of an accepted type: a .p7m's content, or the PDF
      const signedType = verification.content ? (await fileTypeFromBuffer(verification.content))?.mime : detected?.mime;
      if (!signedType || !accept.includes(signedType)) return { refused: 'wrongType' };
      return {
        mime: verification.format === 'cades' ? P7M_TYPE : signedType,
        signature: { status: verification.status, signer: verification.signer?.name ?? null, contentType: signedType },
        verification,
      };
    },

    /** Keeps the outcome with the attachment (in the caller's transaction). */
    async record(db: DB, attachmentId: string, inspection: Extract<SignedInspection, { mime: string }>): Promise<void> {
      const v = inspection.verification;
      if (!v) return;
      await repo.insertSignature(db, {
        attachment_id: attachmentId,
        format: v.format,
        status: v.status,
        problem: v.problem,
        signer_name: v.signer?.name ?? null,
        signer_fiscal_code: v.signer?.fiscalCode ?? null,
        issuer: v.signer?.issuer ?? null,
        certificate_serial: v.signer?.serial ?? null,
        not_before: v.signer?.notBefore ?? null,
        not_after: v.signer?.notAfter ?? null,
        signing_time: v.signingTime,
        content_type: inspection.signature?.contentType ?? null,
        verified_at: clock(),
      });
    },
  };
}

export type SignedUploads = ReturnType<typeof createSignedUploads>;
