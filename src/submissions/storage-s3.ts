// Attachment bytes in an S3-compatible object store (Amazon S3, MinIO, Ceph, Garage...), so
// that several portal processes share them. The client library is loaded on first use, and
// only when the configuration asks for S3, so a portal on the local disk never pays for it.
// An upload is first streamed through the size meter into a temporary file: a refused or
// broken upload never reaches the store, and the store gets one PUT of known length.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3StorageConfig } from '../config.ts';
import { checkKey, newKey, writeMetered, type FileStorage, type StoredObject } from './storage.ts';

type Sdk = typeof import('@aws-sdk/client-s3');

export class S3FileStorage implements FileStorage {
  private connection: Promise<{ sdk: Sdk; client: S3Client }> | undefined;

  constructor(
    private readonly config: S3StorageConfig,
    /** where uploads wait, metered, before they are sent */
    private readonly spoolDir: string = path.join(tmpdir(), 'sportello-uploads'),
  ) {}

  private connect() {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => {
      const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = this.config;
      const client = new sdk.S3Client({
        region,
        forcePathStyle,
        ...(endpoint ? { endpoint } : {}),
        // unset: the SDK's own chain (AWS_* variables, the instance's role)
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
        // S3-compatible servers do not all take the newer default checksums
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      return { sdk, client };
    });
    return this.connection;
  }

  async put(stream: Readable, maxBytes: number): Promise<StoredObject> {
    const key = newKey();
    const spool = path.join(this.spoolDir, randomUUID());
    try {
      const stored = await writeMetered(stream, spool, maxBytes);
      const { sdk, client } = await this.connect();
      await client.send(new sdk.PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: createReadStream(spool), ContentLength: stored.size }));
      return { key, ...stored };
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const { sdk, client } = await this.connect();
    const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: checkKey(key) }));
    // in Node.js the body is a readable stream
    return object.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: checkKey(key) }));
  }

  async close(): Promise<void> {
    if (this.connection) (await this.connection).client.destroy();
  }
}
