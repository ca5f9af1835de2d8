// Row types of the documents domain (migrations/0024_documents.sql): the administrators'
// template versions and the documents sent on cases.
import type { Generated, Selectable } from 'kysely';

export interface DocumentTemplatesTable {
  id: Generated<number>;
  procedure_id: number;
  purpose: string;
  locale: 'it' | 'en';
  version: number;
  title: string;
  body: string;
  restored_from: number | null;
  saved_by: string;
  saved_by_name: string;
  saved_at: Date;
}

export interface GeneratedDocumentsTable {
  id: Generated<number>;
  submission_id: number;
  purpose: string;
  sent_as: 'decision' | 'integration' | 'refusal' | 'conformation' | 'letter';
  template_version: number | null;
  title: string;
  body: string;
  protocol_year: number;
  protocol_number: number;
  registered_at: Date;
  file_name: string;
  storage_key: string;
  sha256: string;
  size_bytes: number;
  created_by: string;
  created_by_name: string;
}

export type TemplateRow = Selectable<DocumentTemplatesTable>;
export type GeneratedDocumentRow = Selectable<GeneratedDocumentsTable>;
