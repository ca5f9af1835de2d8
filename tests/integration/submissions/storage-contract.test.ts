// One contract for every file storage, run against the local disk and against the S3
// implementation talking HTTP to a local S3-compatible server (s3rver): bytes in and out with
// size, SHA-256 and head; a stream past its limit, or broken midway, refused with nothing left
// (nor in the S3 upload's spool folder); a key readable by another instance over the same
// store (several portal processes); missing keys; keys that are not the portal's refused.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type S3StorageConfig } from '../../../src/config.ts';
import { createStorage } from '../../../src/submissions/storage-choice.ts';
import { S3FileStorage } from '../../../src/submissions/storage-s3.ts';
import { FileTooLargeError, LocalFileStorage, type FileStorage } from '../../../src/submissions/storage.ts';
import type { FieldDefinition } from '../../../src/forms/index.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant, RESIDENCE } from '../../helpers/applicants.ts';
import { startS3Server, type TestS3Server } from '../../helpers/s3-server.ts';

interface Harness {
  /** a storage over the store under test; every call gives another instance over the same store */
  open(): FileStorage;
  /** objects in the store, and files left in any temporary folder */
  count(): Promise<number>;
  close(): Promise<void>;
}

async function filesUnder(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** `total` bytes in chunks of 16 KiB, as an upload arrives. */
const chunks = (total: number) => Readable.from(Array.from({ length: Math.ceil(total / 16_384) }, (_, i) => Buffer.alloc(Math.min(16_384, total - i * 16_384), i % 251)));
/** A stream that gives some bytes, then fails (a connection lost midway). */
function broken(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(20_000, 7));
      } else this.destroy(new Error('connection lost'));
    },
  });
}

function contract(name: string, make: () => Promise<Harness>) {
  describe(`file storage contract: ${name}`, () => {
    let h: Harness;
    let storage: FileStorage;
    beforeAll(async () => {
      h = await make();
      storage = h.open();
    });
    afterAll(async () => {
      await storage?.close();
      await h?.close();
    });

    it('gives back the bytes put in, with their size, SHA-256 and first bytes, under a key of its own', async () => {
      const stored = await storage.put(Readable.from([PDF]), 1000);
      expect(stored.key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
      expect(stored).toMatchObject({ size: PDF.length, sha256: sha256(PDF) });
      expect(stored.head.equals(PDF)).toBe(true);
      expect((await buffer(await storage.get(stored.key))).equals(PDF)).toBe(true);
    });

    it('streams a larger file in, keeping only its first 4100 bytes as the head', async () => {
      const bytes = await buffer(chunks(300_000));
      const stored = await storage.put(chunks(300_000), 300_000);
      expect(stored).toMatchObject({ size: 300_000, sha256: sha256(bytes) });
      expect(stored.head.length).toBe(4100);
      expect(sha256(await buffer(await storage.get(stored.key)))).toBe(sha256(bytes));
    });

    it('stores an empty file', async () => {
      const stored = await storage.put(Readable.from([]), 10);
      expect(stored.size).toBe(0);
      expect((await buffer(await storage.get(stored.key))).length).toBe(0);
    });

    it('refuses a stream past its limit and leaves nothing', async () => {
      const before = await h.count();
      await expect(storage.put(chunks(100_001), 100_000)).rejects.toBeInstanceOf(FileTooLargeError);
      expect(await h.count()).toBe(before);
    });

    it('refuses a stream that breaks midway and leaves nothing', async () => {
      const before = await h.count();
      await expect(storage.put(broken(), 1_000_000)).rejects.toThrow('connection lost');
      expect(await h.count()).toBe(before);
    });

    it('lets another instance over the same store read and delete what one stored', async () => {
      const stored = await storage.put(Readable.from([PDF]), 1000);
      const other = h.open();
      try {
        expect((await buffer(await other.get(stored.key))).equals(PDF)).toBe(true);
        await other.delete(stored.key);
        await expect(storage.get(stored.key)).rejects.toThrow();
      } finally {
        await other.close();
      }
    });

    it('deletes, and takes the deletion of a missing key calmly', async () => {
      const stored = await storage.put(Readable.from([PDF]), 1000);
      const before = await h.count();
      await storage.delete(stored.key);
      expect(await h.count()).toBe(before - 1);
      await storage.delete(stored.key);
      await expect(storage.get(stored.key)).rejects.toThrow();
    });

    it('refuses keys it did not make', async () => {
      for (const key of ['../etc/passwd', 'ab/../../x', 'AB/not-a-key', '']) {
        await expect(storage.get(key), key).rejects.toThrow('invalid storage key');
        await expect(storage.delete(key), key).rejects.toThrow('invalid storage key');
      }
    });
  });
}

contract('local disk', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'sportello-disk-'));
  return {
    open: () => new LocalFileStorage(root),
    count: () => filesUnder(root),
    close: () => rm(root, { recursive: true, force: true }),
  };
});

let server: TestS3Server;
contract('S3 (s3rver over HTTP)', async () => {
  server = await startS3Server();
  const spool = await mkdtemp(path.join(tmpdir(), 'sportello-spool-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...server.env }).storage as S3StorageConfig;
  const lister = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    open: () => new S3FileStorage(config, spool),
    async count() {
      const listed = await lister.send(new ListObjectsV2Command({ Bucket: server.bucket }));
      return (listed.KeyCount ?? 0) + (await filesUnder(spool));
    },
    async close() {
      lister.destroy();
      await server.close();
      await rm(spool, { recursive: true, force: true });
    },
  };
});

describe('the portal with STORAGE=s3', () => {
  let s3: TestS3Server;
  let t: TestApp;
  let lister: S3Client;
  beforeAll(async () => {
    s3 = await startS3Server('sportello-portal');
    t = await createTestApp(s3.env);
    lister = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  });
  afterAll(async () => {
    lister?.destroy();
    await t?.close();
    await s3?.close();
  });

  it('keeps a draft\'s upload in the bucket and reads it back from there', async () => {
    const context = await t.app.services.submissions.begin(applicant(90), RESIDENCE);
    const field: FieldDefinition = { name: 'documento', type: 'file', label: { it: 'Documento', en: 'Document' }, required: true, accept: ['application/pdf'] };
    await t.app.services.submissions.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'domanda.pdf' }, 0);
    const listed = await lister.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    expect(listed.KeyCount).toBe(1);
    const row = await t.app.db.selectFrom('attachments').select('storage_key').where('draft_id', '=', context.draft.id).executeTakeFirstOrThrow();
    expect(listed.Contents![0]!.Key).toBe(row.storage_key);
    expect((await buffer(await t.app.services.storage.get(row.storage_key))).equals(PDF)).toBe(true);
  });
});

describe('the storage the configuration names', () => {
  it('is the local disk by default, and S3 with STORAGE=s3', () => {
    const base = { NODE_ENV: 'test', DATA_DIR: 'memory://' };
    expect(createStorage(loadConfig(base).storage)).toBeInstanceOf(LocalFileStorage);
    const s3 = loadConfig({ ...base, STORAGE: 's3', S3_BUCKET: 'allegati', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(s3.storage).toMatchObject({ kind: 's3', bucket: 'allegati', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true });
    expect(createStorage(s3.storage)).toBeInstanceOf(S3FileStorage);
  });

  it('refuses S3 without a bucket, or a key without its secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', STORAGE: 's3' })).toThrow('S3_BUCKET');
    expect(() => loadConfig({ NODE_ENV: 'test', STORAGE: 's3', S3_BUCKET: 'allegati', S3_ACCESS_KEY_ID: 'x' })).toThrow('S3_SECRET_ACCESS_KEY');
  });
});
