// The application journey's rules: a person begins (or resumes) the one draft of a procedure,
// accepts the privacy notice, confirms the applicant data the identity gave, fills the steps
// (each saved as it is completed), attaches files, and files: the whole journey is validated
// again against the exact version the draft began on, and the filing, its attachments, the
// closing of the draft and whatever other domains hook on (routing, notifications, payments)
// happen in one transaction, once per idempotency key.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Transaction } from 'kysely';
import { assertIntakeOpen, IntakeClosedError } from '../admin/intake.ts';
import * as catalogueRepo from '../catalogue/catalogue.repository.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import {
  mergeStepAnswers,
  pruneAnswers,
  summaryView,
  validateAll,
  visibleSteps,
  type Answers,
  type FieldDefinition,
  type FileRef,
} from '../forms/index.ts';
import type { Locale } from '../platform/i18n.ts';
import { routeDefinition, type RoutingDecision } from '../routing/index.ts';
import { mustPayBeforeFiling } from '../payments/fees.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import { createIntakeBatcher } from './intake-batch.ts';
import type { NumberedHook } from './protocol.ts';
import { FileTooLargeError, type FileStorage } from './storage.ts';
import * as repo from './submissions.repository.ts';
import type { Owner } from './submissions.repository.ts';
import { AWAITING_PAYMENT, type ApplicantSnapshot, type CompanySnapshot, type DraftRow, type SubmissionRow, type SummarySnapshot } from './submissions.table.ts';

/** The person filing, as the identity says, and the company they act for, if any. */
export interface Applicant extends ApplicantSnapshot {
  company?: CompanySnapshot | undefined;
}

export function ownerOf(applicant: Applicant): Owner {
  return { fiscalCode: applicant.fiscalCode, companyFiscalCode: applicant.company?.fiscalCode ?? '' };
}

/** The person's identity is below the level the procedure requires: log in again higher. */
export class InsufficientLevelError extends DomainError {
  override readonly statusCode = 403;
  constructor(readonly required: number) {
    super(`SPID level ${required} required`);
  }
}

/** The procedure is for businesses and the person acts for themselves, or the other way. */
export class WrongAudienceError extends DomainError {
  override readonly statusCode = 403;
  constructor(readonly audience: string) {
    super(`procedure for ${audience}`);
  }
}

/** An upload refused: the message key says why, in the person's language. */
export class UploadRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(
    readonly field: string,
    readonly reason: 'tooLarge' | 'empty' | 'wrongType' | 'tooMany',
    readonly fileName: string,
  ) {
    super(`upload refused: ${reason}`);
  }
}

/**
 * Something inside the filing transaction that another domain adds (routing, outbox, fees).
 * Filings are stored in batches (intake-batch.ts): a hook gets all the filings of one.
 */
export type FiledHook = (trx: Transaction<Database>, filings: readonly FiledSubmission[]) => Promise<void>;

/**
 * What other domains do when a filing is stored and when it is filed. The two differ for a
 * procedure whose fees are paid before submission: its filing is stored (and its payment
 * position made) at "Invia", and filed (numbered, put in the office queue) when the payment is
 * settled. Otherwise both happen in the one filing transaction.
 */
export interface FilingHooks {
  /** inside the transaction that stores a filing, held for payment or not (fees) */
  stored: FiledHook[];
  /** inside the transaction that makes a filing complete (the office queue) */
  filed: FiledHook[];
}

export interface FiledSubmission {
  id: number;
  publicId: string;
  procedureId: number;
  procedureSlug: string;
  /** the receipt time of record (database clock), its Rome calendar day, and the legal deadline */
  receivedAt: Date;
  receiptDate: string;
  dueDate: string;
  definition: ProcedureDefinition;
  applicant: Applicant;
  answers: Answers;
  locale: Locale;
  /** The office queue the routing rules chose, and the rule that chose it (src/routing). */
  routing: RoutingDecision;
  /** stored, waiting for its fees to be paid before it is filed */
  awaitingPayment: boolean;
}

export const DEFAULT_ACCEPT = ['application/pdf', 'image/jpeg', 'image/png'];
export const DEFAULT_MAX_SIZE_MB = 10;
export const JOURNEY_PRIVACY = 'informativa';
export const JOURNEY_APPLICANT = 'dati-generali';

export interface DraftContext {
  draft: DraftRow;
  procedure: { id: number; slug: string };
  definition: ProcedureDefinition;
}

/** A display name for a file: its base name without control characters, never a path. */
export function safeFileName(name: string): string {
  // control characters are exactly what must go
  // eslint-disable-next-line no-control-regex
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"<>]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

export function createSubmissionsService(
  db: DB,
  options: { storage: FileStorage; draftDays: number; hooks?: Partial<FilingHooks>; onNumbered?: NumberedHook },
) {
  const hooks: FilingHooks = { stored: options.hooks?.stored ?? [], filed: options.hooks?.filed ?? [] };
  const draftExpiry = () => new Date(Date.now() + options.draftDays * 24 * 3600 * 1000);
  const intake = createIntakeBatcher(db, hooks, options.onNumbered);

  // Published versions never change (a change is a new version): each is read and parsed once
  // per process, not on every page of every journey.
  const definitions = new Map<string, Promise<ProcedureDefinition | undefined>>();
  function definitionOf(procedureId: number, version: number): Promise<ProcedureDefinition | undefined> {
    const key = `${procedureId}:${version}`;
    let found = definitions.get(key);
    if (!found) {
      if (definitions.size >= 1000) definitions.clear();
      found = catalogueRepo.findVersion(db, procedureId, version);
      definitions.set(key, found);
      found.then((definition) => definition ?? definitions.delete(key)).catch(() => definitions.delete(key));
    }
    return found;
  }

  function checkAccess(applicant: Applicant, definition: ProcedureDefinition) {
    if (applicant.spidLevel < definition.spidLevel) throw new InsufficientLevelError(definition.spidLevel);
    if (definition.audience === 'businesses' && !applicant.company) throw new WrongAudienceError('businesses');
    if (definition.audience === 'citizens' && applicant.company) throw new WrongAudienceError('citizens');
  }

  async function loadDraft(applicant: Applicant, slug: string): Promise<DraftContext | undefined> {
    const found = await repo.findProcedureAndDraft(db, ownerOf(applicant), slug);
    if (!found) throw new NotFoundError(`procedure ${slug}`);
    const { draft, procedure } = found;
    if (!draft) return undefined;
    // the draft keeps the version it began on, even after a newer one is published
    const definition = await definitionOf(procedure.id, draft.procedure_version);
    if (!definition) throw new NotFoundError('draft version');
    checkAccess(applicant, definition);
    return { draft, procedure: { id: procedure.id, slug }, definition };
  }

  return {
    checkAccess,
    loadDraft,

    /** Resumes the person's draft of the procedure, or begins one. */
    async begin(applicant: Applicant, slug: string): Promise<DraftContext> {
      const existing = await loadDraft(applicant, slug);
      if (existing) return existing;
      const procedure = await catalogueRepo.findPublished(db, slug);
      if (!procedure) throw new NotFoundError(`procedure ${slug}`);
      checkAccess(applicant, procedure.definition);
      // calls and click days: no new draft outside the opening window or past the cap
      await assertIntakeOpen(db, procedure.id, procedure.definition);
      const draft = await repo.createDraft(db, ownerOf(applicant), procedure.id, procedure.version, draftExpiry());
      return { draft, procedure: { id: procedure.id, slug }, definition: procedure.definition };
    },

    /** Where a person resumes: the first part of the journey not yet completed. */
    resumeTarget(context: DraftContext): string {
      const done = new Set(context.draft.completed_steps);
      if (!context.draft.privacy_accepted_at) return JOURNEY_PRIVACY;
      if (!done.has(JOURNEY_APPLICANT)) return JOURNEY_APPLICANT;
      const answers = context.draft.answers as Answers;
      const step = visibleSteps(context.definition.form, answers).find((s) => !done.has(s.id));
      return step ? `passo/${step.id}` : 'riepilogo';
    },

    async acceptPrivacy(context: DraftContext): Promise<void> {
      await repo.updateDraft(db, context.draft.id, { privacyAcceptedAt: new Date(), expiresAt: draftExpiry() });
    },

    async completeStep(context: DraftContext, stepId: string, stepAnswers: Answers | null): Promise<Answers> {
      const previous = context.draft.answers as Answers;
      const answers = stepAnswers ? pruneAnswers(context.definition.form, mergeStepAnswers(context.definition.form, stepId, previous, stepAnswers)) : previous;
      const completed = [...new Set([...context.draft.completed_steps, stepId])];
      await repo.updateDraft(db, context.draft.id, { answers, completedSteps: completed, expiresAt: draftExpiry() });
      return answers;
    },

    /** Keeps what was typed on a step without completing it (an "add another" or a file removed). */
    async keepStepAnswers(context: DraftContext, stepId: string, stepAnswers: Answers): Promise<void> {
      const answers = mergeStepAnswers(context.definition.form, stepId, context.draft.answers as Answers, stepAnswers);
      await repo.updateDraft(db, context.draft.id, { answers, expiresAt: draftExpiry() });
    },

    async deleteDraft(applicant: Applicant, draftId: string): Promise<void> {
      const draft = await repo.findDraftById(db, ownerOf(applicant), draftId);
      if (!draft) throw new NotFoundError('draft');
      const files = await repo.draftAttachments(db, draft.id);
      await db.transaction().execute(async (trx) => {
        await repo.deleteUnusedDraftAttachments(trx, draft.id);
        await repo.deleteDraft(trx, draft.id);
      });
      await Promise.all(files.map((f) => options.storage.delete(f.storage_key)));
    },

    /**
     * Stores one uploaded file for a field of the draft: size limited while streaming, the
     * type decided from the bytes and checked against the field's list, the SHA-256 recorded.
     * Refused files leave nothing behind.
     */
    async storeUpload(context: DraftContext, field: FieldDefinition, upload: { stream: Readable; fileName: string }, alreadyThere: number): Promise<FileRef> {
      const name = safeFileName(upload.fileName);
      const max = field.max ?? 1;
      if (alreadyThere >= max) {
        upload.stream.resume();
        throw new UploadRefusedError(field.name, 'tooMany', name);
      }
      const maxBytes = Math.round((field.maxSizeMb ?? DEFAULT_MAX_SIZE_MB) * 1024 * 1024);
      let stored;
      try {
        stored = await options.storage.put(upload.stream, maxBytes);
      } catch (error) {
        if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new UploadRefusedError(field.name, 'tooLarge', name);
        }
        throw error;
      }
      const refuse = async (reason: 'empty' | 'wrongType') => {
        await options.storage.delete(stored.key);
        throw new UploadRefusedError(field.name, reason, name);
      };
      if (stored.size === 0) return refuse('empty');
      const detected = await fileTypeFromBuffer(stored.head);
      const accept = field.accept ?? DEFAULT_ACCEPT;
      if (!detected || !accept.includes(detected.mime)) return refuse('wrongType');
      const id = randomUUID();
      await repo.insertAttachment(db, {
        id,
        ownerFiscalCode: context.draft.owner_fiscal_code,
        draftId: context.draft.id,
        fieldName: field.name,
        originalName: name,
        contentType: detected.mime,
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
      });
      return { id, name, size: stored.size, contentType: detected.mime, sha256: stored.sha256 };
    },

    async removeUpload(context: DraftContext, fileId: string): Promise<void> {
      const key = await repo.deleteDraftAttachment(db, context.draft.id, fileId);
      if (key) await options.storage.delete(key);
    },

    /**
     * Files the draft. Returns the filing's public id; with a key already used, the filing
     * that key made (a double click files once and shows the same receipt). Validation
     * failures return the step to fix.
     */
    async submit(
      applicant: Applicant,
      slug: string,
      idempotencyKey: string,
      locale: Locale,
    ): Promise<{ ok: true; publicId: string; created: boolean; awaitingPayment: boolean } | { ok: false; stepId: string }> {
      const owner = ownerOf(applicant);
      if (!/^[0-9a-f-]{36}$/.test(idempotencyKey)) throw new DomainError('bad idempotency key');
      const context = await loadDraft(applicant, slug);
      if (!context || context.draft.idempotency_key !== idempotencyKey) {
        // a key already used (a double click, a retry after a timeout): show that filing
        const already = await alreadyFiled(owner, idempotencyKey);
        if (already) return already;
        throw new NotFoundError(context ? 'stale summary' : 'draft');
      }
      const { definition } = context;
      const result = validateAll(definition.form, context.draft.answers as Answers, locale);
      if (!result.ok) return { ok: false, stepId: result.errors[0]!.stepId };
      if (!context.draft.privacy_accepted_at) return { ok: false, stepId: JOURNEY_PRIVACY };

      const summary = summaryView(definition.form, result.answers, locale);
      const snapshot: SummarySnapshot = {
        steps: summary.steps.map((step) => ({ id: step.stepId, title: step.title, rows: step.rows.map((row) => ({ label: row.label, lines: row.lines })) })),
      };
      const awaitingPayment = mustPayBeforeFiling(definition.fees, result.answers);
      // the competent office's queue, by the procedure's routing rules (pure; recorded by the hooks)
      const routing = routeDefinition(definition, result.answers, applicant.company ? 'business' : 'citizen');
      const { company, ...person } = applicant;
      // stored with the filings arriving now, in one transaction (intake-batch.ts); the opening
      // window and the cap are checked there, under a lock on the procedure when it has a cap
      const outcome = await intake
        .file({
          row: {
            idempotencyKey,
            procedureId: context.procedure.id,
            procedureVersion: context.draft.procedure_version,
            owner,
            applicant: person,
            company: company ?? null,
            answers: result.answers,
            summary: snapshot,
            locale,
            subject: `${definition.title.it} - ${applicant.company?.name ?? `${applicant.givenName} ${applicant.familyName}`}`,
            officeCode: routing.office,
            durationDays: definition.durationDays,
            awaitingPayment,
          },
          draftId: context.draft.id,
          fileIds: collectFileIds(result.answers),
          filed: { procedureId: context.procedure.id, procedureSlug: slug, definition, applicant, answers: result.answers, locale, routing, awaitingPayment },
        })
        .catch(async (error: unknown) => {
          // a second send of a filing made meanwhile may find the window closed or the cap
          // reached by that very filing: it is shown the filing, not refused
          if (error instanceof IntakeClosedError && (await alreadyFiled(owner, idempotencyKey))) return { alreadyFiled: true as const };
          throw error;
        });
      if ('alreadyFiled' in outcome) {
        // the same key committed meanwhile (a concurrent double click): show that filing
        const first = await alreadyFiled(owner, idempotencyKey);
        if (!first) throw new Error('idempotency conflict without a filing');
        return first;
      }
      await Promise.all(outcome.unusedFiles.map((key) => options.storage.delete(key)));
      return { ok: true, publicId: outcome.stored.public_id, created: true, awaitingPayment };
    },

    /**
     * Inside the transaction that marks a filing's payment paid: a filing held for it is filed
     * now, with this moment as its receipt time (under the intake lock, so the registrar numbers
     * it in order), and goes to its office. False when it was not held (already released, or
     * a payment the office asked for later).
     */
    async releaseAfterPayment(trx: Transaction<Database>, submissionId: number): Promise<boolean> {
      const held = await repo.findSubmissionById(trx, submissionId);
      if (!held || held.status !== AWAITING_PAYMENT) return false;
      const [definition, procedure] = await Promise.all([definitionOf(held.procedure_id, held.procedure_version), catalogueRepo.findSlug(trx, held.procedure_id)]);
      if (!definition) throw new Error(`procedure version of filing ${submissionId} missing`);
      await repo.holdIntakeLock(trx);
      const released = await repo.releaseAwaitingPayment(trx, submissionId, definition.durationDays);
      if (!released) return false;
      const answers = released.answers as Answers;
      const applicant: Applicant = { ...released.applicant, company: released.company ?? undefined };
      const filing: FiledSubmission = {
        id: released.id,
        publicId: released.public_id,
        procedureId: released.procedure_id,
        procedureSlug: procedure,
        receivedAt: released.received_at,
        receiptDate: released.receipt_date,
        dueDate: released.due_date,
        definition,
        applicant,
        answers,
        locale: released.locale,
        // the routing rules are pure: the same answers choose the same office as at "Invia"
        routing: { ...routeDefinition(definition, answers, released.company ? 'business' : 'citizen'), office: released.office_code },
        awaitingPayment: false,
      };
      for (const hook of hooks.filed) await hook(trx, [filing]);
      return true;
    },

    /** Inside the transaction that marks a held filing's payment expired: it will not be filed. */
    async lapseAfterExpiry(trx: Transaction<Database>, submissionId: number): Promise<boolean> {
      return repo.lapseAwaitingPayment(trx, submissionId);
    },

    async desk(applicant: Applicant) {
      const owner = ownerOf(applicant);
      const [drafts, submissions] = await Promise.all([repo.listDrafts(db, owner), repo.listOwnSubmissions(db, owner)]);
      return { drafts, submissions };
    },

    /** One of the person's own filings, with what its pages show; 404 for anyone else's. */
    async ownSubmission(applicant: Applicant, publicId: string) {
      const submission = await repo.findOwnSubmission(db, ownerOf(applicant), publicId);
      if (!submission) throw new NotFoundError('submission');
      return describeSubmission(submission);
    },

    async rate(applicant: Applicant, publicId: string, rating: number, comment: string | null) {
      const submission = await repo.findOwnSubmission(db, ownerOf(applicant), publicId);
      if (!submission) throw new NotFoundError('submission');
      await repo.rateSubmission(db, submission.id, rating, comment);
    },

    /** An attachment of the person's own filing or draft, as a stream to download. */
    async ownAttachment(applicant: Applicant, publicId: string, attachmentId: string) {
      const submission = await repo.findOwnSubmission(db, ownerOf(applicant), publicId);
      if (!submission) throw new NotFoundError('submission');
      const file = (await repo.submissionAttachments(db, submission.id)).find((a) => a.id === attachmentId);
      if (!file) throw new NotFoundError('attachment');
      return { file, stream: await options.storage.get(file.storage_key) };
    },

    describeSubmission,
    protocolBacklog: () => repo.protocolBacklog(db),

    /** Removes expired drafts and their files; returns how many files went. */
    async purgeExpiredDrafts(now = new Date()): Promise<number> {
      const keys = await repo.deleteExpiredDrafts(db, now);
      await Promise.all(keys.map((key) => options.storage.delete(key)));
      return keys.length;
    },
  };

  async function alreadyFiled(owner: Owner, idempotencyKey: string) {
    const filing = await repo.findSubmissionByKey(db, owner, idempotencyKey);
    return filing && { ok: true as const, publicId: filing.public_id, created: false, awaitingPayment: filing.status === AWAITING_PAYMENT };
  }

  async function describeSubmission(submission: SubmissionRow) {
    const [procedure, version, attachments, protocol] = await Promise.all([
      db.selectFrom('procedures').select(['slug', 'title_it', 'title_en']).where('id', '=', submission.procedure_id).executeTakeFirstOrThrow(),
      catalogueRepo.findVersion(db, submission.procedure_id, submission.procedure_version),
      repo.submissionAttachments(db, submission.id),
      repo.protocolOf(db, submission.id),
    ]);
    const office = await catalogueRepo.findOffice(db, submission.office_code);
    return { submission, procedure, definition: version!, attachments, protocol, office };
  }
}

function collectFileIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(collectFileIds);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.sha256 === 'string') return [record.id];
    return Object.values(record).flatMap(collectFileIds);
  }
  return [];
}

export type SubmissionsService = ReturnType<typeof createSubmissionsService>;

// ---- filings counted for other domains (the administration's lists, a procedure's cap); they
// take the caller's database or transaction

/** How many filings each procedure has (every version). */
export const countFilingsByProcedure = (db: DB): Promise<Map<number, number>> => repo.countFilingsByProcedure(db);

/** How many filings each version of a procedure has. */
export const countFilingsByVersion = (db: DB, procedureId: number): Promise<Map<number, number>> => repo.countFilingsByVersion(db, procedureId);

/** How many filings a procedure has had since an instant (ISO 8601), or ever. */
export const countFilingsSince = (db: DB, procedureId: number, since: string | null): Promise<number> => repo.countFilingsSince(db, procedureId, since ? new Date(since) : null);

/**
 * What the back office tells the filing when its case moves: the filing's status, office and
 * due date (what the personal area, receipts and messages read) follow the case, written here.
 */
export async function recordCaseProgress(trx: Transaction<Database>, submissionId: number, progress: { status?: string; officeCode?: string; dueDate?: string }): Promise<void> {
  await repo.setFilingProgress(trx, submissionId, progress);
}

/** The id of the person's own filing (or of the company they act for), or undefined for anyone else's. */
export async function ownFilingId(db: DB, owner: Owner, publicId: string): Promise<number | undefined> {
  return (await repo.findOwnSubmission(db, owner, publicId))?.id;
}
