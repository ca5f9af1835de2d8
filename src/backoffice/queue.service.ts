// The queue of a clerk's offices as a read model: the filter from the page's parameters (the
// search box reads a protocol number, a fiscal code or a name), pages by deadline with each
// row's band and payment state, the counts per status, and the same list as a streamed CSV.
// Every read is audited.
import { CODICE_FISCALE } from '../identity/fiscal-code.ts';
import type { FilingPaymentStatus } from '../payments/payments.service.ts';
import { addDays, romeDate } from '../platform/time.ts';
import { audit, officesOf, oneOffice, type BackofficeContext, type StaffActor } from './case-context.ts';
import { limitsOf } from './staff-access.ts';
import { protocolLabel } from './case-notices.ts';
import { csvLine } from './csv.ts';
import { officesByCode, officeStaff, visibleProcedures, type StaffMember } from './directory.ts';
import { bandOf } from './legal-clock.ts';
import { searchText } from './case.repository.ts';
import * as queues from './queue.repository.ts';
import { isFinal } from './workflow.ts';

export interface QueueParams {
  status: queues.QueueStatus;
  office?: string | undefined;
  procedureId?: number | undefined;
  /** 'me', 'none' or a colleague's fiscal code */
  assignee?: string | undefined;
  band?: queues.QueueBand | undefined;
  q?: string | undefined;
  after?: queues.QueueCursor | undefined;
  descending?: boolean | undefined;
  limit?: number | undefined;
}

export function parseSearch(raw: string | undefined): queues.QueueSearch | undefined {
  const q = raw?.trim();
  if (!q) return undefined;
  const protocol = /^(\d{1,7})(?:\s*\/\s*(\d{4}))?$/.exec(q);
  if (protocol) return { kind: 'protocol', number: Number(protocol[1]), year: protocol[2] ? Number(protocol[2]) : null };
  const code = q.replace(/\s+/g, '').toUpperCase();
  if (CODICE_FISCALE.test(code) || /^\d{11}$/.test(code)) return { kind: 'fiscalCode', code };
  return { kind: 'name', text: searchText(q).slice(0, 100) };
}

export function createQueue(ctx: BackofficeContext) {
  const { db } = ctx;
  const paymentStatuses = async (ids: readonly number[]): Promise<Map<number, FilingPaymentStatus>> => (ctx.payments ? ctx.payments.statusOfSubmissions(ids) : new Map());

  /** The queue's filter from the page's parameters, within the clerk's offices. */
  function queueFilter(actor: StaffActor, params: QueueParams, today: string): queues.QueueFilter {
    const offices = officesOf(actor, params.office);
    return {
      offices,
      limits: limitsOf(actor, offices),
      status: params.status,
      procedureId: params.procedureId,
      assignee: params.assignee === 'me' ? actor.fiscalCode : params.assignee,
      band: params.band,
      today,
      soonUntil: addDays(today, ctx.dueSoonDays),
      search: parseSearch(params.q),
    };
  }

  async function colleaguesOf(actor: StaffActor): Promise<StaffMember[]> {
    const colleagues = new Map<string, StaffMember>();
    for (const office of actor.offices) for (const member of await officeStaff(db, office)) colleagues.set(member.fiscal_code, member);
    return [...colleagues.values()].sort((a, b) => a.family_name.localeCompare(b.family_name));
  }

  return {
    async queue(actor: StaffActor, params: QueueParams) {
      const today = romeDate(ctx.clock());
      const filter = queueFilter(actor, params, today);
      const limit = params.limit ?? 50;
      const page = await queues.queuePage(db, filter, { after: params.after, limit: limit + 1, descending: params.descending });
      const ids = page.slice(0, limit).map((r) => r.submission_id);
      const [rows, counts, officeRows, procedures, paid, colleagues] = await Promise.all([
        queues.queueRows(db, ids),
        queues.statusCounts(db, filter),
        officesByCode(db, actor.offices),
        visibleProcedures(db, actor),
        paymentStatuses(ids),
        colleaguesOf(actor),
      ]);
      await audit(ctx, actor, 'queue.view', { officeCode: oneOffice(filter.offices) }, { filter: { ...params, after: undefined }, rows: ids.length });
      const last = page[limit - 1];
      return {
        today,
        rows: rows.map((r) => ({
          ...r,
          protocol: protocolLabel(r),
          ...bandOf(r.due_date, today, r.paused_since !== null, ctx.dueSoonDays),
          open: !isFinal(r.status),
          payment: paid.get(r.submission_id) ?? ('none' as FilingPaymentStatus),
        })),
        counts,
        next: page.length > limit && last ? { dueDate: last.due_date, id: last.submission_id } : null,
        offices: officeRows,
        procedures,
        colleagues,
      };
    },

    /** The queue as CSV lines, every page of it, streamed; one audit entry for the export. */
    async exportCsv(actor: StaffActor, params: QueueParams, header: string[]): Promise<AsyncIterable<string>> {
      const today = romeDate(ctx.clock());
      const filter = queueFilter(actor, params, today);
      await audit(ctx, actor, 'queue.export', { officeCode: oneOffice(filter.offices) }, { filter: { ...params, after: undefined } });
      const { descending } = params;
      return (async function* lines() {
        yield `\ufeff${csvLine(header)}`;
        let after: queues.QueueCursor | undefined;
        for (;;) {
          const page = await queues.queuePage(db, filter, { after, limit: 1000, descending });
          if (page.length === 0) return;
          const ids = page.map((p) => p.submission_id);
          const [rows, paid] = await Promise.all([queues.queueRows(db, ids), paymentStatuses(ids)]);
          let chunk = '';
          for (const r of rows) {
            const band = bandOf(r.due_date, today, r.paused_since !== null, ctx.dueSoonDays);
            const open = !isFinal(r.status);
            chunk += csvLine([
              protocolLabel(r) ?? '',
              romeDate(r.received_at),
              r.title_it,
              r.office_code,
              r.status,
              r.applicant_name,
              r.applicant_fiscal_code,
              r.company_fiscal_code,
              r.assignee_name ?? '',
              r.due_date,
              open ? band.remainingDays : '',
              open ? band.band : '',
              r.public_id,
              paid.get(r.submission_id) ?? 'none',
            ]);
          }
          yield chunk;
          const last = page[page.length - 1]!;
          after = { dueDate: last.due_date, id: last.submission_id };
        }
      })();
    },
  };
}
