// The documents that go with a notice with legal value when it is sent to the applicant's
// digital domicile by PEC (src/domicile/pec.channel.ts): the decision's document (signed and
// uploaded, or generated with its outgoing protocol number), or the files of the office's latest
// request (a request for integration, a notice of refusal, an order to conform).
import type { DB } from '../db/database.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { findDecision, listFiles, listMessages } from './case-records.repository.ts';

export interface NoticeDocument {
  filename: string;
  content: Buffer;
  contentType: string;
}

async function read(storage: FileStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The documents of the notice of `kind` about the filing, read from storage (none when it has none). */
export async function noticeDocuments(db: DB, storage: FileStorage, submissionId: number, kind: string): Promise<NoticeDocument[]> {
  const files = await listFiles(db, submissionId);
  let chosen = [] as typeof files;
  if (kind === 'decision') {
    const decision = await findDecision(db, submissionId);
    chosen = decision?.document_id ? files.filter((f) => f.id === decision.document_id) : [];
  } else {
    const request = (await listMessages(db, submissionId)).filter((m) => m.author_kind === 'office' && m.request_id !== null).at(-1);
    chosen = request ? files.filter((f) => f.message_id === request.id) : [];
  }
  return Promise.all(chosen.map(async (f) => ({ filename: f.original_name, content: await read(storage, f.storage_key), contentType: f.content_type })));
}
