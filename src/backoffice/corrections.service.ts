// The office corrects a filing's data: a clerk of the case's office changes one or more
// answers, with a reason, while the case is open (a decided case was decided on the data as
// they stood; changing them afterwards is a new procedure, e.g. a rectification, not a
// correction). The submissions domain keeps the corrections and checks each value with the
// form engine; here the case is locked, the event 'corrected' goes in its log and the applicant
// is told through the case's notices, all in one transaction.
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { translator } from '../platform/i18n.ts';
import { romeDate } from '../platform/time.ts';
import type { FieldError, FormBody, Locale } from '../forms/index.ts';
import { localize } from '../forms/index.ts';
import { answersView, answerText, checkCorrections, correctionFormView, currentAnswers, filingOf, recordCorrections } from '../submissions/submissions.service.ts';
import { actorFields, audit, caseIdFor, lockFor, staffCase, type BackofficeContext, type StaffActor, type Trx } from './case-context.ts';
import { notifyApplicant, protocolLabel } from './case-notices.ts';
import type { CaseRow } from './backoffice.table.ts';
import { appendEvent } from './case.repository.ts';
import { definitionOf } from './directory.ts';
import { isFinal, type State } from './workflow.ts';

/** The case is decided or withdrawn: its data are no longer corrected. */
export class CorrectionClosedError extends ConflictError {
  override readonly pageKey = 'casePage.correction.closed';
}

export type CorrectionResult = { ok: true; fields: string[] } | { ok: false; errors: FieldError[]; typed: Record<string, unknown> };

/** The names the reason and the "nothing changed" refusal take in a refusal (no field of a form starts with "_"). */
export const REASON_FIELD = '_motivo';
const NOTHING_FIELD = '_campi';

/** Whether a case in `status` takes corrections. */
export const correctable = (status: string) => !isFinal(status as State);

export function createCorrections(ctx: BackofficeContext) {
  const { db } = ctx;

  async function formOf(trx: typeof db, c: Pick<CaseRow, 'procedure_id'>, filing: { procedure_version: number }) {
    const definition = await definitionOf(trx, c.procedure_id, filing.procedure_version);
    if (!definition) throw new NotFoundError('definition');
    return definition.form;
  }

  return {
    /** What the correction page shows: the case, its current answers as fields to change, the corrections so far. */
    async correctionPage(actor: StaffActor, publicId: string, locale: Locale, typed: Record<string, unknown> | null = null, errors: readonly FieldError[] = []) {
      const c = await staffCase(ctx, actor, publicId);
      if (!correctable(c.status)) throw new CorrectionClosedError('case closed');
      const filing = await filingOf(db, c.submission_id);
      const form = await formOf(db, c, filing);
      const { answers, corrections } = await currentAnswers(db, filing);
      await audit(ctx, actor, 'case.view', { submissionId: c.submission_id, officeCode: c.office_code });
      return {
        publicId,
        protocol: protocolLabel(filing),
        steps: correctionFormView(form, answers, locale, typed, errors),
        history: answersView(form, filing.answers as never, corrections, locale).corrections,
      };
    },

    /**
     * Corrects the answers the POST changes, with `reason`; values the form engine refuses come
     * back with its messages and nothing is stored. Nothing changed is refused too.
     */
    async correct(actor: StaffActor, publicId: string, input: { body: FormBody; reason: string | null; locale: Locale }): Promise<CorrectionResult> {
      const id = await caseIdFor(ctx, publicId);
      return db.transaction().execute(async (trx: Trx): Promise<CorrectionResult> => {
        const c = await lockFor(trx, id, { role: 'clerk', staff: actor });
        if (!correctable(c.status)) throw new CorrectionClosedError('case closed');
        const now = ctx.clock();
        const filing = await filingOf(trx, id);
        const form = await formOf(trx, c, filing);
        const { answers } = await currentAnswers(trx, filing);
        const check = checkCorrections(form, answers, input.body, input.locale, romeDate(now));
        const t = translator(input.locale);
        // every refusal at once: the values, nothing changed, the reason
        const errors = [...check.errors];
        if (errors.length === 0 && check.changes.length === 0) errors.push({ field: NOTHING_FIELD, inputId: 'correction-fields', message: t('casePage.correction.nothing') });
        if (input.reason === null) errors.push({ field: REASON_FIELD, inputId: `correction-${REASON_FIELD}`, message: t('casePage.correction.reasonError') });
        if (errors.length > 0 || input.reason === null) return { ok: false, errors, typed: check.typed };
        await recordCorrections(trx, id, check.changes, { fiscalCode: actor.fiscalCode, name: actor.name, reason: input.reason, at: now });
        const fields = new Map(form.steps.flatMap((s) => s.fields).map((f) => [f.name, f]));
        const labels = (locale: Locale) => check.changes.map((ch) => localize(fields.get(ch.field)!.label, locale)).join(', ');
        const event = await appendEvent(trx, c, {
          at: now,
          ...actorFields({ role: 'clerk', staff: actor }),
          kind: 'corrected',
          fromState: c.status,
          toState: c.status,
          reason: input.reason,
          data: { fields: check.changes.map((ch) => ch.field), labels: { it: labels('it'), en: labels('en') } },
        });
        // the applicant reads it in their language: which answers, now what, and why
        const say = translator(filing.locale);
        const text = (field: string, value: unknown) => answerText(form, field, value, filing.locale)?.join(', ') || say('casePage.correction.empty');
        const list = check.changes.map((ch) => say('casePage.correction.line', { field: localize(fields.get(ch.field)!.label, filing.locale), before: text(ch.field, ch.oldValue), after: text(ch.field, ch.newValue) })).join('\n');
        await notifyApplicant(trx, c, 'office.message', { message: say('casePage.correction.notice', { list, reason: input.reason }) }, `corrected:${event.seq}`);
        return { ok: true, fields: check.changes.map((ch) => ch.field) };
      });
    },
  };
}
