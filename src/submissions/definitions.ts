// The definitions drafts and filings were made under, read through the catalogue. Published
// versions never change (a change is a new version): each is read and parsed once per process,
// not on every page of every journey.
import { procedureVersion } from '../catalogue/catalogue.service.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';

const MAX_KEPT = 1000;

export type DefinitionOf = (procedureId: number, version: number) => Promise<ProcedureDefinition | undefined>;

export function createDefinitionCache(db: DB): DefinitionOf {
  const definitions = new Map<string, Promise<ProcedureDefinition | undefined>>();
  return (procedureId, version) => {
    const key = `${procedureId}:${version}`;
    let found = definitions.get(key);
    if (!found) {
      if (definitions.size >= MAX_KEPT) definitions.clear();
      found = procedureVersion(db, procedureId, version);
      definitions.set(key, found);
      found.then((definition) => definition ?? definitions.delete(key)).catch(() => definitions.delete(key));
    }
    return found;
  };
}
