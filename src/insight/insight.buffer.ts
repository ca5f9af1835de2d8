// The counters of service insight waiting in memory for the next flush: increments are added
// here on the request's path (no query), merged by key, and written in one batch of upserts by
// the flush (insight.service.ts). A crash loses what has not been flushed yet: seconds of
// statistics, accepted so that the journey never waits for them.
import type { CompletionBucket } from './insight.rules.ts';
import type { InsightCompletionTable, InsightFieldErrorsTable, InsightStepsTable } from './insight.table.ts';

// the rows as the tables hold them (insight.table.ts), the completion's bucket narrowed to the rules' buckets
export type StepCount = InsightStepsTable;
export type FieldErrorCount = InsightFieldErrorsTable;
export type CompletionCount = Omit<InsightCompletionTable, 'bucket'> & { bucket: CompletionBucket };

/** One flush's worth of counters, each key once. */
export interface CounterBatch {
  steps: StepCount[];
  fieldErrors: FieldErrorCount[];
  completions: CompletionCount[];
}

const keyOf = (parts: ReadonlyArray<string | number>) => parts.join('\u0000');

export function createCounterBuffer() {
  let steps = new Map<string, StepCount>();
  let fieldErrors = new Map<string, FieldErrorCount>();
  let completions = new Map<string, CompletionCount>();

  function addStep(row: StepCount) {
    const key = keyOf([row.day, row.procedure_id, row.procedure_version, row.step_id]);
    const held = steps.get(key);
    if (held) {
      held.reached += row.reached;
      held.abandoned += row.abandoned;
    } else steps.set(key, { ...row });
  }
  function addFieldError(row: FieldErrorCount) {
    const key = keyOf([row.day, row.procedure_id, row.procedure_version, row.step_id, row.field, row.message_key]);
    const held = fieldErrors.get(key);
    if (held) held.count += row.count;
    else fieldErrors.set(key, { ...row });
  }
  function addCompletion(row: CompletionCount) {
    const key = keyOf([row.day, row.procedure_id, row.procedure_version, row.bucket]);
    const held = completions.get(key);
    if (held) held.count += row.count;
    else completions.set(key, { ...row });
  }

  return {
    addStep,
    addFieldError,
    addCompletion,
    /** how many counters are waiting */
    get size() {
      return steps.size + fieldErrors.size + completions.size;
    },
    /** Takes every counter waiting, leaving the buffer empty. */
    drain(): CounterBatch {
      const batch = { steps: [...steps.values()], fieldErrors: [...fieldErrors.values()], completions: [...completions.values()] };
      steps = new Map();
      fieldErrors = new Map();
      completions = new Map();
      return batch;
    },
    /** Puts back a batch whose write failed, to be tried again at the next flush. */
    restore(batch: CounterBatch) {
      batch.steps.forEach(addStep);
      batch.fieldErrors.forEach(addFieldError);
      batch.completions.forEach(addCompletion);
    },
  };
}

export type CounterBuffer = ReturnType<typeof createCounterBuffer>;
