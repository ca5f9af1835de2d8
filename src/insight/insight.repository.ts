// All the SQL of service insight: the daily counters of insight_steps, insight_field_errors and
// insight_completion, added to with upserts (one statement per table per batch) and read back
// summed over a period for one procedure. Functions take a Kysely or a transaction first.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CounterBatch } from './insight.buffer.ts';

type Db = Kysely<Database>;

/** Adds a batch of counters to the stored ones (each key appears once in a batch). */
export async function addCounts(db: Db, batch: CounterBatch): Promise<void> {
  if (batch.steps.length > 0) {
    await db
      .insertInto('insight_steps')
      .values(batch.steps)
      .onConflict((oc) =>
        oc.columns(['day', 'procedure_id', 'procedure_version', 'step_id']).doUpdateSet((eb) => ({
          reached: eb('insight_steps.reached', '+', eb.ref('excluded.reached')),
          abandoned: eb('insight_steps.abandoned', '+', eb.ref('excluded.abandoned')),
        })),
      )
      .execute();
  }
  if (batch.fieldErrors.length > 0) {
    await db
      .insertInto('insight_field_errors')
      .values(batch.fieldErrors)
      .onConflict((oc) => oc.columns(['day', 'procedure_id', 'procedure_version', 'step_id', 'field', 'message_key']).doUpdateSet((eb) => ({ count: eb('insight_field_errors.count', '+', eb.ref('excluded.count')) })))
      .execute();
  }
  if (batch.completions.length > 0) {
    await db
      .insertInto('insight_completion')
      .values(batch.completions)
      .onConflict((oc) => oc.columns(['day', 'procedure_id', 'procedure_version', 'bucket']).doUpdateSet((eb) => ({ count: eb('insight_completion.count', '+', eb.ref('excluded.count')) })))
      .execute();
  }
}

/** The pages reached and abandoned, by version and page, from `fromDay` to `toDay` (Rome days, inclusive). */
export async function stepCounts(db: Db, procedureId: number, fromDay: string, toDay: string) {
  return db
    .selectFrom('insight_steps')
    .select(['procedure_version', 'step_id', (eb) => eb.fn.sum<number>('reached').as('reached'), (eb) => eb.fn.sum<number>('abandoned').as('abandoned')])
    .where('procedure_id', '=', procedureId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(['procedure_version', 'step_id'])
    .execute();
}

/** The refusals by page, field and message over the period. */
export async function fieldErrorCounts(db: Db, procedureId: number, fromDay: string, toDay: string) {
  return db
    .selectFrom('insight_field_errors')
    .select(['step_id', 'field', 'message_key', (eb) => eb.fn.sum<number>('count').as('count')])
    .where('procedure_id', '=', procedureId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(['step_id', 'field', 'message_key'])
    .execute();
}

/** The times to complete by bucket over the period. */
export async function completionCounts(db: Db, procedureId: number, fromDay: string, toDay: string) {
  return db
    .selectFrom('insight_completion')
    .select(['bucket', (eb) => eb.fn.sum<number>('count').as('count')])
    .where('procedure_id', '=', procedureId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy('bucket')
    .execute();
}
