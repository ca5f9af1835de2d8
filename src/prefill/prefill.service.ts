// Prefill: the answers the State already knows of the applicant, filled in for them (the "once
// only" principle, art. 50-ter CAD and the single digital gateway's rule). When a step is shown
// before it is completed, each field declaring a source gets its value: the identity's own data
// and the company's (as the portal already holds them) or a call to ANPR or INPS through PDND.
// A value is recorded with its source and time once per draft, moves to the filing with it and
// is shown to the office. A register that does not answer never blocks the form: the field is
// left for the person, with a note. Whose data: the applicant's, i.e. the person acted for (a
// delegator, the person at a help desk) or, for a company, the company's (its name, codes)
// with the identity data of the person who acts for it; ANPR and INPS are asked only about a
// person applicant, never about the operator or an employee acting for a company.
import { createHash } from 'node:crypto';
import type { DB } from '../db/database.ts';
import { acceptsPrefill, fieldModule, findStep, inputId, nameAtPath, prefillRegister, type Answers, type FieldDefinition, type FieldError, type FormDefinition, type PrefillRegister, type PrefillSource } from '../forms/index.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import type { EventLog } from '../platform/logger.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import type { Applicant, FiledHook } from '../submissions/submissions.service.ts';
import * as repo from './prefill.repository.ts';
import { RegisterUnavailableError, type RegistersHandle, type TrackingEvidence } from './registers.ts';

export interface PrefillMark {
  register: PrefillRegister;
  fetchedAt: Date;
  editable: boolean;
  /** the answer as the register gave it */
  value: unknown;
}

/** What a step shows of prefill: the values recorded for its fields, and the registers that did not answer. */
export interface StepPrefill {
  marks: Record<string, PrefillMark>;
  unavailable: Record<string, PrefillRegister>;
}

export const NO_PREFILL: StepPrefill = { marks: {}, unavailable: {} };

const prefilledFields = (definition: FormDefinition, stepId: string) => findStep(definition, stepId).fields.filter((f): f is FieldDefinition & { prefill: NonNullable<FieldDefinition['prefill']> } => f.prefill !== undefined);

function identityValue(source: PrefillSource, applicant: Applicant): unknown {
  switch (source) {
    case 'identity.name':
      return `${applicant.givenName} ${applicant.familyName}`.trim() || undefined;
    case 'identity.givenName':
      return applicant.givenName || undefined;
    case 'identity.familyName':
      return applicant.familyName || undefined;
    case 'identity.fiscalCode':
      return applicant.fiscalCode;
    case 'identity.email':
      return applicant.email;
    case 'identity.phone':
      return applicant.phone;
    case 'identity.birthDate':
      return applicant.birthDate;
    case 'company.name':
      return applicant.company?.name;
    case 'company.fiscalCode':
      return applicant.company?.fiscalCode;
    case 'company.vatNumber':
      return applicant.company?.vatNumber;
    default:
      return undefined;
  }
}

export function createPrefillService(db: DB, options: { registers: RegistersHandle; clock: Clock; log?: EventLog | undefined; userLocation?: string }) {
  const { registers, clock } = options;

  /** The ModI tracking evidence: an id the comune can trace back, never the fiscal code itself. */
  const evidenceOf = (applicant: Applicant): TrackingEvidence => ({
    userId: createHash('sha256').update(applicant.filer.fiscalCode).digest('hex').slice(0, 32),
    userLocation: options.userLocation ?? 'sportello',
    loa: `SpidL${applicant.filer.spidLevel}`,
  });

  /** A register's value for the source, fetched once per step however many fields ask for it. */
  function registerFetcher(applicant: Applicant) {
    const calls = new Map<string, Promise<unknown>>();
    const once = (key: string, call: () => Promise<unknown>) => {
      if (!calls.has(key)) calls.set(key, call());
      return calls.get(key)!;
    };
    const evidence = evidenceOf(applicant);
    const code = applicant.fiscalCode;
    return async (source: PrefillSource): Promise<unknown> => {
      const { anpr, inps } = registers;
      switch (source) {
        case 'anpr.residence':
          return anpr ? once('residence', () => anpr.residence(code, evidence)) : undefined;
        case 'anpr.household':
        case 'anpr.householdSize': {
          const members = (await (anpr ? once('household', () => anpr.household(code, evidence)) : undefined)) as Awaited<ReturnType<NonNullable<typeof anpr>['household']>> | undefined;
          if (!members) return undefined;
          return source === 'anpr.householdSize' ? members.length : members.map((m) => `${m.givenName} ${m.familyName} (${m.fiscalCode})`).join(', ');
        }
        case 'inps.isee':
        case 'inps.iseeProtocol':
        case 'inps.iseeExpiry': {
          const isee = (await (inps ? once('isee', () => inps.isee(code, evidence)) : undefined)) as Awaited<ReturnType<NonNullable<typeof inps>['isee']>> | undefined;
          if (!isee) return undefined;
          return source === 'inps.isee' ? isee.valueCents : source === 'inps.iseeProtocol' ? isee.protocol : isee.validUntil;
        }
        default:
          return undefined;
      }
    };
  }

  /** Fetches the values of the step's fields not recorded yet, and records those found. */
  async function fetchMissing(applicant: Applicant, draftId: string, fields: ReturnType<typeof prefilledFields>, recorded: ReadonlySet<string>): Promise<Record<string, PrefillRegister>> {
    const unavailable: Record<string, PrefillRegister> = {};
    const found: repo.NewPrefilledAnswer[] = [];
    const fromRegister = registerFetcher(applicant);
    const today = romeDate(clock());
    await Promise.all(
      fields
        .filter((field) => !recorded.has(field.name))
        .map(async (field) => {
          const { source, editable } = field.prefill;
          const register = prefillRegister(source);
          let value: unknown;
          try {
            // ANPR and INPS know people: a company's filing gets only the company's and the identity's data
            if (register === 'anpr' || register === 'inps') value = applicant.company ? undefined : await fromRegister(source);
            else value = identityValue(source, applicant);
          } catch (error) {
            if (!(error instanceof RegisterUnavailableError)) throw error;
            // nothing personal: which register, and why it did not answer
            options.log?.warn({ event: 'prefill.unavailable', register, reason: error.message }, 'prefill: register unavailable');
            unavailable[field.name] = register;
            return;
          }
          // a value the field would refuse (a bound of the procedure, an odd answer) is left for the person
          if (value === undefined || value === null || value === '' || !acceptsPrefill(field, value, today)) return;
          found.push({ field: field.name, source, register, value, editable, fetchedAt: clock() });
        }),
    );
    await repo.recordDraftPrefills(db, draftId, found);
    return unavailable;
  }

  const marksOf = (rows: Awaited<ReturnType<typeof repo.draftPrefills>>, names: ReadonlySet<string>): Record<string, PrefillMark> =>
    Object.fromEntries(rows.filter((r) => names.has(r.field)).map((r) => [r.field, { register: r.register, fetchedAt: r.fetched_at, editable: r.editable, value: r.value }]));

  return {
    /**
     * The prefill of a step about to be shown: on a step not completed yet, the values of its
     * fields are fetched (those not recorded yet) and recorded; a completed step shows what
     * was recorded, beside the answers the person confirmed. Without an applicant, nothing is
     * fetched (a step shown again after its POST).
     */
    async forStep(applicant: Applicant | null, draft: { id: string; completed_steps: string[] }, definition: FormDefinition, stepId: string): Promise<StepPrefill> {
      const fields = prefilledFields(definition, stepId);
      if (fields.length === 0) return NO_PREFILL;
      const names = new Set(fields.map((f) => f.name));
      let rows = await repo.draftPrefills(db, draft.id);
      let unavailable: Record<string, PrefillRegister> = {};
      if (applicant && !draft.completed_steps.includes(stepId) && fields.some((f) => !rows.some((r) => r.field === f.name))) {
        unavailable = await fetchMissing(applicant, draft.id, fields, new Set(rows.map((r) => r.field)));
        rows = await repo.draftPrefills(db, draft.id);
      }
      return { marks: marksOf(rows, names), unavailable };
    },

    /** The recorded values of the step's fields the procedure does not let the person change. */
    async locked(draftId: string, definition: FormDefinition, stepId: string): Promise<Record<string, PrefillMark>> {
      const fields = prefilledFields(definition, stepId).filter((f) => !f.prefill.editable);
      if (fields.length === 0) return {};
      const marks = marksOf(await repo.draftPrefills(db, draftId), new Set(fields.map((f) => f.name)));
      return Object.fromEntries(Object.entries(marks).filter(([, mark]) => !mark.editable));
    },

    /** In the filing transaction: the draft's prefilled answers become the filing's. */
    onStored: (async (trx, filings) => {
      await repo.moveToSubmissions(trx, filings.flatMap((filing) => (filing.draftId ? [{ draftId: filing.draftId, submissionId: filing.id }] : [])));
    }) satisfies FiledHook,

    /** A filing's prefilled answers, by field (the clerk's case page). */
    async ofSubmission(submissionId: number): Promise<Record<string, PrefillMark>> {
      const rows = await repo.submissionPrefills(db, submissionId);
      return Object.fromEntries(rows.map((r) => [r.field, { register: r.register, fetchedAt: r.fetched_at, editable: r.editable, value: r.value }]));
    },
  };
}

export type PrefillService = ReturnType<typeof createPrefillService>;

/** Two stored answers alike, whatever the order of an object's keys (the database keeps its own). */
export function sameAnswer(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, canonical(v)]))
      : Array.isArray(value)
        ? value.map(canonical)
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * A step's valid answers against the values the procedure keeps as the register gave them: an
 * error for each one changed (a crafted POST: the page shows them read-only), and the values to
 * show the step again with, the register's.
 */
export function refuseChanged(definition: FormDefinition, stepId: string, answers: Answers, locked: Record<string, PrefillMark>, locale: Locale): { errors: FieldError[]; values: Record<string, unknown> } {
  const t = translator(locale);
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  for (const field of findStep(definition, stepId).fields) {
    const mark = locked[field.name];
    if (!mark) continue;
    const answer = answers[field.name];
    // a field its condition dropped has no answer to compare
    if (answer === undefined ? field.showIf !== undefined : sameAnswer(answer, mark.value)) continue;
    const module = fieldModule(field.type);
    errors.push({ field: field.name, inputId: inputId(nameAtPath(field.name, module.focusPath(field, []))), message: t('prefill.changed', { register: t(`prefill.register.${mark.register}`) }) });
    values[field.name] = module.toInput(mark.value, field, locale);
  }
  return { errors, values };
}

/** The retention job (src/privacy): a filing's prefilled values removed, in the caller's transaction. */
export { deleteSubmissionPrefills } from './prefill.repository.ts';
