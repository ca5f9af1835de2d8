// The submissions domain's one service, as the app and the other domains see it, assembled
// from its parts: the draft (drafts.service.ts), its files (uploads.service.ts), the journey's
// pages with the click day's waiting room (journey.service.ts), the filing and what other
// domains hook on it (filing.service.ts) and the citizen's area (area.service.ts). Every part
// reads the time from the one clock it is given.
import type { Config } from '../config.ts';
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { createAreaService } from './area.service.ts';
import { createDefinitionCache } from './definitions.ts';
import { createDraftsService } from './drafts.service.ts';
import { createFilingService, type FilingHooks } from './filing.service.ts';
import { createJourneyService } from './journey.service.ts';
import type { PrefillService } from '../prefill/prefill.service.ts';
import type { StreetsPort } from './journey.service.ts';
import type { NumberedHook } from './protocol.ts';
import { builtInRegistry, type ProtocolRegistry } from './protocol-registry.ts';
import type { FileStorage } from './storage.ts';
import { createUploadsService } from './uploads.service.ts';
import { createSignedUploads } from './signatures/signed-uploads.ts';
import { createWaitingRoom } from './waiting-room.ts';
import { createStampsRegister } from './stamps.ts';
import { createRepresentationService, noDelegations, type CoveringDelegation } from './representation.ts';
import * as repo from './submissions.repository.ts';
import { changeDraftFilesOwner, submissionAttachments } from './attachments.repository.ts';
import * as draftsRepo from './drafts.repository.ts';
import { onBehalfOf, SELF } from '../representation/acting.ts';
import type { Viewpoint } from './access.ts';
import type { Access } from '../representation/acting.ts';
import { visibleFiling } from './visible-filing.ts';
import { NotFoundError } from '../platform/errors.ts';
import { receiptPdf } from './received-notice.ts';
import type { JourneyObserver } from './journey-observer.ts';
import type { Locale } from '../platform/i18n.ts';

export { checkAccess, InsufficientLevelError, NotCoveredError, ownerOf, selfApplicant, viewpointOf, WrongAudienceError, type Applicant, type Viewpoint } from './access.ts';
export { JOURNEY_APPLICANT, JOURNEY_PRIVACY, type DraftContext } from './drafts.service.ts';
export { JOURNEY_PROCURA, type ProcuraState } from './representation.ts';
export type { FiledHook, FiledSubmission, FilingHooks, SubmitResult } from './filing.service.ts';
export type { BeginningCheck } from './drafts.service.ts';
export { OUT_OF_THE_RUNNING } from './submissions.table.ts';
export { DEFAULT_ACCEPT, DEFAULT_MAX_SIZE_MB, safeFileName, UploadRefusedError } from './uploads.service.ts';

export interface SubmissionsOptions {
  storage: FileStorage;
  config: Pick<Config, 'submissions' | 'protocol' | 'comune'> & Partial<Pick<Config, 'signatures'>>;
  hooks?: Partial<FilingHooks> | undefined;
  onNumbered?: NumberedHook | undefined;
  /** who numbers filings and outgoing documents (default: the built-in register with onNumbered) */
  registry?: ProtocolRegistry | undefined;
  clock?: Clock | undefined;
  /** the delegation register's answer to "does the client's delegation cover this?" (src/representation) */
  coveringDelegation?: CoveringDelegation | undefined;
  /** the answers the registers fill in (src/prefill) */
  prefill?: PrefillService | undefined;
  /** the comune's street list for street fields (src/places); absent: streets are free text */
  streets?: StreetsPort | undefined;
  /** who hears of the journey's pages reached, answers refused, filings and expired drafts (src/insight) */
  observer?: JourneyObserver | undefined;
}

export function createSubmissionsService(db: DB, options: SubmissionsOptions) {
  const { storage, config } = options;
  const clock = options.clock ?? systemClock;
  const hooks: FilingHooks = { stored: options.hooks?.stored ?? [], filed: options.hooks?.filed ?? [] };
  // a revenue stamp is used once in the portal: recorded first, so that a filing that lost the race does nothing else
  const stamps = createStampsRegister(db);
  hooks.stored.unshift((trx, filings) => stamps.onStored(trx, filings));
  const definitionOf = createDefinitionCache(db);
  const drafts = createDraftsService(db, { storage, draftDays: config.submissions.draftDays, definitionOf, clock, observer: options.observer, beginning: options.hooks?.beginning });
  const uploads = createUploadsService(db, { storage, signatures: createSignedUploads({ storage, trustedCas: config.signatures?.trustedCas ?? [], clock }) });
  const waitingRoom = createWaitingRoom(db, config.submissions.waitingRoom, clock);
  const representation = createRepresentationService(db, { drafts, uploads, coveringDelegation: options.coveringDelegation ?? noDelegations });
  const registry = options.registry ?? builtInRegistry(db, options.onNumbered);
  const filing = createFilingService(db, { storage, hooks, onNumbered: options.onNumbered, numberInIntake: registry.numberInIntake, drafts, definitionOf, clock, procuraState: representation.procuraState, streets: options.streets, stamps, observer: options.observer });
  const area = createAreaService(db, { storage, definitionOf, config, clock });
  return {
    ...drafts,
    ...uploads,
    ...filing,
    ...area,
    ...representation,
    /** an outgoing registration (a document of the office) in the caller's transaction: its number, or null when the external registry will give it (protocol-registry.ts) */
    registerOutgoing: (trx: Transaction<Database>, entry: Parameters<ProtocolRegistry['registerOutgoing']>[1]) => registry.registerOutgoing(trx, entry),
    /** an external registry's number for an outgoing document, before the action's transaction (undefined with the built-in register) */
    numberOutgoing: registry.numberOutgoing?.bind(registry),
    /** the journey's pages, each a call that says what to show or where to go */
    journey: createJourneyService({ drafts, uploads, waitingRoom, clock, prefill: options.prefill, streets: options.streets, stamps, observer: options.observer }),
  };
}

export type SubmissionsService = ReturnType<typeof createSubmissionsService>;

// ---- filings counted for other domains (the administration's lists, a procedure's cap); they
// take the caller's database or transaction

/** How many filings each procedure has (every version). */
export const countFilingsByProcedure = (db: DB): Promise<Map<number, number>> => repo.countFilingsByProcedure(db);

/** How many filings each version of a procedure has. */
export const countFilingsByVersion = (db: DB, procedureId: number): Promise<Map<number, number>> => repo.countFilingsByVersion(db, procedureId);


/**
 * What the back office tells the filing when its case moves: the filing's status, office and
 * due date (what the personal area, receipts and messages read) follow the case, written here.
 */
export async function recordCaseProgress(trx: Transaction<Database>, submissionId: number, progress: { status?: string; officeCode?: string; dueDate?: string }): Promise<void> {
  await repo.setFilingProgress(trx, submissionId, progress);
}

/** The id of a filing the viewpoint may act on (`need` full) or see; undefined otherwise. */
export async function ownFilingId(db: DB, viewpoint: Viewpoint, publicId: string, need: Access): Promise<number | undefined> {
  const found = await visibleFiling(db, viewpoint, publicId);
  return found && (need === 'read' || found.access === 'full') ? found.submission.id : undefined;
}

// ---- what the back office reads of a filing (the filing behind a case, its attachments, the
// filings with no case yet); `db` may be a transaction.
export type { CaseFiling } from './submissions.repository.ts';
export { partiesView } from './parties-view.ts';
export const submissionIdOf = (db: DB, publicId: string): Promise<number | undefined> => repo.submissionIdOf(db, publicId);
export const filingOf = (db: DB, submissionId: number): Promise<repo.CaseFiling> => repo.filingOf(db, submissionId);
/** The language of a filing, Italian for an id no filing has (a payment position made without one). */
export const filingLocaleOf = async (db: DB, submissionId: number): Promise<'it' | 'en'> => (await repo.filingLocale(db, submissionId)) ?? 'it';
/** The public ids and protocol numbers of many filings (a call's ranking, src/calls). */
export const filingNumbers = (db: DB, submissionIds: readonly number[]) => repo.filingNumbers(db, submissionIds);
export const filingSummaries = (db: DB, submissionIds: readonly number[]) => repo.filingSummaries(db, submissionIds);
/** The receipt PDF of a filing as its applicant got it, for the clerks of its office (the caller checks the access). */
export async function filingReceipt(db: DB, config: Pick<Config, 'protocol' | 'comune'>, submissionId: number, locale: Locale) {
  const submission = await repo.findSubmissionById(db, submissionId);
  if (!submission) throw new NotFoundError('submission');
  return receiptPdf(db, config, submission, locale);
}
export const filingsWithoutCase = (db: DB, limit: number) => repo.filingsWithoutCase(db, limit);
export const filingAttachments = (db: DB, submissionId: number) => submissionAttachments(db, submissionId);
/** The verified signatures of a filing's signed attachments, by attachment id (signatures/). */
export { attachmentSignatures } from './signatures/signature-view.ts';
/** How filings came in (online or at a help desk), read for the help desk: counts, a session's filings and drafts (`db` may be a transaction). */
export * as filingChannels from './filing-channels.repository.ts';

/**
 * The drafts a help-desk operator began in an assisted session, handed over to the person
 * (with their files), inside the caller's transaction. Returns the ids moved; a draft of a
 * procedure the person already has a draft of stays in the session.
 */
export async function handOverAssistedDrafts(trx: DB, handover: { operatorFiscalCode: string; sessionId: string; person: { fiscalCode: string }; draftIds: string[] }): Promise<string[]> {
  const from = { fiscalCode: handover.operatorFiscalCode, onBehalfOf: onBehalfOf({ ...SELF, choice: { kind: 'assisted', sessionId: handover.sessionId } }) };
  const moved = await draftsRepo.handOverDrafts(trx, from, handover.person.fiscalCode, handover.draftIds);
  await changeDraftFilesOwner(trx, moved, handover.person.fiscalCode);
  return moved;
}

// ---- the office's corrections of filed answers (corrections.ts): the filed answers stay as the
// receipt prints them; pages show the current ones, marked
export { answersView, answerText, checkCorrections, correctionFormView, currentAnswers, recordCorrections, type AnswerChange, type AnswersView, type CorrectionEntry } from './corrections.ts';

// ---- retention (src/privacy): attachments purged and filings anonymised when their time is up
export { anonymiseFiling, filingAttachmentTotals, purgeFilingAttachments } from './filing-retention.ts';
