// The single-use register of revenue stamps: a marca da bollo (contrassegno telematico) pays the
// stamp duty of one document only, so the portal refuses an identifier that any earlier filing
// used, whatever the procedure and whoever filed it. The step that holds the stamp says so as
// soon as the person gives it (and again when they come back to it); the filing transaction
// records the identifiers it uses, and the table's primary key settles a race: of two filings
// with one stamp, the second fails whole (nothing of it is stored) and is sent back to the step.
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { singleUseAnswers, type Answers, type FieldError, type FormDefinition } from '../forms/index.ts';
import { DomainError } from '../platform/errors.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import type { FiledSubmission } from './filing.service.ts';
import * as repo from './stamps.repository.ts';

/** A filing that names a stamp another filing stored meanwhile: refused, sent back to `stepId`. */
export class StampUsedError extends DomainError {
  override readonly statusCode = 409;
  constructor(readonly stepId: string) {
    super('revenue stamp already used');
  }
}

export type StampProblem = FieldError & { stepId: string };

export function createStampsRegister(db: DB) {
  return {
    /**
     * What is wrong with the stamps of these answers (of one step, with `stepId`): one already
     * used by a filing, or one named twice in the same application.
     */
    async problems(form: FormDefinition, answers: Answers, locale: Locale, stepId?: string): Promise<StampProblem[]> {
      const found = singleUseAnswers(form, answers, stepId);
      if (found.length === 0) return [];
      const used = await repo.usedIdentifiers(db, found.map((f) => f.value));
      const t = translator(locale);
      const seen = new Set<string>();
      const problems: StampProblem[] = [];
      for (const stamp of found) {
        const key = used.has(stamp.value) ? 'stamps.alreadyUsed' : seen.has(stamp.value) ? 'stamps.twiceInOne' : null;
        seen.add(stamp.value);
        if (key) problems.push({ stepId: stamp.stepId, field: stamp.input, inputId: stamp.inputId, message: t(key, { identifier: stamp.value }) });
      }
      return problems;
    },

    /** Inside the transaction that stores filings: their stamps recorded, or the transaction fails. */
    async onStored(trx: Transaction<Database>, filings: readonly FiledSubmission[]): Promise<void> {
      const rows = filings.flatMap((filing) =>
        singleUseAnswers(filing.definition.form, filing.answers).map((stamp) => ({ identifier: stamp.value, submissionId: filing.id, field: stamp.input, stepId: stamp.stepId })),
      );
      if (rows.length === 0) return;
      const recorded = await repo.recordStamps(trx, rows);
      const refused = rows.find((row) => !recorded.has(`${row.submissionId}:${row.identifier}`));
      // the intake batch is tried again filing by filing: the one that lost fails alone
      if (refused) throw new StampUsedError(refused.stepId);
    },
  };
}

export type StampsRegister = ReturnType<typeof createStampsRegister>;
