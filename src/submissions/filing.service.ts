// Filing a draft: the whole journey is validated again against the exact version the draft
// began on, and the filing, its attachments, the closing of the draft and whatever other
// domains hook on (routing, notifications, payments) happen in one transaction, once per
// idempotency key. A filing whose fees are paid before submission is stored and held, and filed
// when the payment is settled (or never, when its notice lapses).
import type { Transaction } from 'kysely';
import { IntakeClosedError } from './intake.ts';
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { applicableExit, envOf, summaryView, validateAll, type Answers } from '../forms/index.ts';
import { JOURNEY_EXIT } from './exit-page.ts';
import { mustPayBeforeFiling } from '../payments/fees.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import { routeDefinition, type RoutingDecision } from '../routing/index.ts';
import { filerSnapshot, ownerOf, partiesOf, type Applicant, type Filer } from './access.ts';
import { SELF } from '../representation/acting.ts';
import { coApplicantsOf } from './representation.ts';
import type { DefinitionOf } from './definitions.ts';
import { JOURNEY_PRIVACY, type DraftContext, type DraftsService } from './drafts.service.ts';
import { JOURNEY_PROCURA, type ProcuraState } from './representation.ts';
import { createIntakeBatcher } from './intake-batch.ts';
import { numberPending, type NumberedHook } from './protocol.ts';
import { holdIntakeLock } from './protocol.repository.ts';
import type { FileStorage } from './storage.ts';
import { StampUsedError, type StampsRegister } from './stamps.ts';
import * as repo from './submissions.repository.ts';
import { AWAITING_PAYMENT, NOT_FILED, type Owner, type SubmissionRow, type SummarySnapshot } from './submissions.table.ts';
import type { StreetsPort } from './journey.service.ts';
import type { JourneyObserver } from './journey-observer.ts';
import type { BeginningCheck } from './drafts.service.ts';

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
  /** before a draft begins: another domain's rule may refuse it at once (src/calls: one application per person) */
  beginning?: BeginningCheck[];
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
  /** the draft it was filed from (gone by the time hooks run: other domains' rows keyed by it move to the filing) */
  draftId?: string | undefined;
}

const IDEMPOTENCY_KEY = /^[0-9a-f-]{36}$/;

export type SubmitResult = { ok: true; publicId: string; created: boolean; awaitingPayment: boolean } | { ok: false; stepId: string };

export interface FilingOptions {
  storage: FileStorage;
  hooks: FilingHooks;
  onNumbered?: NumberedHook | undefined;
  /** the protocol registry's numbering in an intake batch (default: the built-in register's) */
  numberInIntake?: ((trx: Transaction<Database>) => Promise<unknown>) | undefined;
  drafts: DraftsService;
  definitionOf: DefinitionOf;
  clock: Clock;
  /** what a professional's filing for a client stands on (representation.ts) */
  procuraState: (applicant: Applicant, context: DraftContext) => Promise<ProcuraState>;
  /** the comune's street list for street fields (src/places) */
  streets?: StreetsPort | undefined;
  /** the revenue stamps filings used (stamps.ts) */
  stamps: StampsRegister;
  /** hears of each filing made, with when its draft began (src/insight) */
  observer?: JourneyObserver | undefined;
}

/** The filing a key already made, as `submit` answers it. */
async function filingOfKey(db: DB, owner: Owner, idempotencyKey: string) {
  const filing = await repo.findSubmissionByKey(db, owner, idempotencyKey);
  return filing && { ok: true as const, publicId: filing.public_id, created: false, awaitingPayment: filing.status === AWAITING_PAYMENT };
}

export function createFilingService(db: DB, options: FilingOptions) {
  const { hooks, drafts, definitionOf } = options;
  const intake = createIntakeBatcher(db, hooks, options.numberInIntake ?? ((trx) => numberPending(trx, undefined, options.onNumbered)), options.clock);

  const alreadyFiled = (owner: Owner, idempotencyKey: string) => filingOfKey(db, owner, idempotencyKey);

  return {
    /** Whether this key made a filing of the applicant's already: a resend only shows it again. */
    async isFiled(applicant: Applicant, idempotencyKey: string): Promise<boolean> {
      return IDEMPOTENCY_KEY.test(idempotencyKey) && (await alreadyFiled(ownerOf(applicant), idempotencyKey)) !== undefined;
    },

    /**
     * Files the draft. Returns the filing's public id; with a key already used, the filing
     * that key made (a double click files once and shows the same receipt). Validation
     * failures return the step to fix.
     */
    async submit(applicant: Applicant, slug: string, idempotencyKey: string, locale: Locale): Promise<SubmitResult> {
      const owner = ownerOf(applicant);
      if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new DomainError('bad idempotency key');
      const context = await drafts.loadDraft(applicant, slug);
      if (!context || context.draft.idempotency_key !== idempotencyKey) {
        // a key already used (a double click, a retry after a timeout): show that filing
        const already = await alreadyFiled(owner, idempotencyKey);
        if (already) return already;
        throw new NotFoundError(context ? 'stale summary' : 'draft');
      }
      const { definition } = context;
      const today = romeDate(options.clock());
      const result = validateAll(definition.form, context.draft.answers as Answers, locale, { today, streets: await options.streets?.() });
      if (!result.ok) return { ok: false, stepId: result.errors[0]!.stepId };
      // answers that meet an exit are never filed, whatever the browser sent (src/forms/exits.ts)
      if (applicableExit(definition.form, result.answers, envOf(definition.form, today))) return { ok: false, stepId: JOURNEY_EXIT };
      if (!context.draft.privacy_accepted_at) return { ok: false, stepId: JOURNEY_PRIVACY };
      // a stamp used by another filing meanwhile: back to its step, which says so
      const stampProblem = (await options.stamps.problems(definition.form, result.answers, locale))[0];
      if (stampProblem) return { ok: false, stepId: stampProblem.stepId };

      // a professional files for a client on a delegation in the portal or a procura speciale
      const procura = await options.procuraState(applicant, context);
      if (procura.kind === 'missing') return { ok: false, stepId: JOURNEY_PROCURA };
      applicant = withProcura(applicant, procura);
      const fileIds = [...collectFileIds(result.answers), ...(procura.kind === 'attached' ? [procura.file.id] : [])];

      const awaitingPayment = mustPayBeforeFiling(definition.fees, result.answers, envOf(definition.form, today));
      // the competent office's queue, by the procedure's routing rules (pure; recorded by the hooks)
      const routing = routeDefinition(definition, result.answers, applicant.company ? 'business' : 'citizen', today);
      const { company, filer: _filer, ...person } = applicant;
      // stored with the filings arriving now, in one transaction (intake-batch.ts); the opening
      // window and the cap are checked there, under a lock on the procedure when it has a cap
      const outcome = await intake
        .file({
          row: {
            idempotencyKey,
            procedureId: context.procedure.id,
            procedureVersion: context.draft.procedure_version,
            applicant: { ...person, coApplicants: coApplicantsOf(context.draft.representation) },
            company: company ?? null,
            filer: filerSnapshot(applicant.filer),
            parties: partiesOf(applicant, coApplicantsOf(context.draft.representation).map((c) => c.fiscalCode)),
            desk: deskOf(applicant),
            answers: result.answers,
            summary: summarySnapshot(definition, result.answers, locale),
            locale,
            subject: `${definition.title.it} - ${applicant.company?.name ?? `${applicant.givenName} ${applicant.familyName}`}`,
            officeCode: routing.office,
            durationDays: definition.durationDays,
            awaitingPayment,
          },
          draftId: context.draft.id,
          fileIds,
          filed: { procedureId: context.procedure.id, procedureSlug: slug, definition, applicant, answers: result.answers, locale, routing, awaitingPayment, draftId: context.draft.id },
        })
        .catch(async (error: unknown) => {
          // a second send of a filing made meanwhile may find the window closed or the cap
          // reached by that very filing: it is shown the filing, not refused
          if (error instanceof IntakeClosedError && (await alreadyFiled(owner, idempotencyKey))) return { alreadyFiled: true as const };
          // a concurrent filing took the same stamp first: nothing of this one was stored
          if (error instanceof StampUsedError) return { stampUsed: error.stepId } as { stampUsed: string };
          throw error;
        });
      if ('stampUsed' in outcome) return { ok: false, stepId: outcome.stampUsed };
      if ('alreadyFiled' in outcome) {
        // the same key committed meanwhile (a concurrent double click): show that filing
        const first = await alreadyFiled(owner, idempotencyKey);
        if (!first) throw new Error('idempotency conflict without a filing');
        return first;
      }
      await Promise.all(outcome.unusedFiles.map((key) => options.storage.delete(key)));
      options.observer?.filed({ procedureId: context.procedure.id, version: context.draft.procedure_version }, context.draft.created_at, options.clock());
      return { ok: true, publicId: outcome.stored.public_id, created: true, awaitingPayment };
    },

    /**
     * Inside the transaction that marks a filing's payment paid: a filing held for it is filed
     * now, with this moment as its receipt time (under the intake lock, so the registrar numbers
     * it in order), and goes to its office. So is a filing that lapsed because its notice
     * expired, when the payment arrives after all: the comune has the money. False when it was
     * not held (already released, or a payment the office asked for later).
     */
    async releaseAfterPayment(trx: Transaction<Database>, submissionId: number): Promise<boolean> {
      const held = await repo.findSubmissionById(trx, submissionId);
      if (!held || !NOT_FILED.includes(held.status)) return false;
      const [definition, names] = await Promise.all([definitionOf(held.procedure_id, held.procedure_version), procedureNames(trx, [held.procedure_id])]);
      const procedureSlug = names.get(held.procedure_id)?.slug;
      if (!definition || !procedureSlug) throw new Error(`procedure version of filing ${submissionId} missing`);
      await holdIntakeLock(trx);
      const released = await repo.releaseAwaitingPayment(trx, submissionId, definition.durationDays);
      if (!released) return false;
      const filing = filedOnRelease(released, definition, procedureSlug);
      for (const hook of hooks.filed) await hook(trx, [filing]);
      return true;
    },

    /** Inside the transaction that marks a held filing's payment expired: it will not be filed. */
    async lapseAfterExpiry(trx: Transaction<Database>, submissionId: number): Promise<boolean> {
      return repo.lapseAwaitingPayment(trx, submissionId);
    },
  };
}

/** The summary as the person confirmed it, kept with the filing (its receipt prints it). */
function summarySnapshot(definition: ProcedureDefinition, answers: Answers, locale: Locale): SummarySnapshot {
  const summary = summaryView(definition.form, answers, locale);
  return { steps: summary.steps.map((step) => ({ id: step.stepId, title: step.title, rows: step.rows.map((row) => ({ label: row.label, lines: row.lines })) })) };
}

/** A filing released by its payment, as the hooks receive it. */
function filedOnRelease(released: SubmissionRow & { receipt_date: string }, definition: ProcedureDefinition, procedureSlug: string): FiledSubmission {
  const answers = released.answers as Answers;
  return {
    id: released.id,
    publicId: released.public_id,
    procedureId: released.procedure_id,
    procedureSlug,
    receivedAt: released.received_at,
    receiptDate: released.receipt_date,
    dueDate: released.due_date,
    definition,
    applicant: { ...released.applicant, company: released.company ?? undefined, filer: filerOf(released) },
    answers,
    locale: released.locale,
    // the routing rules are pure: the same answers choose the same office as at "Invia"
    routing: { ...routeDefinition(definition, answers, released.company ? 'business' : 'citizen'), office: released.office_code },
    awaitingPayment: false,
  };
}

/** A professional's filing records the client's delegation it stands on, when there is one. */
function withProcura(applicant: Applicant, procura: ProcuraState): Applicant {
  const { acting } = applicant.filer;
  if (procura.kind !== 'delegation' || acting.basis.kind !== 'professional') return applicant;
  return { ...applicant, filer: { ...applicant.filer, acting: { ...acting, basis: { ...acting.basis, delegationId: procura.delegationId } } } };
}

/** The help desk and session of an assisted filing, or null online. */
function deskOf(applicant: Applicant): { desk: string; sessionId: string } | null {
  const basis = applicant.filer.acting.basis;
  return basis.kind === 'assisted' ? { desk: basis.desk, sessionId: basis.sessionId } : null;
}

/** The filer of a stored filing, for the hooks that run when its payment releases it. */
function filerOf(row: SubmissionRow): Filer {
  const filer = row.filer;
  const [givenName, ...rest] = (filer?.name ?? `${row.applicant.givenName} ${row.applicant.familyName}`).split(' ');
  return {
    fiscalCode: row.filer_fiscal_code || row.applicant_fiscal_code,
    givenName: givenName ?? '',
    familyName: rest.join(' '),
    email: filer?.email,
    spidLevel: row.applicant.spidLevel,
    // the ground it was filed on is in the row; hooks only read who filed
    acting: { ...SELF, basis: filer?.basis ?? SELF.basis },
  };
}

/** The ids of the files the answers reference (a file answer is a FileRef, at any depth). */
function collectFileIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(collectFileIds);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' && typeof record.sha256 === 'string') return [record.id];
    return Object.values(record).flatMap(collectFileIds);
  }
  return [];
}

export type FilingService = ReturnType<typeof createFilingService>;
