// The application journey, page by page: entering (through the click day's waiting room when
// the procedure has one), the privacy notice, the applicant data, each step of the procedure
// (its answers, its files, its "add another" and "remove" buttons, its validation) and the
// summary with the fees the answers come to. Each call answers what to show or where to go
// next; the route renders or redirects.
import { JOURNEY_PROCURA } from './representation.ts';
import { exitApplies, exitPage, JOURNEY_EXIT, targetAfterStep } from './exit-page.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import {
  envOf,
  applyAction,
  findStep,
  readAction,
  readStep,
  summaryView,
  validateStep,
  valuesFromAnswers,
  visibleSteps,
  FormStepError,
  type Answers,
  type FieldError,
  type StepValues,
  type SummaryView,
} from '../forms/index.ts';
import { computeFees, mustPayBeforeFiling } from '../payments/fees.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import type { Applicant } from './access.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY, type DraftContext, type DraftsService } from './drafts.service.ts';
import type { UploadsService } from './uploads.service.ts';
import type { Admission, Ticket, WaitingRoom } from './waiting-room.ts';
import type { StampsRegister } from './stamps.ts';
import { keepFilesOnButton, keepStepFiles, readInput, removeFile, withAnswers, type StepInput } from './step-files.ts';
import { NO_PREFILL, refuseChanged, type PrefillService, type StepPrefill } from '../prefill/prefill.service.ts';
import type { StreetDirectory } from '../places/streets.ts';
import { NO_OBSERVER, type JourneyObserver } from './journey-observer.ts';


/** Where the person's waiting-room ticket of the procedure is kept between visits, and whose it is. */
export interface TicketHolder {
  get(): Ticket | undefined;
  keep(ticket: Ticket): void;
  /** the person as the room recognises them across sessions (waiting-room.ts ticketHolder); null: the session only */
  holder: string | null;
  /** the call's opening time, where the room's clock starts */
  opensAt: string | undefined;
}

export type { StepInput } from './step-files.ts';

/** What a step's POST comes to: the step again (with errors, or after a button), or the next page. */
export type StepOutcome = { render: { context: DraftContext; values: StepValues; errors: FieldError[]; status: number; prefill?: StepPrefill } } | { redirect: string };

/** What the summary says of the fees: the amounts these answers come to, and when they are paid. */
export function feesSummary(definition: ProcedureDefinition, answers: Answers, locale: Locale, today?: string) {
  const fees = definition.fees;
  if (!fees) return null;
  if (fees.timing === 'on-request') return { timing: fees.timing, description: fees.description?.[locale] ?? '', items: [], onlineCents: 0, payFirst: false };
  const env = envOf(definition.form, today);
  const computed = computeFees(fees, answers, env);
  return {
    timing: fees.timing,
    description: '',
    items: computed.items.map((item) => ({ label: item.label[locale], amountCents: item.amountCents, stampSerial: item.stampSerial ?? null })),
    onlineCents: computed.onlineCents,
    payFirst: mustPayBeforeFiling(fees, answers, env),
  };
}

/** A step of the draft's form that the answers so far make visible; 404 otherwise. */
function visibleStep(context: DraftContext, stepId: string) {
  try {
    const step = findStep(context.definition.form, stepId);
    if (!visibleSteps(context.definition.form, context.draft.answers as Answers).some((s) => s.id === stepId)) throw new NotFoundError('step');
    return step;
  } catch (error) {
    if (error instanceof FormStepError) throw new NotFoundError('step');
    throw error;
  }
}

/** The person's place in the room while their turn has not come; null once it has (or they have a draft and no ticket). */
async function stillWaiting(waitingRoom: WaitingRoom, slug: string, tickets: TicketHolder, draft: () => Promise<DraftContext | undefined>): Promise<Admission | null> {
  const held = tickets.get();
  if (!held && (await draft())) return null;
  const admission = await waitingRoom.admission(slug, held, tickets.holder, tickets.opensAt);
  if (admission.ticket !== held) tickets.keep(admission.ticket);
  return admission.place.admitted ? null : admission;
}

/** Where the comune's street list comes from (src/places), for street fields; none: streets are free text. */
export type StreetsPort = () => Promise<StreetDirectory | null>;

/** A stamp of the step's answers already used by a filing (or twice in the application). */
async function stepStampErrors(stamps: StampsRegister | undefined, context: DraftContext, stepId: string, answers: Answers, locale: Locale): Promise<FieldError[]> {
  if (!stamps) return [];
  const problems = await stamps.problems(context.definition.form, answers, locale);
  return problems.filter((p) => p.stepId === stepId).map(({ stepId: _step, ...error }) => error);
}

/** What the step shows of prefill (values recorded, registers that did not answer); fetched only for `applicant`. */
function prefillForStep(prefill: PrefillService | undefined, applicant: Applicant | null, context: DraftContext, stepId: string): Promise<StepPrefill> {
  return prefill ? prefill.forStep(applicant, context.draft, context.definition.form, stepId) : Promise.resolve(NO_PREFILL);
}

export function createJourneyService(options: { drafts: DraftsService; uploads: UploadsService; waitingRoom: WaitingRoom; clock: Clock; prefill?: PrefillService | undefined; streets?: StreetsPort | undefined; stamps?: StampsRegister | undefined; observer?: JourneyObserver | undefined }) {
  const { drafts, uploads, waitingRoom, clock, prefill, streets } = options;
  const stampErrors = (context: DraftContext, stepId: string, answers: Answers, locale: Locale) => stepStampErrors(options.stamps, context, stepId, answers, locale);

  return observedRefusals({
    /**
     * Begins or resumes the person's application: their place in the waiting room when the
     * procedure has one and their turn has not come, else where to go. A person whose session
     * holds a ticket not yet admitted waits without any database read (nobody begins a draft
     * before their turn); a person without one who already has a draft goes straight on. A new
     * ticket is kept (in the person's session) as soon as it is taken.
     */
    async enter(applicant: Applicant, slug: string, tickets: TicketHolder): Promise<{ waiting: Admission } | { redirect: string }> {
      if (waitingRoom.guards(slug)) {
        const waiting = await stillWaiting(waitingRoom, slug, tickets, () => drafts.loadDraft(applicant, slug).catch(() => undefined));
        if (waiting) return { waiting };
      }
      const context = await drafts.begin(applicant, slug);
      return { redirect: drafts.resumeTarget(context) };
    },

    /** The privacy notice accepted (or not: false, the page again with its error). */
    async acceptPrivacy(context: DraftContext, accepted: boolean): Promise<boolean> {
      if (!accepted) return false;
      await drafts.acceptPrivacy(context);
      return true;
    },

    /** The applicant data confirmed: where the procedure's steps begin. */
    async confirmApplicant(context: DraftContext): Promise<string> {
      const answers = await drafts.completeStep(context, JOURNEY_APPLICANT, null);
      const first = visibleSteps(context.definition.form, answers)[0];
      return first ? `passo/${first.id}` : 'riepilogo';
    },

    /**
     * A step to show with the answers saved so far, or where to go first. A step not completed
     * yet shows the values the registers gave (src/prefill) where nothing is answered.
     */
    async openStep(applicant: Applicant, context: DraftContext, stepId: string, locale: Locale): Promise<{ redirect: string } | { values: StepValues; prefill: StepPrefill; errors: FieldError[] }> {
      if (!context.draft.completed_steps.includes(JOURNEY_APPLICANT)) return { redirect: drafts.resumeTarget(context) };
      visibleStep(context, stepId);
      const shown = await prefillForStep(prefill, applicant, context, stepId);
      const saved = context.draft.answers as Answers;
      const prefilled = context.draft.completed_steps.includes(stepId) ? {} : Object.fromEntries(Object.entries(shown.marks).map(([name, mark]) => [name, mark.value as Answers[string]]));
      // a filing refused for a stamp used meanwhile comes back here: the step says why
      const errors = await stampErrors(context, stepId, saved, locale);
      return { values: valuesFromAnswers(context.definition.form, stepId, { ...prefilled, ...saved }, locale), prefill: shown, errors };
    },

    /**
     * A step's form sent: a button ("add another", "remove this file") shows the step again,
     * refused files or answers show it with errors (keeping the files that did go in), valid
     * answers complete the step and go on to the next one (or back to the summary).
     */
    async postStep(context: DraftContext, stepId: string, input: StepInput, options: { locale: Locale; returnToSummary: boolean }): Promise<StepOutcome> {
      visibleStep(context, stepId);
      const form = context.definition.form;
      const { body, answers, uploadErrors } = await readInput(uploads, context, stepId, input, options.locale);
      const action = readAction(body);
      if (action?.kind === 'removeFile') {
        const kept = await removeFile(uploads, drafts, context, answers, action);
        return { render: { context: kept, values: readStep(form, stepId, body, kept.draft.answers as Answers), errors: [], status: 200 } };
      }
      const withFiles = withAnswers(context, answers);
      if (action) {
        await keepFilesOnButton(drafts, context, stepId, answers, action);
        return { render: { context: withFiles, values: applyAction(form, stepId, body, answers, action), errors: [], status: 200 } };
      }
      if (uploadErrors.length > 0) {
        // keep the files that did go in, show what was refused
        await keepStepFiles(drafts, context, stepId, answers);
        return { render: { context: withFiles, values: readStep(form, stepId, body, answers), errors: uploadErrors, status: 422 } };
      }
      const result = validateStep(form, stepId, body, answers, options.locale, { today: romeDate(clock()), streets: await streets?.() });
      const shown = await prefillForStep(prefill, null, context, stepId);
      if (!result.ok) {
        await keepStepFiles(drafts, context, stepId, answers);
        return { render: { context: withFiles, values: result.values, errors: result.errors, status: 422, prefill: shown } };
      }
      // a value the procedure keeps as the register gave it, changed anyway (the page shows it read-only)
      const refused = prefill ? refuseChanged(form, stepId, result.answers, await prefill.locked(context.draft.id, form, stepId), options.locale) : null;
      if (refused && refused.errors.length > 0) {
        return { render: { context: withFiles, values: { ...readStep(form, stepId, body, answers), ...refused.values }, errors: refused.errors, status: 422, prefill: shown } };
      }
      const usedStamps = await stampErrors(context, stepId, { ...answers, ...result.answers }, options.locale);
      if (usedStamps.length > 0) return { render: { context: withFiles, values: readStep(form, stepId, body, answers), errors: usedStamps, status: 422, prefill: shown } };
      const saved = await drafts.completeStep(withFiles, stepId, result.answers);
      return { redirect: targetAfterStep(form, stepId, saved, romeDate(clock()), options.returnToSummary) };
    },

    /** The summary of a complete draft (answers, fees, the last step to go back to), or where to go first. */
    summary(context: DraftContext, locale: Locale): { redirect: string } | { summary: SummaryView; fees: ReturnType<typeof feesSummary>; back: string } {
      const target = drafts.resumeTarget(context);
      if (target !== 'riepilogo') return { redirect: target };
      const answers = context.draft.answers as Answers;
      const today = romeDate(clock());
      if (exitApplies(context, today)) return { redirect: JOURNEY_EXIT };
      const steps = visibleSteps(context.definition.form, answers, today);
      const last = steps[steps.length - 1];
      return {
        summary: summaryView(context.definition.form, answers, locale, today),
        fees: feesSummary(context.definition, answers, locale, today),
        back: last ? `passo/${last.id}` : JOURNEY_APPLICANT,
      };
    },

    /** The exit page the draft's answers lead to, or where to go when none applies (exit-page.ts). */
    exit: (context: DraftContext, locale: Locale) => exitPage(context, locale, romeDate(clock()), drafts.resumeTarget(context)),

    /** Today in Rome (yyyy-mm-dd): the date the form's logic reads (date limits, ages, "today"). */
    today: () => romeDate(clock()),

    /** Where a filing refused for its answers sends the person back to. */
    fixTarget(stepId: string): string {
      if (stepId === JOURNEY_PRIVACY || stepId === JOURNEY_PROCURA || stepId === JOURNEY_EXIT) return stepId;
      return `passo/${stepId}`;
    },
  }, options.observer ?? NO_OBSERVER);
}

/** The journey whose refused steps are told to the observer, by field and message, without saying whose (src/insight). */
function observedRefusals<J extends { postStep(context: DraftContext, stepId: string, input: StepInput, options: { locale: Locale; returnToSummary: boolean }): Promise<StepOutcome> }>(journey: J, observer: JourneyObserver): J {
  const postStep = journey.postStep.bind(journey);
  journey.postStep = async (context, stepId, input, postOptions) => {
    const outcome = await postStep(context, stepId, input, postOptions);
    if ('render' in outcome && outcome.render.status === 422) observer.refused({ procedureId: context.procedure.id, version: context.draft.procedure_version, step: stepId }, outcome.render.errors, postOptions.locale);
    return outcome;
  };
  return journey;
}

export type JourneyService = ReturnType<typeof createJourneyService>;
