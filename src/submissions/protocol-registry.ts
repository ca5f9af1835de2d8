// The ProtocolRegistry: who gives filings and the office's outgoing documents their protocol
// numbers. Two kinds: the portal's own gapless register (protocol.ts; the default, numbering
// inside the intake batch at no extra cost), and an external registry, the comune's
// document-management system (src/protocol), which queues each registration and numbers the
// filing when the registry answers. docs/protocol.md.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import { DomainError } from '../platform/errors.ts';
import type { Database } from '../db/schema.ts';
import { createProtocolRegistrar, numberPending, registerOutgoing, type NumberedHook, type OutgoingRegistration, type ProtocolRegistrar } from './protocol.ts';

export type OutgoingEntry = Parameters<typeof registerOutgoing>[1];

/**
 * What an external registry needs to number an outgoing document before the action's
 * transaction: `token` is the send token of the clerk's form (digits), the stable identifier the
 * registry dedupes on, so a retried or repeated send gets the same number.
 */
export interface OutgoingRequest {
  token: string;
  at: Date;
  subject: string;
  recipient: { givenName: string; familyName: string; fiscalCode: string; company: { name: string; fiscalCode: string; vatNumber?: string | undefined } | null };
  /** the document as registered: its text (the PDF carries the number, so it cannot be hashed before) */
  document: { name: string; mimeType: string; sha256: string };
}

export interface ProtocolRegistry {
  readonly kind: 'built-in' | 'external';
  /** In an intake batch's transaction (holding the intake barrier), once its filings are stored. */
  numberInIntake(trx: Transaction<Database>): Promise<unknown>;
  /** Numbers (or queues) what was filed outside a batch, and what nobody flushed. */
  readonly registrar: ProtocolRegistrar;
  /**
   * An outgoing document, in the caller's transaction: its number now (built-in), or null when
   * it is queued for the external registry and numbered when the registry answers (`documentId`
   * then names it in the queue).
   */
  registerOutgoing(trx: Transaction<Database>, entry: OutgoingEntry & { documentId?: number | undefined; numbered?: OutgoingRegistration | undefined }): Promise<OutgoingRegistration | null>;
  /**
   * External registry only: the number of an outgoing document, asked synchronously before the
   * action's transaction (then given to registerOutgoing as `numbered`, which keeps the copy).
   * Throws ProtocolUnavailableError when the registry is down or slow.
   */
  numberOutgoing?(request: OutgoingRequest): Promise<OutgoingRegistration>;
}

/** The portal's own register (today's behaviour). */
export function builtInRegistry(db: DB, onNumbered: NumberedHook | undefined): ProtocolRegistry {
  return {
    kind: 'built-in',
    numberInIntake: (trx) => numberPending(trx, undefined, onNumbered),
    registrar: createProtocolRegistrar(db, onNumbered),
    registerOutgoing: (trx, entry) => registerOutgoing(trx, entry, onNumbered),
  };
}

/** A caller that needs an outgoing number now, where the external registry gives it later. */
export class OutgoingNumberPendingError extends DomainError {
  override readonly statusCode = 409;
  override readonly pageKey = 'protocol.outgoingExternal';
}

/** The external registry did not number an outgoing document (down, slow, refusing): nothing was sent. */
export class ProtocolUnavailableError extends DomainError {
  override readonly statusCode = 503;
  override readonly pageKey = 'protocol.outgoingUnavailable';
}
