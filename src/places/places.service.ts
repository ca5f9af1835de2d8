// The comune's places as the portal's other parts use them: the street list (stradario) that an
// administrator uploads, validated and swapped whole in one transaction with its audit entry,
// and given to the form engine as a StreetDirectory (the port of the street field). The
// directory is kept in memory and rebuilt when another upload (of any process) is current; which
// upload is current is read at most once a second, because every form step and every filing
// asks for the directory (one query per filing on a click day, for a list that changes a few
// times a year: another process's upload shows within a second).
import type { DB } from '../db/database.ts';
import { recordChange } from '../admin/audit.ts';
import type { Clock } from '../platform/time.ts';
import * as repo from './places.repository.ts';
import { parseStradario, type CsvProblem } from './stradario-csv.ts';
import { createStreetDirectory, type Street, type StreetDirectory } from './streets.ts';

export class StradarioRefusedError extends Error {
  override name = 'StradarioRefusedError';
  constructor(readonly problems: CsvProblem[]) {
    super(`street list refused: ${problems.length} problems`);
  }
}

export interface StradarioState {
  current: repo.StreetListInfo | null;
  sample: Street[];
}

export function createPlacesService(db: DB, options: { clock: Clock }) {
  let cached: { listId: number; directory: StreetDirectory } | null = null;
  let current: { row: repo.StreetListInfo | undefined; readAt: number } | null = null;
  const CURRENT_FOR_MS = 1000;

  // the age of a cached read is measured on the monotonic timer, not the portal's clock: a test
  // clock that stands still must not keep an old list forever
  async function currentList(): Promise<repo.StreetListInfo | undefined> {
    const now = performance.now();
    if (!current || now - current.readAt >= CURRENT_FOR_MS) current = { row: await repo.currentList(db), readAt: now };
    return current.row;
  }

  return {
    /** The current street list for the form engine; null when none is loaded (streets are then free text). */
    async streets(): Promise<StreetDirectory | null> {
      const list = await currentList();
      if (!list || list.street_count === 0) return null;
      if (cached?.listId !== list.id) cached = { listId: list.id, directory: createStreetDirectory(await repo.listStreets(db, list.id)) };
      return cached.directory;
    },

    /** What the administrator's page shows: the current upload and a few of its streets. */
    async state(sampleSize = 10): Promise<StradarioState> {
      const current = await repo.currentList(db);
      return { current: current ?? null, sample: current ? await repo.listStreets(db, current.id, sampleSize) : [] };
    },

    /** Replaces the street list with the CSV's; refuses the whole file on any problem (StradarioRefusedError). */
    async replaceStreets(actor: string, fileName: string, text: string): Promise<{ listId: number; count: number }> {
      const parsed = parseStradario(text);
      if (!parsed.ok) throw new StradarioRefusedError(parsed.problems);
      return db.transaction().execute(async (trx) => {
        const listId = await repo.replaceList(trx, { uploadedAt: options.clock(), uploadedBy: actor, fileName }, parsed.streets);
        await recordChange(trx, actor, 'street_list.replace', 'street_list', listId, { fileName, streets: parsed.streets.length });
        return { listId, count: parsed.streets.length };
      }).finally(() => (current = null));
    },

    /** The example list of the embedded default, when no list was ever uploaded (not audited: no one uploaded it). */
    async seedIfEmpty(fileName: string, text: string): Promise<void> {
      const parsed = parseStradario(text);
      if (!parsed.ok) throw new StradarioRefusedError(parsed.problems);
      await db.transaction().execute(async (trx) => {
        if (!(await repo.currentList(trx))) await repo.replaceList(trx, { uploadedAt: options.clock(), uploadedBy: 'seed', fileName }, parsed.streets);
      }).finally(() => (current = null));
    },

    /** The list as CSV, in the template's columns (what was uploaded, one row per range). */
    async exportCsv(): Promise<string> {
      const current = await repo.currentList(db);
      const streets = current ? await repo.listStreets(db, current.id) : [];
      const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : /[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
      const parity = { odd: 'dispari', even: 'pari', all: 'tutti' } as const;
      const lines = ['codice;denominazione;da;a;parita;cap;localita'];
      for (const s of streets) {
        const ranges = s.ranges.length > 0 ? s.ranges : [null];
        for (const r of ranges) lines.push([s.code, s.name, r?.from, r?.to, r ? parity[r.parity] : '', s.cap, s.locality].map(cell).join(';'));
      }
      return `${lines.join('\r\n')}\r\n`;
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
