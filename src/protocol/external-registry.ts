// The external protocol registry: the ProtocolRegistry (src/submissions/protocol-registry.ts) of a
// comune whose official register is its document-management system. A filing is never sent
// inside the request that files it: the intake batch queues a registration row (same
// transaction, so none is lost), and the protocol-registrations job (src/jobs.ts) sends each
// row's segnatura, validated against the AgID schema, with retries and a doubling backoff while
// the registry is down or slow. The registry dedupes on the segnatura's Identificatore (the
// row's message_id), and the first answer recorded is the filing's number: a later or repeated
// answer changes nothing. Then, in one transaction, the filing gets the number and the "received"
// notice is written, as with the built-in register.
// An outgoing document is numbered synchronously instead (numberOutgoing), before the clerk's
// action: its PDF and the action need the number, and the clerk is there to retry.
import { createHash } from 'node:crypto';
import type { DB } from '../db/database.ts';
import type { EventLog } from '../platform/logger.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import { recordExternalNumbers, recordExternalOutgoing, underIntakeBarrier, unnumberedFilingsAfter, type FilingForRegistry, type NumberedHook, type OutgoingRegistration, type ProtocolRegistrar } from '../submissions/protocol.ts';
import { ProtocolUnavailableError, type OutgoingRequest, type ProtocolRegistry } from '../submissions/protocol-registry.ts';
import * as repo from './registrations.repository.ts';
import type { ProtocolRegistrationRow, RegistrationPayload } from './registrations.table.ts';
import { RegistryUnavailableError, type RegistryAnswer, type RegistryClient } from './registry-client.ts';
import { buildSegnatura, InvalidSegnaturaError, messageId, validateSegnatura, type SegnaturaIdentity, type SegnaturaInput } from './segnatura.ts';

const QUEUE_BATCH = 1000;
const SEND_BATCH = 10;
const VALIDATE_CONCURRENCY = 4;
const MAX_BACKOFF_MS = 3_600_000;

export interface ExternalRegistryOptions {
  identity: SegnaturaIdentity;
  client: RegistryClient;
  clock: Clock;
  timeoutMs: number;
  backoffMs: number;
  onNumbered?: NumberedHook | undefined;
  log?: EventLog | undefined;
}

/** The segnatura of a filing, from its registration's payload. */
export function incomingSegnatura(identity: SegnaturaIdentity, submissionId: number, p: RegistrationPayload): SegnaturaInput {
  const applicant = { givenName: p.applicant.givenName, familyName: p.applicant.familyName, fiscalCode: p.applicant.fiscalCode };
  // the filing's data (the answers as stored) is its primary document; the files are its attachments
  const answers = JSON.stringify(p.answers);
  return {
    direction: 'entrata',
    number: submissionId,
    at: new Date(p.receivedAt),
    subject: p.subject,
    sender: p.company ? { kind: 'company', name: p.company.name, vatOrFiscalCode: p.company.vatNumber ?? p.company.fiscalCode, person: applicant } : { kind: 'person', ...applicant },
    recipient: { kind: 'comune' },
    primary: { name: `domanda-${p.publicId}.json`, mimeType: 'application/json', sha256: createHash('sha256').update(answers).digest('hex'), description: p.subject },
    attachments: p.files.map((f) => ({ name: f.name, mimeType: f.contentType, sha256: f.sha256 })),
  };
}

/** The segnatura of an outgoing document: from the comune to the applicant (or the company), numbered by the send token. */
export function outgoingSegnatura(r: OutgoingRequest): SegnaturaInput {
  const person = { givenName: r.recipient.givenName, familyName: r.recipient.familyName, fiscalCode: r.recipient.fiscalCode };
  const company = r.recipient.company;
  return {
    direction: 'uscita',
    number: Number(r.token),
    at: r.at,
    subject: r.subject,
    sender: { kind: 'comune' },
    recipient: company ? { kind: 'company', name: company.name, vatOrFiscalCode: company.vatNumber ?? company.fiscalCode, person } : { kind: 'person', ...person },
    primary: { ...r.document, description: r.subject },
    attachments: [],
  };
}

/** The registry's number as the portal's register keeps it (an integer; 7 digits shown). */
function numberOf(answer: RegistryAnswer): number {
  const number = Number(answer.number);
  if (!Number.isSafeInteger(number) || number < 1 || number > 2_147_483_647) throw new Error(`the registry's number ${answer.number} does not fit the portal's register`);
  return number;
}

function payloadOf(f: FilingForRegistry): RegistrationPayload {
  return { receivedAt: f.received_at.toISOString(), subject: f.subject, publicId: f.public_id, applicant: f.applicant, company: f.company, answers: f.answers, files: f.files };
}

function senderText(p: RegistrationPayload): string {
  const name = `${p.applicant.givenName} ${p.applicant.familyName}`;
  return `${p.company ? `${p.company.name} (${name})` : name} - ${p.applicant.fiscalCode}`;
}

/**
 * An outgoing document's number, asked now: the segnatura (validated) is sent with the send
 * token as its NumeroRegistrazione, so a repeated send gets the number the registry gave.
 * Down, slow or refusing: ProtocolUnavailableError, and nothing was sent.
 */
async function numberOutgoing(options: ExternalRegistryOptions, request: OutgoingRequest): Promise<OutgoingRegistration> {
  if (!/^[1-9][0-9]{6,14}$/.test(request.token)) throw new Error('an outgoing send token is 7 to 15 digits');
  const input = outgoingSegnatura(request);
  const xml = buildSegnatura(options.identity, input);
  const check = await validateSegnatura(xml);
  if (!check.valid) throw new InvalidSegnaturaError(check.errors);
  let answer: RegistryAnswer;
  try {
    answer = await options.client.register(messageId(options.identity, 'uscita', input.number), xml);
  } catch (error) {
    // down, slow, refusing or answering nonsense: for the clerk, the registry did not number it
    const message = error instanceof RegistryUnavailableError || error instanceof Error ? error.message : String(error);
    options.log?.warn({ err: message }, 'outgoing protocol registration failed; the document was not sent');
    throw new ProtocolUnavailableError(message);
  }
  return { year: Number(answer.date.slice(0, 4)), number: numberOf(answer), registeredAt: options.clock() };
}

export function createExternalRegistry(db: DB, options: ExternalRegistryOptions) {
  const { identity, client, clock } = options;

  /** Queues the filings received since the last queued, in receipt order (under the intake barrier). */
  async function queueIncoming(trx: Parameters<ProtocolRegistry['numberInIntake']>[0]): Promise<number> {
    let queued = 0;
    for (;;) {
      const filings = await unnumberedFilingsAfter(trx, await repo.lastQueuedFiling(trx), QUEUE_BATCH);
      await repo.queue(trx, filings.map((f) => ({ messageId: messageId(identity, 'entrata', f.id), direction: 'entrata' as const, submissionId: f.id, receivedAt: f.received_at_exact, payload: payloadOf(f) })), clock());
      queued += filings.length;
      if (filings.length < QUEUE_BATCH) return queued;
    }
  }

  /** Records a registry's answer once; false when the row had one already (a duplicate answer). */
  async function record(row: Pick<ProtocolRegistrationRow, 'id'>, answer: RegistryAnswer): Promise<boolean> {
    const number = numberOf(answer);
    return db.transaction().execute(async (trx) => {
      const current = await repo.lockRegistration(trx, row.id);
      if (!current || current.state === 'registered') return false;
      const now = clock();
      const year = Number(answer.date.slice(0, 4));
      await repo.recordAnswer(trx, current.id, { registerCode: answer.registerCode, number: answer.number, year, date: answer.date }, now);
      if (current.direction === 'entrata') {
        const p = current.payload;
        const receivedAt = new Date(p.receivedAt);
        // the protocol date is the registry's: the filing's own instant when it is that day
        const registeredAt = romeDate(receivedAt) === answer.date ? receivedAt : now;
        await recordExternalNumbers(trx, [{ submissionId: current.submission_id, year, number, registeredAt, sender: senderText(p), subject: p.subject, fingerprints: p.files.map((f) => ({ name: f.name, sha256: f.sha256 })) }], options.onNumbered);
      }
      return true;
    });
  }

  /** The row's segnatura, validated against the AgID schema (xmllint runs in a worker thread). */
  async function prepare(row: ProtocolRegistrationRow): Promise<string | Error> {
    try {
      const xml = buildSegnatura(identity, incomingSegnatura(identity, row.submission_id, row.payload));
      const check = await validateSegnatura(xml);
      return check.valid ? xml : new InvalidSegnaturaError(check.errors);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  async function attempt(row: ProtocolRegistrationRow, prepared: string | Error): Promise<void> {
    try {
      if (prepared instanceof Error) throw prepared;
      await record(row, await client.register(row.message_id, prepared));
    } catch (error) {
      const wait = Math.min(options.backoffMs * 2 ** Math.max(0, row.attempts - 1), MAX_BACKOFF_MS);
      const message = error instanceof Error ? error.message : String(error);
      await repo.recordFailure(db, row.id, message, new Date(clock().getTime() + wait));
      options.log?.warn({ registration: row.id, attempts: row.attempts, retryInMs: wait, err: message }, 'protocol registration failed; retrying later');
    }
  }

  /** Sends the registrations due; resolves with how many were tried. */
  async function work(): Promise<number> {
    let tried = 0;
    for (;;) {
      const now = clock();
      // a lease past the batch's calls (each may take the timeout) and validations: a process that
      // dies mid-batch leaves its rows to a later run
      const rows = await repo.claimDue(db, now, new Date(now.getTime() + options.timeoutMs * (SEND_BATCH + 1) + 60_000), SEND_BATCH);
      // validated a few at a time (the costly part: a worker thread each), sent one by one in
      // queue order, so the registry numbers the filings in the order they were received
      const prepared: Array<string | Error> = [];
      for (let i = 0; i < rows.length; i += VALIDATE_CONCURRENCY) prepared.push(...(await Promise.all(rows.slice(i, i + VALIDATE_CONCURRENCY).map(prepare))));
      for (const [i, row] of rows.entries()) await attempt(row, prepared[i]!);
      tried += rows.length;
      if (rows.length < SEND_BATCH) return tried;
    }
  }

  let flushing: Promise<unknown> | null = null;
  const registrar: ProtocolRegistrar = {
    // queues what no batch queued (a filing released by its payment); the job sends
    flush: async () => {
      flushing = underIntakeBarrier(db, queueIncoming);
      await flushing;
    },
    stop: async () => void (await Promise.allSettled([flushing])),
  };

  const registry: ProtocolRegistry = {
    kind: 'external',
    numberInIntake: (trx) => queueIncoming(trx),
    registrar,
    // the number was asked before the transaction (numberOutgoing); without it the caller refuses
    registerOutgoing: async (trx, entry) => {
      if (!entry.numbered) return null;
      const { numbered, documentId: _documentId, ...rest } = entry;
      await recordExternalOutgoing(trx, { ...rest, ...numbered });
      return numbered;
    },
    numberOutgoing: (request) => numberOutgoing(options, request),
  };

  return {
    registry,
    work,
    record,
    /** the queue for operations (docs/operations.md) */
    registrations: (limit?: number) => repo.registrations(db, limit),
    incomingRegistrationOf: (submissionId: number) => repo.incomingRegistrationOf(db, submissionId),
  };
}

export type ExternalRegistry = ReturnType<typeof createExternalRegistry>;
