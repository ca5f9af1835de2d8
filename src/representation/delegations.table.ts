// Row types of the delegation register (migrations/0019_delegations.sql): the delegations a
// person granted online or a clerk registered from a paper form, and the events of each one.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Access, IdentityDocument, PartySnapshot, Scope } from './acting.ts';

type Json<T> = ColumnType<T, string, string>;
type OptionalJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** What people did to a delegation; whether it is in effect today is the clock's business. */
export const STORED_STATUSES = ['pending', 'active', 'refused', 'revoked', 'expired'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export type Origin = 'online' | 'paper';

/** What the register keeps of each file of a paper delegation (the bytes are in the storage). */
export interface PaperFile {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface DelegationsTable {
  id: string;
  delegator_fiscal_code: string;
  delegator: Json<PartySnapshot>;
  delegate_fiscal_code: string;
  delegate: Json<PartySnapshot>;
  scope: Json<Scope>;
  scope_key: string;
  access: Access;
  /** yyyy-mm-dd */
  valid_from: string;
  valid_to: string | null;
  status: StoredStatus;
  origin: Origin;
  created_at: Date;
  accepted_at: Date | null;
  refused_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  clerk_fiscal_code: string | null;
  identity_document: OptionalJson<IdentityDocument>;
  form_file_key: string | null;
  document_file_key: string | null;
  paper_files: OptionalJson<{ form: PaperFile; document: PaperFile }>;
}

export const EVENT_KINDS = ['granted', 'registered', 'accepted', 'refused', 'revoked', 'expired', 'act'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type ActorRole = 'delegator' | 'delegate' | 'clerk' | 'system';

export interface DelegationEventsTable {
  id: Generated<number>;
  delegation_id: string;
  kind: EventKind;
  actor_fiscal_code: string;
  actor_role: ActorRole;
  act: string | null;
  submission_public_id: string | null;
  at: Date;
}

export type DelegationRow = Selectable<DelegationsTable>;
export type DelegationEventRow = Selectable<DelegationEventsTable>;
