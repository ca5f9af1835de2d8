// Attachments by notification kind. The domain that owns a document registers how to produce
// it (the submissions domain: the receipt PDF of a filing, for 'submission.received'); the
// e-mail channel asks at sending time, so the document is rendered once the filing committed.
// Register at the top level of a module that services.ts imports, so that the portal and the
// separate worker process (src/worker.ts builds the services too) both know the renderer.
import type { DB } from '../db/database.ts';
import type { NotificationKind } from './kinds.ts';

export interface Attachment {
  filename: string;
  content: Buffer | Uint8Array;
  contentType?: string;
}

export interface AttachmentRequest {
  /** the notification id */
  id: number;
  kind: NotificationKind;
  recipientFiscalCode: string;
  locale: 'it' | 'en';
  /** the data given at enqueue time, extra keys included (e.g. a submission id) */
  data: Record<string, unknown>;
  db: DB;
}

/** Returns the attachments, or none. Throwing makes the delivery fail and be retried. */
export type AttachmentRenderer = (request: AttachmentRequest) => Promise<Attachment | Attachment[] | null | undefined>;

const renderers = new Map<NotificationKind, AttachmentRenderer>();

/** Registers (or replaces) the renderer of a kind; returns a function that removes it. */
export function registerAttachmentRenderer(kind: NotificationKind, renderer: AttachmentRenderer): () => void {
  renderers.set(kind, renderer);
  return () => {
    if (renderers.get(kind) === renderer) renderers.delete(kind);
  };
}

export async function renderAttachments(request: AttachmentRequest): Promise<Attachment[]> {
  const renderer = renderers.get(request.kind);
  if (!renderer) return [];
  const result = await renderer(request);
  if (!result) return [];
  return Array.isArray(result) ? result : [result];
}
