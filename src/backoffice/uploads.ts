// Files that clerks and applicants add to a filing after it was filed (attachments of messages
// and answers, the signed decision): streamed into the same storage as the filing's
// attachments, size-limited while streaming, the type decided from the bytes, the SHA-256
// recorded. A refused file leaves nothing behind.
import type { Readable } from 'node:stream';
import { DomainError } from '../platform/errors.ts';
import { FileTooLargeError, type FileStorage } from '../submissions/storage.ts';
import { safeFileName } from '../submissions/submissions.service.ts';

export const MESSAGE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const DECISION_FILE_TYPES = ['application/pdf'];
export const MAX_FILE_MB = 20;
export const MAX_FILES = 5;

export interface StoredUpload {
  key: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
}

export class CaseUploadRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly reason: 'tooLarge' | 'empty' | 'wrongType' | 'tooMany',
    readonly fileName: string,
  ) {
    super(`upload refused: ${reason}`);
  }
}

export async function storeCaseUpload(storage: FileStorage, stream: Readable, fileName: string, accept: readonly string[]): Promise<StoredUpload> {
  const name = safeFileName(fileName);
  let stored;
  try {
    stored = await storage.put(stream, MAX_FILE_MB * 1024 * 1024);
  } catch (error) {
    if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new CaseUploadRefusedError('tooLarge', name);
    throw error;
  }
  if (stored.size === 0) {
    await storage.delete(stored.key);
    throw new CaseUploadRefusedError('empty', name);
  }
  // file-type loads at the first upload, not at boot (memory at rest)
  const detected = await (await import('file-type')).fileTypeFromBuffer(stored.head);
  if (!detected || !accept.includes(detected.mime)) {
    await storage.delete(stored.key);
    throw new CaseUploadRefusedError('wrongType', name);
  }
  return { key: stored.key, name, size: stored.size, sha256: stored.sha256, contentType: detected.mime };
}

export async function discardUploads(storage: FileStorage, uploads: readonly StoredUpload[]): Promise<void> {
  await Promise.all(uploads.map((u) => storage.delete(u.key).catch(() => {})));
}
