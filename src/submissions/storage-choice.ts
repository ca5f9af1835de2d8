// The file storage the configuration names (STORAGE=disk|s3): the one place where the choice
// is made; everything else sees the FileStorage interface.
import type { StorageConfig } from '../config.ts';
import { LocalFileStorage, type FileStorage } from './storage.ts';
import { S3FileStorage } from './storage-s3.ts';

export function createStorage(config: StorageConfig): FileStorage {
  return config.kind === 's3' ? new S3FileStorage(config) : new LocalFileStorage(config.dir);
}
