// The draft of an application: a person begins (or resumes) the one draft of a procedure, on
// the version published at that moment, accepts the privacy notice, confirms the applicant
// data the identity gave and completes the steps, each saved as it is completed. A draft
// lives `draftDays` after its last change; expired drafts and their files are purged.
import type { DraftRepresentation } from './submissions.table.ts';
import { assertIntakeOpen } from './intake.ts';
import { publishedProcedure, publishedProcedureIdQuery, publishedProcedureRef } from '../catalogue/catalogue.service.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import { mergeStepAnswers, pruneAnswers, visibleSteps, type Answers } from '../forms/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { DAY_MS, type Clock } from '../platform/time.ts';
import { checkAccess, ownerOf, type Applicant } from './access.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import type { DefinitionOf } from './definitions.ts';
import * as repo from './drafts.repository.ts';
import type { FileStorage } from './storage.ts';
import type { DraftRow } from './submissions.table.ts';
import { NO_OBSERVER, type JourneyObserver } from './journey-observer.ts';

/** The journey's own pages before the procedure's steps (their path under /domanda). */
export const JOURNEY_PRIVACY = 'informativa';
export const JOURNEY_APPLICANT = 'dati-generali';

export interface DraftContext {
  draft: DraftRow;
  procedure: { id: number; slug: string };
  definition: ProcedureDefinition;
}

/**
 * A rule of another domain checked before a draft begins, which refuses by throwing (a domain
 * error with its page): the person is told at once, not after filling the form. The rule is
 * checked again where it is the authority (at filing).
 */
export type BeginningCheck = (db: DB, beginning: { procedureId: number; definition: ProcedureDefinition; applicant: Applicant }) => Promise<void>;

/** The page a draft resumes on: the first part of the journey not yet completed. */
export function journeyPosition(draft: Pick<DraftRow, 'completed_steps' | 'privacy_accepted_at' | 'answers'>, definition: ProcedureDefinition): string {
  const done = new Set(draft.completed_steps);
  if (!draft.privacy_accepted_at) return JOURNEY_PRIVACY;
  if (!done.has(JOURNEY_APPLICANT)) return JOURNEY_APPLICANT;
  const step = visibleSteps(definition.form, draft.answers as Answers).find((s) => !done.has(s.id));
  return step ? `passo/${step.id}` : 'riepilogo';
}

export function createDraftsService(db: DB, options: { storage: FileStorage; draftDays: number; definitionOf: DefinitionOf; clock: Clock; observer?: JourneyObserver | undefined; beginning?: readonly BeginningCheck[] | undefined }) {
  const { clock, definitionOf } = options;
  const observer = options.observer ?? NO_OBSERVER;
  const place = (context: DraftContext, page: string) => ({ procedureId: context.procedure.id, version: context.draft.procedure_version, step: page.replace(/^passo\//, '') });
  /** Where each draft expired at `now` had got to (by procedure version; no identifier leaves here). */
  async function abandonedPlaces(trx: DB, now: Date) {
    const places = [];
    for (const row of await repo.expiredDraftPositions(trx, now)) {
      const definition = await definitionOf(row.procedure_id, row.procedure_version);
      if (definition) places.push({ procedureId: row.procedure_id, version: row.procedure_version, step: journeyPosition(row, definition).replace(/^passo\//, '') });
    }
    return places;
  }
  const expiryFrom = (now: Date) => new Date(now.getTime() + options.draftDays * DAY_MS);

  async function loadDraft(applicant: Applicant, slug: string): Promise<DraftContext | undefined> {
    const draft = await repo.findLiveDraft(db, ownerOf(applicant), publishedProcedureIdQuery(db, slug), clock());
    if (!draft) {
      // no draft: is there such a procedure at all (404), or only no draft of it (undefined)?
      if (!(await publishedProcedureRef(db, slug))) throw new NotFoundError(`procedure ${slug}`);
      return undefined;
    }
    // the draft keeps the version it began on, even after a newer one is published
    const definition = await definitionOf(draft.procedure_id, draft.procedure_version);
    if (!definition) throw new NotFoundError('draft version');
    checkAccess(applicant, definition);
    return { draft, procedure: { id: draft.procedure_id, slug }, definition };
  }

  async function save(context: DraftContext, changes: Omit<Parameters<typeof repo.updateDraft>[2], 'expiresAt'>): Promise<void> {
    const now = clock();
    await repo.updateDraft(db, context.draft.id, { ...changes, expiresAt: expiryFrom(now) }, now);
  }

  return {
    checkAccess,
    loadDraft,

    /** Resumes the person's draft of the procedure, or begins one. */
    async begin(applicant: Applicant, slug: string): Promise<DraftContext> {
      const existing = await loadDraft(applicant, slug);
      if (existing) return existing;
      const procedure = await publishedProcedure(db, slug);
      if (!procedure) throw new NotFoundError(`procedure ${slug}`);
      checkAccess(applicant, procedure.definition);
      const now = clock();
      // calls and click days: no new draft outside the opening window or past the cap
      await assertIntakeOpen(db, procedure.id, procedure.definition, now);
      for (const check of options.beginning ?? []) await check(db, { procedureId: procedure.id, definition: procedure.definition, applicant });
      const draft = await repo.createDraft(db, ownerOf(applicant), procedure.id, procedure.version, expiryFrom(now), now);
      observer.reached({ procedureId: procedure.id, version: procedure.version, step: JOURNEY_PRIVACY });
      return { draft, procedure: { id: procedure.id, slug }, definition: procedure.definition };
    },

    /** Where a person resumes: the first part of the journey not yet completed. */
    resumeTarget(context: DraftContext): string {
      return journeyPosition(context.draft, context.definition);
    },

    async acceptPrivacy(context: DraftContext): Promise<void> {
      await save(context, { privacyAcceptedAt: clock() });
      if (!context.draft.privacy_accepted_at) observer.reached(place(context, JOURNEY_APPLICANT));
    },

    async completeStep(context: DraftContext, stepId: string, stepAnswers: Answers | null): Promise<Answers> {
      const previous = context.draft.answers as Answers;
      const answers = stepAnswers ? pruneAnswers(context.definition.form, mergeStepAnswers(context.definition.form, stepId, previous, stepAnswers)) : previous;
      const completed = [...new Set([...context.draft.completed_steps, stepId])];
      await save(context, { answers, completedSteps: completed });
      // the page this step leads to, counted once per draft (src/insight)
      if (!context.draft.completed_steps.includes(stepId)) observer.reached(place(context, journeyPosition({ ...context.draft, answers, completed_steps: completed }, context.definition)));
      return answers;
    },

    /** What the draft keeps about acting for others (representation.ts). */
    async keepRepresentation(context: DraftContext, representation: DraftRepresentation): Promise<void> {
      await save(context, { representation });
    },

    /** Keeps what was typed on a step without completing it (an "add another" or a file removed). */
    /**
     * The files of a step not completed yet, kept as they are: the step's own answers (which
     * the conditions of a group holding them may read) are not known until it is completed.
     */
    async keepFiles(context: DraftContext, files: Answers): Promise<void> {
      await save(context, { answers: { ...(context.draft.answers as Answers), ...files } });
    },

    async keepStepAnswers(context: DraftContext, stepId: string, stepAnswers: Answers): Promise<void> {
      const answers = mergeStepAnswers(context.definition.form, stepId, context.draft.answers as Answers, stepAnswers);
      await save(context, { answers });
    },

    async deleteDraft(applicant: Applicant, draftId: string): Promise<void> {
      const draft = await repo.findDraftById(db, ownerOf(applicant), draftId);
      if (!draft) throw new NotFoundError('draft');
      const files = await attachmentsRepo.draftAttachments(db, draft.id);
      await db.transaction().execute(async (trx) => {
        await attachmentsRepo.deleteUnusedDraftAttachments(trx, draft.id);
        await repo.deleteDraft(trx, draft.id);
      });
      await Promise.all(files.map((f) => options.storage.delete(f.storage_key)));
    },

    /** Removes the drafts expired at `now` and their files; returns how many files went. */
    async purgeExpiredDrafts(now = clock()): Promise<number> {
      const keys = await db.transaction().execute(async (trx) => {
        await observer.abandoned(trx, await abandonedPlaces(trx, now), now);
        const files = await attachmentsRepo.deleteFilesOfExpiredDrafts(trx, now);
        await repo.deleteExpiredDrafts(trx, now);
        return files;
      });
      await Promise.all(keys.map((key) => options.storage.delete(key)));
      return keys.length;
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;

