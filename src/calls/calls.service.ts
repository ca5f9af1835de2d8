// Calls for grants in the filing transaction and after: each filing of a call becomes an
// application with its applicant key (one per person, household or company: the table's
// unique key settles a race), its amount taken from the budget counter when the call has a
// budget (never exceeded: "used + amount <= total"), or a place on the reserve list; when a
// case closes as withdrawn, rejected or inadmissible the application leaves the ranking and
// whoever moved up from the reserve list is told. The ranking itself is worked out on reading
// (ranking.ts). A person who already applied is told so when a new application begins.
import type { Transaction } from 'kysely';
import { recordChange } from '../admin/audit.ts';
import { procedureNames, publishedProcedure } from '../catalogue/catalogue.service.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { envOf, type Answers } from '../forms/index.ts';
import { enqueueNotification } from '../notifications/index.ts';
import { ConflictError } from '../platform/errors.ts';
import { translator } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import { filingNumbers, filingOf, OUT_OF_THE_RUNNING, type BeginningCheck, type FiledSubmission } from '../submissions/submissions.service.ts';
import type { CallDefinition } from './call-definition.ts';
import * as repo from './calls.repository.ts';
import { movedUp, rankApplications, type RankingRule } from './ranking.ts';

type Trx = Transaction<Database>;

/** A second application by the same person (household, company): nothing is filed. */
export class AlreadyAppliedError extends ConflictError {
  override readonly pageKey = 'calls.alreadyApplied';
  readonly backLabel = 'calls.alreadyApplied.link';
  constructor(readonly backHref: string) {
    super('already applied to this call');
  }
}

/** Beyond the budget with the reserve list full: refused, nothing is filed. */
export class CallFullError extends ConflictError {
  override readonly pageKey = 'calls.full';
}

/** The states that take an application out of the ranking (and out of the cap). */
const EXCLUDING = new Set(OUT_OF_THE_RUNNING);

/** Who the one-application rule counts; null: the call has no such rule. */
export function applicantKey(call: CallDefinition, filed: Pick<FiledSubmission, 'applicant' | 'answers'>): string | null {
  if (call.onePer === 'none') return null;
  if (call.onePer === 'company') return filed.applicant.company ? `C:${filed.applicant.company.fiscalCode.toUpperCase()}` : `P:${filed.applicant.fiscalCode.toUpperCase()}`;
  if (call.onePer === 'household' && call.householdField) {
    const value = answerText(filed.answers, call.householdField);
    // the household is the answer as written, without case, accents of spacing or punctuation
    if (value) return `H:${value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim()}`;
  }
  return `P:${filed.applicant.fiscalCode.toUpperCase()}`;
}

function answerText(answers: Answers, path: string): string {
  let value: unknown = answers;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).filter((v) => typeof v === 'string' || typeof v === 'number').join(' ');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Before a draft begins (a submissions check): a person who already applied is told at once. */
export const refuseSecondApplication: BeginningCheck = async (db, { procedureId, definition, applicant }) => {
  const call = definition.call;
  // per household the key is an answer of the form: known only at filing, checked there
  if (!call || call.onePer === 'none' || call.onePer === 'household') return;
  const key = applicantKey(call, { applicant, answers: {} });
  const first = key ? await repo.applicationOfKey(db, procedureId, key) : undefined;
  if (!first) return;
  const publicId = (await filingOf(db, Number(first.submission_id))).public_id;
  throw new AlreadyAppliedError(`/area-personale/richieste/${publicId}`);
};

/** A call ranked by score with a budget: its budget is assigned in ranking order, never at filing. */
function byScoreWithBudget(call: CallDefinition): boolean {
  return call.ranking.by === 'score' && call.budget !== undefined;
}

/** The rule the ranking applies for this definition. */
export function rankingRule(definition: Pick<ProcedureDefinition, 'call' | 'maxFilings'>): RankingRule {
  const call = definition.call!;
  return { by: call.ranking.by, cap: definition.maxFilings, budgetCents: call.budget ? Math.round(Number(call.budget.total) * 100) : undefined };
}

function computedValue(definition: ProcedureDefinition, answers: Answers, name: string | undefined): number | null {
  if (!name) return null;
  return envOf(definition.form).computed?.(name, answers) ?? null;
}

export function createCallsService(db: DB, options: { clock: Clock }) {
  /** Inside the filing transaction (a submissions hook): the applications of a batch of filings. */
  async function onStored(trx: Trx, filings: readonly FiledSubmission[]): Promise<void> {
    const byProcedure = new Map<number, FiledSubmission[]>();
    for (const filed of filings) if (filed.definition.call) byProcedure.set(filed.procedureId, [...(byProcedure.get(filed.procedureId) ?? []), filed]);
    for (const [procedureId, list] of byProcedure) await recordBatch(trx, procedureId, list);
  }

  /**
   * The caps are never exceeded, also when thousands file at once, because every filing of a
   * capped call takes a lock of that call in its transaction before it counts:
   * - cap by number: the submissions' intake (src/submissions/intake.ts) counts the filings in
   *   the running and refuses beyond maxFilings + reserve under a row lock of the procedure
   *   (FOR UPDATE), held until the transaction commits; so the count below is settled too;
   * - cap by budget: the call's budget row (call_budgets) is locked first (lockBudget) and the
   *   amount taken with one conditional update ("used + amount <= total"). An exclusion
   *   (onCaseClosed) takes the same lock before it reads the applications, so a filing and an
   *   exclusion of one call take turns.
   * A withdrawal or rejection committed while a filing counts can only make that count one too
   * high (the filing goes onto the reserve list and moves up at once in the ranking), never low.
   */
  async function recordBatch(trx: Trx, procedureId: number, filings: readonly FiledSubmission[]) {
    const definition = filings[0]!.definition;
    const call = definition.call!;
    const rows: repo.NewApplication[] = [];
    if (call.budget) await repo.lockBudget(trx, procedureId, Math.round(Number(call.budget.total) * 100));
    // ranked by score with a budget the whole ranking places the new ones; with a cap, a count
    const earlier = byScoreWithBudget(call) ? (await repo.listApplications(trx, procedureId)).filter((a) => !a.excluded) : [];
    let standing = definition.maxFilings ? await repo.countRanked(trx, procedureId) : 0;
    for (const filed of filings) {
      const amountCents = call.budget ? Math.max(0, Math.round(computedValue(filed.definition, filed.answers, call.budget.amount) ?? 0)) : null;
      let placed: 'admitted' | 'reserve';
      // ranked by score, a place in the budget depends on the scores of those who file later:
      // nothing is taken from the counter and nobody is refused for the budget at filing; the
      // ranking assigns the budget in score order when it is read (placed: provisional, below)
      if (byScoreWithBudget(call)) placed = 'reserve';
      else if (call.budget) {
        if (await repo.takeBudget(trx, procedureId, amountCents ?? 0)) placed = 'admitted';
        else if (await repo.takeReserve(trx, procedureId, call.reserve === 'unlimited' ? null : call.reserve)) placed = 'reserve';
        else throw new CallFullError('budget and reserve list full');
      } else placed = definition.maxFilings && standing >= definition.maxFilings ? 'reserve' : 'admitted';
      standing++;
      const key = applicantKey(call, filed) ?? `S:${filed.id}`;
      rows.push({ submissionId: filed.id, procedureId, applicantKey: key, receivedAt: filed.receivedAt, score: computedValue(filed.definition, filed.answers, call.ranking.score), amountCents, placed });
    }
    if (byScoreWithBudget(call)) {
      const ranking = rankApplications([...earlier, ...rows.map((r) => ({ ...r, excluded: false }))], rankingRule(definition));
      const admitted = new Set(ranking.filter((r) => r.standing === 'admitted').map((r) => r.application.submissionId));
      for (const row of rows) row.placed = admitted.has(row.submissionId) ? 'admitted' : 'reserve';
    }
    const recorded = await repo.recordApplications(trx, rows);
    const refused = rows.find((row) => !recorded.has(row.submissionId));
    if (refused) {
      // the intake batch is tried again filing by filing: the second application fails alone
      const first = await repo.applicationOfKey(trx, procedureId, refused.applicantKey);
      const publicId = first && first.submission_id !== refused.submissionId ? (await filingOf(trx, Number(first.submission_id))).public_id : null;
      throw new AlreadyAppliedError(publicId ? `/area-personale/richieste/${publicId}` : '/area-personale/richieste');
    }
  }

  /**
   * In the transaction of a case's change to a final state (a back-office hook): a withdrawn,
   * rejected or inadmissible application leaves the ranking, frees its place and the reserve
   * list moves up; with a budget the counters follow the new ranking (what is admitted, how
   * many wait), so that a later filing finds the room the exclusion made.
   */
  async function onCaseClosed(trx: Trx, c: { submission_id: number; procedure_id: number; status: string }): Promise<void> {
    if (!EXCLUDING.has(c.status)) return;
    const application = await repo.applicationOf(trx, c.submission_id);
    if (!application || application.excluded) return;
    const definition = await definitionOf(trx, application.procedureId);
    if (!definition?.call) return;
    const budget = definition.call.budget;
    // the filings of this call wait until this change commits (recordBatch: locking)
    if (budget) await repo.lockBudget(trx, application.procedureId, Math.round(Number(budget.total) * 100));
    const rule = rankingRule(definition);
    const before = rankApplications(await repo.listApplications(trx, application.procedureId), rule);
    await repo.exclude(trx, c.submission_id, options.clock());
    const after = rankApplications(await repo.listApplications(trx, application.procedureId), rule);
    if (budget && !byScoreWithBudget(definition.call)) {
      const admitted = after.filter((r) => r.standing === 'admitted');
      await repo.setBudgetUse(trx, application.procedureId, {
        usedCents: admitted.reduce((sum, r) => sum + (r.application.amountCents ?? 0), 0),
        reserveUsed: after.filter((r) => r.standing === 'reserve').length,
      });
    }
    for (const up of movedUp(before, after)) await notifyMovedUp(trx, up.submissionId, definition);
  }


  async function notifyMovedUp(trx: Trx, submissionId: number, definition: ProcedureDefinition) {
    const filing = await filingOf(trx, submissionId);
    const number = filing.protocol_number && filing.protocol_year ? `${filing.protocol_number}/${filing.protocol_year}` : filing.public_id.slice(0, 8);
    const message = translator(filing.locale)('calls.movedUp.message');
    await enqueueNotification(trx, {
      kind: 'office.message',
      recipientFiscalCode: filing.applicant.fiscalCode,
      locale: filing.locale,
      data: { procedureTitle: definition.title, protocolNumber: number, link: `/area-personale/richieste/${filing.public_id}`, message },
      dedupeKey: `call:${submissionId}:moved-up`,
    });
  }

  async function definitionOf(trx: DB, procedureId: number): Promise<ProcedureDefinition | undefined> {
    const slug = (await procedureNames(trx, [procedureId])).get(procedureId)?.slug;
    return slug ? ((await publishedProcedure(trx, slug))?.definition as ProcedureDefinition | undefined) : undefined;
  }

  return { onStored, onCaseClosed, onBeginning: refuseSecondApplication, definitionOf, ...createRankingReads(db, options) };
}

/** The ranking as people and staff read it: a filing's standing, the published list. */
function createRankingReads(db: DB, options: { clock: Clock }) {
  async function ranked(procedureId: number, definition: ProcedureDefinition) {
    const ranking = rankApplications(await repo.listApplications(db, procedureId), rankingRule(definition));
    const numbers = await filingNumbers(db, ranking.map((r) => r.application.submissionId));
    return ranking.map((r) => ({ ...r, filing: numbers.get(r.application.submissionId) }));
  }
  return {
    /** Where a filing stands in its call's ranking; undefined when it is not an application to a call. */
    async standingOf(submissionId: number) {
      const application = await repo.applicationOf(db, submissionId);
      if (!application) return undefined;
      const slug = (await procedureNames(db, [application.procedureId])).get(application.procedureId)?.slug;
      const definition = slug ? ((await publishedProcedure(db, slug))?.definition as ProcedureDefinition | undefined) : undefined;
      if (!definition?.call) return undefined;
      const ranking = rankApplications(await repo.listApplications(db, application.procedureId), rankingRule(definition));
      const mine = ranking.find((r) => r.application.submissionId === submissionId);
      return mine && { standing: mine.standing, position: mine.position };
    },
    /** A call's ranking with each filing's protocol number, for the office and, once published, everyone. */
    async rankingOf(slug: string) {
      const procedure = await publishedProcedure(db, slug);
      const definition = procedure?.definition as ProcedureDefinition | undefined;
      if (!procedure || !definition?.call) return undefined;
      const publication = await repo.publication(db, procedure.id);
      return { procedureId: procedure.id, definition, publishedAt: publication?.published_at ?? null, entries: await ranked(procedure.id, definition) };
    },
    /** Publishes (or publishes again, up to date) a call's ranking. */
    async publishRanking(procedureId: number, by: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.publish(trx, procedureId, options.clock(), by);
        // the administration's audit: who published which ranking, when
        await recordChange(trx, by, 'call.publishRanking', 'procedure', procedureId);
      });
    },
  };
}

export type CallsService = ReturnType<typeof createCallsService>;
