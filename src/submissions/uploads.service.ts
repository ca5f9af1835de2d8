// Files attached to a draft: each upload is size-limited while it streams in, its type decided
// from its bytes and checked against the field's list, its SHA-256 recorded; a refused file
// leaves nothing behind. The bytes live in the file storage, the row in `attachments`.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DB } from '../db/database.ts';
import { storedFileFits, type FieldDefinition, type FileRef } from '../forms/index.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import * as repo from './attachments.repository.ts';
import type { DraftContext } from './drafts.service.ts';
import { FileTooLargeError, type FileStorage } from './storage.ts';
import type { SignedUploads } from './signatures/signed-uploads.ts';

export const DEFAULT_ACCEPT = ['application/pdf', 'image/jpeg', 'image/png'];
export const DEFAULT_MAX_SIZE_MB = 10;

export type UploadRefusal = 'tooLarge' | 'empty' | 'wrongType' | 'tooMany' | 'unsigned' | 'signatureInvalid' | 'tooManyInFiling';

/** An upload refused: the message key says why, in the person's language. */
export class UploadRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly field: string,
    readonly reason: UploadRefusal,
    readonly fileName: string,
  ) {
    super(`upload refused: ${reason}`);
  }
}

/** A display name for a file: its base name without control characters, never a path. */
export function safeFileName(name: string): string {
  // control characters are exactly what must go
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"<>]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

/** A file the person keeps elsewhere in the portal (their document wallet: src/wallet), offered for reuse. */
export interface SavedFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

/** Finds a saved document of the draft's owner acting for themselves; null for anything else. */
export interface SavedFiles {
  find(owner: { fiscalCode: string; onBehalfOf: string }, id: string): Promise<SavedFile | null>;
}

type CheckRules = { accept: readonly string[]; maxSizeMb: number; field: string };

/**
 * Stores a file outside any draft with the uploads' checks (size while it streams, not empty,
 * type read from the bytes and in `accept`); a refused file leaves nothing. The caller keeps
 * the storage key.
 */
async function storeCheckedFile(storage: FileStorage, upload: { stream: Readable; fileName: string }, rules: CheckRules) {
  const name = safeFileName(upload.fileName);
  let stored;
  try {
    stored = await storage.put(upload.stream, Math.round(rules.maxSizeMb * 1024 * 1024));
  } catch (error) {
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new UploadRefusedError(rules.field, 'tooLarge', name);
    throw error;
  }
  const detected = stored.size === 0 ? undefined : await (await import('file-type')).fileTypeFromBuffer(stored.head);
  if (stored.size === 0 || !detected || !rules.accept.includes(detected.mime)) {
    await storage.delete(stored.key);
    throw new UploadRefusedError(rules.field, stored.size === 0 ? 'empty' : 'wrongType', name);
  }
  return { name, contentType: detected.mime, size: stored.size, sha256: stored.sha256, storageKey: stored.key };
}

export function createUploadsService(db: DB, options: { storage: FileStorage; signatures?: SignedUploads | undefined }) {
  const { storage, signatures } = options;
  // set once at startup by the wallet (src/services.ts); none: nothing saved is ever attached
  let savedFiles: SavedFiles | null = null;
  return {
    useSavedFiles(source: SavedFiles): void {
      savedFiles = source;
    },

    /** Stores a file outside any draft with the uploads' checks (storeCheckedFile). */
    storeChecked: (upload: { stream: Readable; fileName: string }, rules: CheckRules) => storeCheckedFile(storage, upload, rules),

    /**
     * Attaches a saved document to a field of the draft: refused when it does not fit the field
     * (the field registry decides: forms/fields/file.ts), a forged or foreign id is not found.
     * The bytes are copied into the draft's own file (verified by their SHA-256), so the filing
     * keeps them whatever later happens to the saved document.
     */
    async attachSaved(context: DraftContext, field: FieldDefinition, savedId: string, alreadyThere: number): Promise<FileRef> {
      const saved = savedFiles ? await savedFiles.find({ fiscalCode: context.draft.owner_fiscal_code, onBehalfOf: context.draft.on_behalf_of }, savedId) : null;
      if (!saved) throw new NotFoundError('saved document');
      if (alreadyThere >= (field.max ?? 1)) throw new UploadRefusedError(field.name, 'tooMany', saved.name);
      if (!storedFileFits(field, saved)) throw new UploadRefusedError(field.name, 'wrongType', saved.name);
      const stored = await storage.put(await storage.get(saved.storageKey), saved.size);
      if (stored.sha256 !== saved.sha256 || stored.size !== saved.size) {
        await storage.delete(stored.key);
        throw new Error('saved document does not match its fingerprint');
      }
      const id = randomUUID();
      await repo
        .insertAttachment(db, { id, ownerFiscalCode: context.draft.owner_fiscal_code, draftId: context.draft.id, fieldName: field.name, originalName: saved.name, contentType: saved.contentType, sizeBytes: saved.size, sha256: saved.sha256, storageKey: stored.key, walletDocumentId: saved.id })
        .catch(async (error: unknown) => {
          await storage.delete(stored.key);
          throw error;
        });
      return { id, name: saved.name, size: saved.size, contentType: saved.contentType, sha256: saved.sha256 };
    },

    /**
     * Stores one uploaded file for a field of the draft, the `alreadyThere`+1-th of that field:
     * refused past the field's count, size or types.
     */
    async storeUpload(context: DraftContext, field: FieldDefinition, upload: { stream: Readable; fileName: string }, alreadyThere: number): Promise<FileRef> {
      const name = safeFileName(upload.fileName);
      const max = field.max ?? 1;
      if (alreadyThere >= max) {
        upload.stream.resume();
        throw new UploadRefusedError(field.name, 'tooMany', name);
      }
      const maxBytes = Math.round((field.maxSizeMb ?? DEFAULT_MAX_SIZE_MB) * 1024 * 1024);
      let stored;
      try {
        stored = await storage.put(upload.stream, maxBytes);
      } catch (error) {
        if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new UploadRefusedError(field.name, 'tooLarge', name);
        }
        throw error;
      }
      const refuse = async (reason: 'empty' | 'wrongType' | 'unsigned' | 'signatureInvalid') => {
        await storage.delete(stored.key);
        throw new UploadRefusedError(field.name, reason, name);
      };
      if (stored.size === 0) return refuse('empty');
      const accept = field.accept ?? DEFAULT_ACCEPT;
      // a field that asks for signed files has its own reading (signatures/signed-uploads.ts)
      const signed = field.signature && signatures ? await signatures.inspect(field, stored, accept) : null;
      if (signed && 'refused' in signed) return refuse(signed.refused);
      // file-type loads at the first upload, not at boot (memory at rest)
      const detected = signed ?? (await (await import('file-type')).fileTypeFromBuffer(stored.head));
      if (!detected || !(signed || accept.includes(detected.mime))) return refuse('wrongType');
      const id = randomUUID();
      // a row that cannot be written leaves no bytes behind either
      await repo.insertAttachment(db, {
        id,
        ownerFiscalCode: context.draft.owner_fiscal_code,
        draftId: context.draft.id,
        fieldName: field.name,
        originalName: name,
        contentType: detected.mime,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
      }).catch(async (error: unknown) => {
        await storage.delete(stored.key);
        throw error;
      });
      // the verified signature goes with the row; failing, neither stays
      if (signed) {
        await signatures!.record(db, id, signed).catch(async (error: unknown) => {
          await repo.deleteDraftAttachment(db, context.draft.id, id);
          await storage.delete(stored.key);
          throw error;
        });
      }
      return { id, name, size: stored.size, contentType: detected.mime, sha256: stored.sha256, ...(signed?.signature ? { signature: signed.signature } : {}) };
    },

    async removeUpload(context: DraftContext, fileId: string): Promise<void> {
      const key = await repo.deleteDraftAttachment(db, context.draft.id, fileId);
      if (key) await storage.delete(key);
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;
