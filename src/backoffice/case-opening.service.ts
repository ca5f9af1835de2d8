// Opening cases: inside the filing transaction, each filing's case in the queue the routing
// rules chose, with the first event of its log; and, at start-up, cases for filings that have
// none (filed before the back office existed).
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { RoutingDecision } from '../routing/index.ts';
import type { FiledSubmission } from '../submissions/submissions.service.ts';
import { insertCasesWithFirstEvent } from './case.repository.ts';
import type { BackofficeContext, Trx } from './case-context.ts';
import { filingsWithoutCase, recordCaseProgress } from '../submissions/submissions.service.ts';
import { addDays } from '../platform/time.ts';
import { termDays } from './legal-clock.ts';
import { INITIAL_STATE } from './workflow.ts';

/** What opening a case needs to know of a filing. */
interface CaseOpening {
  id: number;
  procedureId: number;
  definition: ProcedureDefinition;
  routing: RoutingDecision;
  receivedAt: Date;
  receiptDate: string;
  dueDate: string;
  applicantName: string;
  applicantFiscalCode: string;
  companyFiscalCode: string;
}

/** The name a queue shows: the person, or the company with the person acting for it. */
function applicantName(person: { familyName: string; givenName: string }, company: { name: string } | null | undefined): string {
  const name = `${person.familyName} ${person.givenName}`.trim();
  return company ? `${company.name} (${name})` : name;
}

/**
 * The law a case is filed under, kept on the case (a later change of the definition does not
 * change an open case's law): its kind, the state it starts in, its term and due date (a
 * SCIA's are the law's 60 or 30 days, art. 19).
 */
function lawAtFiling(filed: CaseOpening) {
  // a definition stored before kinds existed reads as an istanza under the general rules
  const { kind = 'istanza', regime = 'general', adoption = false, competitive = false } = filed.definition;
  const durationDays = termDays(kind, regime, filed.definition.durationDays);
  const dueDate = durationDays === filed.definition.durationDays ? filed.dueDate : addDays(filed.receiptDate, durationDays);
  return { kind, regime, adoption, competitive, status: INITIAL_STATE[kind], durationDays, dueDate };
}

/** Each filing's case with the first event of its log, for all the filings of a batch at once. */
async function openCases(trx: Trx, filings: readonly CaseOpening[]): Promise<void> {
  const opened = filings.map((filed) => ({ filed, law: lawAtFiling(filed) }));
  await insertCasesWithFirstEvent(
    trx,
    opened.map(({ filed, law }) => ({
      case: {
        ...law,
        submissionId: filed.id,
        officeCode: filed.routing.office,
        procedureId: filed.procedureId,
        receivedAt: filed.receivedAt,
        receiptDate: filed.receiptDate,
        silenceConsent: filed.definition.silenceConsent,
        applicantFiscalCode: filed.applicantFiscalCode,
        companyFiscalCode: filed.companyFiscalCode,
        applicantName: filed.applicantName,
        routedRule: filed.routing.ruleId,
      },
      firstEvent: {
        at: filed.receivedAt,
        actorKind: 'applicant',
        actorFiscalCode: filed.applicantFiscalCode,
        actorName: filed.applicantName,
        kind: 'filed',
        fromState: null,
        toState: law.status,
        reason: null,
        data: { office: filed.routing.office, rule: filed.routing.ruleId, evaluated: filed.routing.evaluated, dueDate: law.dueDate, durationDays: law.durationDays, kind: law.kind, regime: law.regime },
      },
    })),
  );
  // the filing's own row follows where the kind starts elsewhere or its term is the law's
  for (const { filed, law } of opened) {
    if (law.status !== 'submitted' || law.dueDate !== filed.dueDate) await recordCaseProgress(trx, filed.id, { status: law.status, dueDate: law.dueDate });
  }
}

export function createCaseOpening(ctx: BackofficeContext) {
  return {
    /** The filing hook (services.ts): opens the case in the transaction that files. */
    onFiled: async (trx: Trx, filings: readonly FiledSubmission[]) => {
      await openCases(
        trx,
        filings.map((filed) => ({
          ...filed,
          applicantName: applicantName(filed.applicant, filed.applicant.company),
          applicantFiscalCode: filed.applicant.fiscalCode,
          companyFiscalCode: filed.applicant.company?.fiscalCode ?? '',
        })),
      );
    },

    /** Opens cases for filings that have none (filed before the back office); returns how many. */
    async ensureCases(batch = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const rows = await filingsWithoutCase(ctx.db, batch);
        if (rows.length === 0) return total;
        await ctx.db.transaction().execute((trx) =>
          openCases(
            trx,
            rows.map((row) => ({
              id: row.id,
              procedureId: row.procedure_id,
              definition: row.definition,
              routing: { office: row.office_code, ruleId: null, evaluated: [] },
              receivedAt: row.received_at,
              receiptDate: row.receipt_date,
              dueDate: row.due_date,
              applicantName: applicantName(row.applicant, row.company),
              applicantFiscalCode: row.applicant_fiscal_code,
              companyFiscalCode: row.company_fiscal_code,
            })),
          ),
        );
        total += rows.length;
      }
    },
  };
}
