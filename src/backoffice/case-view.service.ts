// One case as its page shows it to a clerk of its office: the filing, its clock, its log, the
// requests, messages, notes, files and decision, the colleagues and offices it can go to, its
// payments, and the actions the workflow table allows now; the answers as they stand after
// the office's corrections, in the reader's language. The read is audited.
import { filingPaymentStatus, type PositionView } from '../payments/payments.service.ts';
import { addDays, romeDate } from '../platform/time.ts';
import { auditOfSubmission } from './audit-log.repository.ts';
import { audit, clockFor, guardContext, roleOf, staffCase, type BackofficeContext, type StaffActor } from './case-context.ts';
import { protocolLabel } from './case-notices.ts';
import { findDecision, listFiles, listMessages, listNotes, listRequests } from './case-records.repository.ts';
import { listEvents } from './case.repository.ts';
import { definitionOf, officesByCode, officeStaff, procedureTitles, staffMemberName } from './directory.ts';
import { answersView, attachmentSignatures, currentAnswers, filingAttachments, filingOf } from '../submissions/submissions.service.ts';
import type { Locale } from '../forms/index.ts';
import { readsOnlyIn } from './staff-access.ts';
import { allowedActions } from './workflow.ts';

/** Days a clerk's payment request gives by default. */
export const PAYMENT_DUE_DAYS = 30;

export function createCaseView(ctx: BackofficeContext) {
  const { db } = ctx;

  async function positionsOf(submissionId: number): Promise<PositionView[]> {
    if (!ctx.payments) return [];
    return (await ctx.payments.bySubmission([submissionId])).get(submissionId) ?? [];
  }

  return {
    /** Everything the case page shows; the read is audited. */
    async caseView(actor: StaffActor, publicId: string, locale: Locale = 'it') {
      const c = await staffCase(ctx, actor, publicId);
      const today = romeDate(ctx.clock());
      const id = c.submission_id;
      const filing = await filingOf(db, id);
      const [procedure, requests, events, messages, notes, files, decision, attachments, colleagues, offices, assignee, version, positions] = await Promise.all([
        procedureTitles(db, c.procedure_id),
        listRequests(db, id),
        listEvents(db, id),
        listMessages(db, id),
        listNotes(db, id),
        listFiles(db, id),
        findDecision(db, id),
        filingAttachments(db, id),
        officeStaff(db, c.office_code, c.procedure_id),
        officesByCode(db),
        c.assignee_fiscal_code ? staffMemberName(db, c.assignee_fiscal_code) : Promise.resolve(undefined),
        definitionOf(db, c.procedure_id, filing.procedure_version),
        positionsOf(id),
      ]);
      const { corrections } = await currentAnswers(db, filing);
      const signatures = await attachmentSignatures(db, attachments.map((a) => a.id));
      await audit(ctx, actor, 'case.view', { submissionId: id, officeCode: c.office_code });
      const state = clockFor(ctx, c, requests, today);
      const rule = c.routed_rule ? version?.routing?.rules.find((r) => r.id === c.routed_rule) : undefined;
      return {
        case: c,
        filing,
        protocol: protocolLabel(filing),
        procedure,
        clock: state,
        requests,
        events,
        messages: messages.map((m) => ({ ...m, files: files.filter((f) => f.message_id === m.id) })),
        notes,
        decision: decision ? { ...decision, document: files.find((f) => f.id === decision.document_id) ?? null } : null,
        // each signed attachment with its signature as verified at upload
        attachments: attachments.map((a) => ({ ...a, signature: signatures.get(a.id) ?? null })),
        // the answers as they stand now, corrections marked (the filed summary when the definition is gone)
        answers: version ? answersView(version.form, filing.answers as never, corrections, locale) : null,
        colleagues,
        offices: offices.filter((o) => o.code !== c.office_code),
        office: offices.find((o) => o.code === c.office_code),
        assignee: assignee ?? null,
        // an auditor of the office reads it all and is offered no action (lockFor refuses them anyway)
        readOnly: readsOnlyIn(actor, c.office_code),
        role: roleOf({ role: 'clerk', staff: actor }, c),
        actions: readsOnlyIn(actor, c.office_code) ? [] : allowedActions(c.kind, c.status, roleOf({ role: 'clerk', staff: actor }, c), guardContext(c, requests, state)),
        routedRule: rule ?? (c.routed_rule ? { id: c.routed_rule } : null),
        positions,
        paymentStatus: filingPaymentStatus(positions.map((p) => p.status)),
        paymentDefaults: { dueDate: addDays(today, PAYMENT_DUE_DAYS), taxonomyCode: version?.fees?.taxonomyCode ?? null, comuneTaxonomyCode: ctx.payments?.defaultTaxonomyCode ?? null },
      };
    },

    /** The audit entries of a filing (its page shows who read it). */
    auditOf: (submissionId: number) => auditOfSubmission(db, submissionId),
  };
}
