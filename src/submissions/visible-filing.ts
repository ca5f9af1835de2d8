// One filing as the person sees it while acting as they do now: found through its parties
// (access.ts viewpoints), kept only within the acting right's scope, with the right it gives.
import { procedureNames } from '../catalogue/catalogue.service.ts';
import type { DB } from '../db/database.ts';
import type { Access } from '../representation/acting.ts';
import { accessThrough, type Viewpoint } from './access.ts';
import * as repo from './submissions.repository.ts';
import type { SubmissionRow } from './submissions.table.ts';

/**
 * A filing as a viewpoint sees it (its party, within the acting right's scope) and the right it
 * gives; undefined for anyone else's.
 */
export async function visibleFiling(db: DB, viewpoint: Viewpoint, publicId: string): Promise<{ submission: SubmissionRow; access: Access } | undefined> {
  const found = await repo.findVisibleSubmission(db, viewpoint, publicId);
  if (!found) return undefined;
  const { party_access, ...submission } = found;
  const procedure = (await procedureNames(db, [submission.procedure_id])).get(submission.procedure_id);
  const access = procedure ? accessThrough(viewpoint, party_access, procedure) : null;
  return access ? { submission, access } : undefined;
}

