// The payments of the clerks' offices (/backoffice/pagamenti): every position of the filings in
// their offices' queues, with filters (status, office, procedure, a period of request or of
// payment), pages newest first, and the same list as CSV; and, on a case, a position's notice
// or receipt as PDF. Behind the clerk guard like every back-office page: another office's
// filters, filings and positions are a 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireClerk } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseQuery } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { formatNoticeNumber } from '../payments/notice-number.ts';
import { POSITION_STATUSES } from '../payments/payments.table.ts';
import { officePaymentsQuery, type OfficePaymentsQuery } from './backoffice.inputs.ts';
import { contentDisposition, listHref, sendCsv, staffActor } from './backoffice.http.ts';
import { noteText } from './case-page.ts';
import type { OfficePaymentsParams } from './office-payments.service.ts';

const BASE = '/backoffice/pagamenti';
const DEFAULTS = { data: 'creazione' };

const documentParams = z.object({
  publicId: z.string().uuid(),
  positionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

function paramsOf(query: OfficePaymentsQuery): OfficePaymentsParams {
  return {
    office: query.ufficio,
    status: query.stato,
    procedureId: query.procedura,
    dateOf: query.data === 'pagamento' ? 'paid' : 'created',
    from: query.dal,
    to: query.al,
    before: query.prima,
  };
}

/** The query, refused with a 404 when it names an office the clerk is not in. */
function filtersOf(request: FastifyRequest): OfficePaymentsQuery {
  const query = parseQuery(officePaymentsQuery, request.query);
  if (query.ufficio && !request.user!.offices.includes(query.ufficio)) throw new NotFoundError('office');
  return query;
}

export default async function officePaymentsRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };

  app.get(BASE, guard, async (request, reply) => {
    const query = filtersOf(request);
    const result = await service.officePayments(staffActor(request.user!), paramsOf(query));
    const t = request.t;
    const it = request.locale === 'it';
    const filters = { ...query, prima: undefined };
    reply.header('cache-control', 'no-store');
    return reply.view('backoffice/payments.njk', {
      pageTitle: t('backoffice.officePayments.title'),
      query,
      rows: result.rows.map((r) => ({
        caseHref: `/backoffice/pratiche/${r.public_id}`,
        protocol: r.protocol ?? t('backoffice.protocolPending'),
        procedure: it ? r.title_it : r.title_en,
        office: r.office_code,
        reason: r.reason,
        amountCents: r.amount_cents,
        notice: formatNoticeNumber(r.notice_number),
        debtor: r.debtor_name,
        debtorCode: r.debtor_fiscal_code,
        dueDate: r.due_date,
        createdAt: r.created_at,
        paidAt: r.paid_at,
        statusLabel: t(`payments.status.${r.status}`),
        noteLabel: noteText(request, { amountMismatchCents: r.anomaly === 'amount_mismatch' ? r.anomaly_amount_cents : null, paidAfterExpiry: r.paid_after_expiry }),
      })),
      statusOptions: POSITION_STATUSES.map((s) => ({ value: s, label: t(`payments.status.${s}`) })),
      officeOptions: result.offices.map((o) => ({ value: o.code, label: it ? o.name_it : o.name_en })),
      procedureOptions: result.procedures.map((p) => ({ value: p.id, label: it ? p.title_it : p.title_en })),
      dateOfOptions: ['creazione', 'pagamento'].map((v) => ({ value: v, label: t(`backoffice.officePayments.dateOf.${v}`) })),
      nextHref: result.next ? listHref(BASE, { ...filters, prima: result.next }, DEFAULTS) : null,
      firstHref: query.prima ? listHref(BASE, filters, DEFAULTS) : null,
      exportHref: listHref(`${BASE}/export.csv`, filters, DEFAULTS),
    });
  });

  app.get(`${BASE}/export.csv`, guard, async (request, reply) => {
    const query = filtersOf(request);
    const t = request.t;
    const header = [
      t('backoffice.officePayments.csv.notice'),
      t('backoffice.officePayments.csv.iuv'),
      t('backoffice.col.protocol'),
      t('backoffice.col.procedure'),
      t('backoffice.col.office'),
      t('payments.reason'),
      t('backoffice.officePayments.csv.amount'),
      t('payments.status'),
      t('payments.dueDate'),
      t('backoffice.officePayments.created'),
      t('payments.paidOn'),
      t('backoffice.officePayments.csv.paidAmount'),
      t('backoffice.officePayments.csv.receipt'),
      t('backoffice.officePayments.csv.debtor'),
      t('backoffice.officePayments.csv.debtorCode'),
      t('backoffice.officePayments.csv.taxonomy'),
      t('backoffice.col.id'),
      t('backoffice.officePayments.csv.note'),
      t('backoffice.officePayments.csv.mismatchAmount'),
    ];
    const lines = await service.exportPaymentsCsv(staffActor(request.user!), { ...paramsOf(query), before: undefined }, header);
    return sendCsv(reply.header('cache-control', 'no-store'), `pagamenti-${romeDate(service.clock())}.csv`, lines);
  });

  // a position's documents, from the case page: the filing must be one of the clerk's offices'
  for (const [file, kind] of [['avviso.pdf', 'notice'], ['ricevuta.pdf', 'receipt']] as const) {
    app.get(`/backoffice/pratiche/:publicId/pagamenti/:positionId/${file}`, guard, async (request, reply) => {
      const params = documentParams.safeParse(request.params);
      if (!params.success) throw new NotFoundError('payment');
      const position = await service.casePaymentDocument(staffActor(request.user!), params.data.publicId, params.data.positionId, kind);
      // loaded at the first document, not at boot (pdf-lib and qrcode are large)
      const { noticePdf, receiptPdf } = await import('../payments/payments.pdf.ts');
      const bytes = kind === 'notice' ? await noticePdf(position, request.t, request.locale) : await receiptPdf(position, request.t, request.locale);
      const name = `${kind === 'notice' ? 'avviso-pagamento' : 'ricevuta-pagamento'}-${position.noticeNumber}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(name))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(bytes));
    });
  }
}
