// The document wallet: the documents a person keeps in the personal area to reuse in later
// filings. A document comes in by an upload on the wallet page (the uploads' own checks) or
// is saved from an attachment of one of the person's filings; either way it gets its own copy
// of the bytes, checked against the SHA-256. It is always the logged-in natural person's own:
// every read and delete goes through the owner's fiscal code, so another person's id is not
// found. Offering documents in a form's file fields is in wallet-offers.ts.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import { FILE_DEFAULTS } from '../forms/index.ts';
import type { FileStorage } from '../submissions/storage.ts';
import type { Applicant, SubmissionsService } from '../submissions/submissions.service.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import * as repo from './wallet.repository.ts';
import { exportEntry } from './wallet-export.ts';
import { actsForThemselves, recentFilingAttachments } from './wallet-filings.ts';
import type { WalletDocumentRow, WalletKind } from './wallet.table.ts';

/** A document with an expiry date is deleted this many months (of 30 days) after it: docs/document-wallet.md. */
export const KEEP_AFTER_EXPIRY_MONTHS = 6;

export interface WalletPerson {
  fiscalCode: string;
}

export interface DocumentFacts {
  kind: WalletKind;
  title: string;
  expiresOn: string | null;
}

export type WalletDocument = WalletDocumentRow & { expired: boolean };


export function createWalletService(db: DB, options: { storage: FileStorage; submissions: SubmissionsService; clock: Clock }) {
  const { storage, submissions, clock } = options;
  const today = () => romeDate(clock());
  const withExpiry = (row: WalletDocumentRow, day: string): WalletDocument => ({ ...row, expired: row.expires_on !== null && row.expires_on < day });

  /** Copies stored bytes under a new key and checks they are the ones fingerprinted. */
  async function copyVerified(stream: Readable, expected: { sha256: string; size: number }): Promise<string> {
    const stored = await storage.put(stream, expected.size);
    if (stored.sha256 !== expected.sha256 || stored.size !== expected.size) {
      await storage.delete(stored.key);
      throw new Error('copied file does not match its fingerprint');
    }
    return stored.key;
  }

  async function insertOrDropBlob(row: repo.NewWalletDocument): Promise<void> {
    await repo.insertDocument(db, row).catch(async (error: unknown) => {
      await storage.delete(row.storageKey);
      throw error;
    });
  }

  return {
    today,

    /** The person's documents, newest first, each marked expired or not (by the date in Rome). */
    async list(person: WalletPerson): Promise<WalletDocument[]> {
      const day = today();
      return (await repo.ownerDocuments(db, person.fiscalCode)).map((row) => withExpiry(row, day));
    },

    /** One of the person's documents; 404 for anyone else's id. */
    async get(person: WalletPerson, id: string): Promise<WalletDocument> {
      const row = await repo.ownerDocument(db, person.fiscalCode, id);
      if (!row) throw new NotFoundError('wallet document');
      return withExpiry(row, today());
    },

    async download(person: WalletPerson, id: string): Promise<{ document: WalletDocument; stream: Readable }> {
      const document = await this.get(person, id);
      return { document, stream: await storage.get(document.storage_key) };
    },

    /**
     * Stores an uploaded file with the portal's upload checks (types and size of a file field
     * that says nothing: PDF, JPEG, PNG up to 10 MB). Throws UploadRefusedError, leaving nothing.
     * The facts are checked by the caller before the bytes arrive or after (then `discard`).
     */
    async storeUpload(upload: { stream: Readable; fileName: string }) {
      return submissions.storeChecked(upload, { accept: FILE_DEFAULTS.accept, maxSizeMb: FILE_DEFAULTS.maxSizeMb, field: 'file' });
    },

    /** A stored upload whose form was refused goes. */
    discard: (storageKey: string) => storage.delete(storageKey),

    async addUpload(person: WalletPerson, stored: Awaited<ReturnType<SubmissionsService['storeChecked']>>, facts: DocumentFacts): Promise<string> {
      const id = randomUUID();
      await insertOrDropBlob({ id, ownerFiscalCode: person.fiscalCode, ...facts, originalName: stored.name, contentType: stored.contentType, sizeBytes: stored.size, sha256: stored.sha256, storageKey: stored.storageKey, source: 'upload', sourcePublicId: null, sourceProtocol: null, createdAt: clock() });
      return id;
    },

    /**
     * Saves an attachment of one of the person's own filings (acting for themselves; anything
     * else is not found) as a document of kind "altro" titled with the file's name.
     */
    async saveFromFiling(applicant: Applicant, publicId: string, attachmentId: string): Promise<string> {
      if (!actsForThemselves(applicant)) throw new NotFoundError('attachment');
      const { file, stream } = await submissions.ownAttachment(applicant, publicId, attachmentId);
      const own = (await submissions.ownSubmission(applicant, publicId)).protocol;
      const storageKey = await copyVerified(stream, { sha256: file.sha256, size: file.size_bytes });
      const id = randomUUID();
      await insertOrDropBlob({
        id,
        ownerFiscalCode: applicant.filer.fiscalCode,
        kind: 'altro',
        title: file.original_name.slice(0, 200),
        expiresOn: null,
        originalName: file.original_name,
        contentType: file.content_type,
        sizeBytes: file.size_bytes,
        sha256: file.sha256,
        storageKey,
        source: 'filing',
        sourcePublicId: publicId,
        sourceProtocol: own ? `${protocolNumberText(own.number)}/${own.year}` : null,
        createdAt: clock(),
      });
      return id;
    },

    /** The attachments of the person's own recent filings, to save (wallet-filings.ts). */
    filingAttachments: (applicant: Applicant) => recentFilingAttachments(db, submissions, applicant),

    /** Deletes one of the person's documents and its bytes; the copies in filings stay. 404 for anyone else's. */
    async remove(person: WalletPerson, id: string): Promise<void> {
      const key = await repo.deleteOwnerDocument(db, person.fiscalCode, id);
      if (!key) throw new NotFoundError('wallet document');
      await storage.delete(key);
    },

    /** The periodic clean-up: documents expired more than KEEP_AFTER_EXPIRY_MONTHS ago go. */
    async purgeExpired(): Promise<number> {
      const keys = await repo.deleteExpiredBefore(db, addDays(today(), -30 * KEEP_AFTER_EXPIRY_MONTHS));
      for (const key of keys) await storage.delete(key);
      return keys.length;
    },

    /** The person's documents for the export of their data (src/wallet/wallet-export.ts). */
    async listForExport(person: WalletPerson) {
      return (await this.list(person)).map((d) => exportEntry(storage, d));
    },
  };
}

export type WalletService = ReturnType<typeof createWalletService>;
