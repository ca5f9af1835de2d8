// The click-day call of the crash script: its cap set the way an administrator sets it (the
// builder's draft, then "publish"), and the promises of a capped call checked afterwards with
// the project's own ranking (src/calls): admitted applications never beyond the cap, the
// reserve list without gaps, the ranking in the order of the protocol numbers.
import { createProceduresService } from '../../src/admin/procedures.service.ts';
import { createCallsService } from '../../src/calls/calls.service.ts';
import { syncSeedCatalogue } from '../../src/catalogue/catalogue.service.ts';
import { findPublished } from '../../src/catalogue/procedures.service.ts';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { systemClock } from '../../src/platform/time.ts';
import type { Check } from './invariants.ts';

async function withDatabase<T>(databaseUrl: string, work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ url: databaseUrl, dataDir: '', poolSize: 2 });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * Migrates a fresh database and brings in the shipped catalogue (what a portal's start does),
 * then, unless the call has that cap already, publishes it again with `maxFilings: cap` through
 * the builder: the portal started afterwards files under the new cap.
 */
export async function prepareCappedCall(databaseUrl: string, slug: string, cap: number): Promise<'published again' | 'as shipped'> {
  const handle = await openDatabase({ url: databaseUrl, dataDir: '', poolSize: 2 });
  try {
    await migrate(handle);
    await syncSeedCatalogue(handle.db);
  } finally {
    await handle.close();
  }
  return withDatabase(databaseUrl, async (db) => {
    const published = await findPublished(db, slug);
    if (!published) throw new Error(`procedure ${slug} not published`);
    if (published.definition.maxFilings === cap) return 'as shipped';
    const id = published.id;
    const builder = createProceduresService(db, systemClock);
    await builder.edit('bench:crash', id, 'procedure.metadata', (draft) => ({ ...draft, maxFilings: cap }));
    await builder.publish('bench:crash', id, { acceptWarnings: true });
    return 'published again';
  });
}

/** The capped call after the load: the stored placements and the ranking as the portal works it out. */
export async function checkCall(databaseUrl: string, slug: string, cap: number): Promise<Check[]> {
  return withDatabase(databaseUrl, async (db) => {
    const checks: Check[] = [];
    const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });
    const ranking = await createCallsService(db, { clock: systemClock }).rankingOf(slug);
    if (!ranking) return [{ name: 'the call has a ranking', pass: false, detail: `${slug} is not a published call` }];
    check('the call runs with the cap of the crash run', ranking.definition.maxFilings === cap, `maxFilings ${ranking.definition.maxFilings}, expected ${cap}`);

    const filings = await db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('procedure_id', '=', ranking.procedureId).executeTakeFirstOrThrow();
    const placed = await db.selectFrom('call_applications').select(['submission_id', 'placed']).where('procedure_id', '=', ranking.procedureId).execute();
    const storedAdmitted = placed.filter((p) => p.placed === 'admitted').length;
    check(
      'every filing of the call is one application (none lost or doubled by a crash)',
      Number(filings.n) === placed.length && ranking.entries.length === placed.length,
      `${filings.n} filings, ${placed.length} applications`,
    );
    check(
      'admitted applications never exceed the cap (placed at filing time)',
      storedAdmitted <= cap && storedAdmitted === Math.min(cap, placed.length),
      `${storedAdmitted} placed admitted, cap ${cap}, ${placed.length - storedAdmitted} placed on the reserve list`,
    );

    const admitted = ranking.entries.filter((e) => e.standing === 'admitted');
    const reserve = ranking.entries.filter((e) => e.standing === 'reserve');
    const gapless = (list: typeof admitted) => list.every((e, i) => e.position === i + 1 && e.rank === (e.standing === 'admitted' ? i + 1 : admitted.length + i + 1));
    check(
      'the ranking: admitted within the cap, positions of both lists gapless',
      admitted.length <= cap && gapless(admitted) && gapless(reserve),
      `${admitted.length} admitted (positions 1..${admitted.length}), ${reserve.length} on the reserve list (positions 1..${reserve.length})`,
    );

    const numbers = ranking.entries.map((e) => e.filing?.protocolNumber ?? null);
    const outOfOrder = numbers.filter((n, i) => n === null || (i > 0 && n <= numbers[i - 1]!)).length;
    check('the ranking follows the protocol numbers (receipt order)', outOfOrder === 0, `${outOfOrder} entries without a number or out of protocol order`);

    const stored = new Map(placed.map((p) => [Number(p.submission_id), p.placed]));
    const disagree = ranking.entries.filter((e) => e.standing !== stored.get(e.application.submissionId)).length;
    check('the placement stored at filing time agrees with the ranking', disagree === 0, `${disagree} applications placed otherwise than they rank`);
    return checks;
  });
}
