// What the submissions domain holds about one person, for their data export (GDPR art. 15 and
// 20, src/personal-data): every filing that names them as a party (as applicant, co-applicant
// or filer: what their personal area shows as themselves), with its answers, the summary they
// confirmed, its state, dates, protocol number and office corrections, and the attachments
// as streams. Read only; another person's filing is never returned.
import type { Readable } from 'node:stream';
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import { submissionAttachments } from './attachments.repository.ts';
import { listCorrections } from './corrections.repository.ts';
import { protocolOf } from './protocol.repository.ts';
import type { FileStorage } from './storage.ts';
import { filingsOfParty } from './submissions.repository.ts';
import type { PartyRole } from './submissions.table.ts';

export interface PersonAttachment {
  id: string;
  field: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
  storageKey: string;
}

export interface PersonFiling {
  /** the internal id, for the other domains' reads (not exported) */
  id: number;
  publicId: string;
  procedure: { id: number; version: number; slug: string | null; title_it: string | null; title_en: string | null };
  roles: PartyRole[];
  applicant: unknown;
  company: unknown;
  filer: unknown;
  channel: string;
  locale: string;
  receivedAt: Date;
  status: string;
  dueDate: string;
  officeCode: string;
  protocol: { number: number; year: number; registeredAt: Date } | null;
  answers: Record<string, unknown>;
  summary: unknown;
  corrections: Array<{ field: string; at: Date; before: unknown; after: unknown; reason: string }>;
  satisfaction: { rating: number; comment: string | null } | null;
  attachments: PersonAttachment[];
}

export function createSubmissionsPersonalData(db: DB, storage: FileStorage) {
  return {
    /** The person's filings, oldest first, with what each holds about them. */
    async filingsOf(fiscalCode: string): Promise<PersonFiling[]> {
      const rows = await filingsOfParty(db, fiscalCode);
      const names = await procedureNames(db, rows.map((r) => r.procedure_id));
      return Promise.all(
        rows.map(async (row) => {
          const [attachments, protocol, corrections] = await Promise.all([submissionAttachments(db, row.id), protocolOf(db, row.id), listCorrections(db, row.id)]);
          const name = names.get(row.procedure_id);
          return {
            id: row.id,
            publicId: row.public_id,
            procedure: { id: row.procedure_id, version: row.procedure_version, slug: name?.slug ?? null, title_it: name?.title_it ?? null, title_en: name?.title_en ?? null },
            roles: row.roles,
            applicant: row.applicant,
            company: row.company,
            filer: row.filer,
            channel: row.channel,
            locale: row.locale,
            receivedAt: row.received_at,
            status: row.status,
            dueDate: row.due_date,
            officeCode: row.office_code,
            protocol: protocol ? { number: protocol.number, year: protocol.year, registeredAt: protocol.registered_at } : null,
            answers: row.answers,
            summary: row.summary,
            corrections: corrections.map((c) => ({ field: c.field, at: c.corrected_at, before: c.old_value, after: c.new_value, reason: c.reason })),
            satisfaction: row.satisfaction_rating === null ? null : { rating: row.satisfaction_rating, comment: row.satisfaction_comment },
            attachments: attachments.map((a) => ({
              id: a.id,
              field: a.field_name,
              name: a.original_name,
              contentType: a.content_type,
              sizeBytes: a.size_bytes,
              sha256: a.sha256,
              uploadedAt: a.created_at,
              storageKey: a.storage_key,
            })),
          };
        }),
      );
    },

    /** The bytes of one of the person's attachments (a key `filingsOf` returned). */
    openAttachment(storageKey: string): Promise<Readable> {
      return storage.get(storageKey);
    },
  };
}

export type SubmissionsPersonalData = ReturnType<typeof createSubmissionsPersonalData>;
