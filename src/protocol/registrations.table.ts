// Row type of the external registry's queue (migrations/0029_protocol_registrations.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ProtocolRegistrationsTable {
  id: Generated<number>;
  message_id: string;
  direction: 'entrata' | 'uscita';
  submission_id: number;
  received_at: Date | null;
  payload: ColumnType<RegistrationPayload, string, string>;
  state: Generated<'pending' | 'registered'>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_error: string | null;
  registry_code: string | null;
  registry_number: string | null;
  registry_year: number | null;
  registry_date: string | null;
  created_at: Date;
  registered_at: Date | null;
}

export type ProtocolRegistrationRow = Selectable<ProtocolRegistrationsTable>;

/** What a filing's segnatura is built from, as it was when the registration was queued. */
export interface RegistrationPayload {
  receivedAt: string;
  subject: string;
  publicId: string;
  applicant: { givenName: string; familyName: string; fiscalCode: string };
  company: { name: string; fiscalCode?: string; vatNumber?: string } | null;
  answers: unknown;
  files: Array<{ name: string; sha256: string; contentType: string }>;
}
