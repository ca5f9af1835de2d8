// A clerk's saved queue filters: the queue's filters (its query string, as the queue page reads
// it) kept under a name, to reuse and delete. Per person: another person's filter is a 404.
import { NotFoundError } from '../platform/errors.ts';
import type { BackofficeContext, StaffActor } from './case-context.ts';
import * as repo from './saved-filters.repository.ts';

/** The queue parameters a saved filter keeps: the filters, never the page cursor or a notice. */
export function savedQuery(raw: string): string {
  const params = new URLSearchParams(raw.replace(/^\?/, ''));
  for (const key of ['dopo', 'fatto', '_csrf', 'nome']) params.delete(key);
  return params.toString().slice(0, 2000);
}

export function createSavedFilters(ctx: BackofficeContext) {
  const { db } = ctx;
  return {
    savedFilters: (actor: StaffActor) => repo.listSavedFilters(db, actor.fiscalCode),

    saveFilter: (actor: StaffActor, name: string, query: string) => repo.saveFilter(db, { staffFiscalCode: actor.fiscalCode, name, query: savedQuery(query), at: ctx.clock() }),

    /** The queue's query string of the person's saved filter; 404 for anyone else's. */
    async savedFilter(actor: StaffActor, id: number): Promise<string> {
      const row = await repo.findSavedFilter(db, actor.fiscalCode, id);
      if (!row) throw new NotFoundError('saved filter');
      return row.query;
    },

    async deleteFilter(actor: StaffActor, id: number): Promise<void> {
      if (!(await repo.deleteSavedFilter(db, actor.fiscalCode, id))) throw new NotFoundError('saved filter');
    },
  };
}
