// The exports with the answers (/backoffice/esportazioni): a GET form (procedure, period,
// format, ranking) and the file it asks for, CSV or XLSX; a procedure of no office of the
// clerk's is a 404. Also the filing's receipt PDF for the clerks of its office (the case page
// links it) and the workload as CSV.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireClerk } from '../identity/policies.ts';
import { parseQuery, queryDay, queryId } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { csvLine } from './csv.ts';
import { contentDisposition, sendCsv, sendDownload, staffActor } from './backoffice.http.ts';
import { tableCsv, tableXlsx, type ExportLabels } from './exports.service.ts';

const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
export const exportQuery = z.object({
  procedura: queryId(),
  dal: optional(queryDay()),
  al: optional(queryDay()),
  formato: z.enum(['csv', 'xlsx']).catch('csv').default('csv'),
  graduatoria: optional(z.literal('1')),
});
const pageQuery = z.object({ procedura: optional(queryId()) });

export default async function exportsRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };

  app.get('/backoffice/esportazioni', guard, async (request, reply) => {
    const query = parseQuery(pageQuery, request.query);
    const procedures = await service.exportableProcedures(staffActor(request.user!));
    const it = request.locale === 'it';
    return reply.view('backoffice/exports.njk', {
      pageTitle: request.t('worklists.exports.title'),
      procedureOptions: procedures.map((p) => ({ value: p.id, label: it ? p.title_it : p.title_en })),
      selected: query.procedura,
    });
  });

  app.get('/backoffice/esportazioni/file', guard, async (request, reply) => {
    const query = parseQuery(exportQuery, request.query);
    const t = request.t;
    const labels: ExportLabels = {
      columns: [...['protocol', 'received', 'status', 'office', 'applicant'].map((c) => t(`backoffice.col.${c}`)), 'CF', 'CF/P.IVA', t('backoffice.col.id')],
      rankingColumns: [t('worklists.ranking.position'), t('worklists.ranking.list')],
      withinCap: t('worklists.ranking.within'),
      reserve: t('worklists.ranking.reserve'),
      status: (s) => t(`status.${s}`),
    };
    const table = await service.answersTable(staffActor(request.user!), { procedureId: query.procedura, from: query.dal, to: query.al, ranking: query.graduatoria === '1' }, labels, query.formato);
    if (query.formato === 'xlsx') {
      const body = await tableXlsx(table, t(query.graduatoria ? 'worklists.ranking.sheet' : 'worklists.exports.sheet'));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${table.name}.xlsx`))
        .header('x-content-type-options', 'nosniff')
        .send(body);
    }
    const text = tableCsv(table);
    return sendCsv(reply, `${table.name}.csv`, (async function* () {
      yield text;
    })());
  });

  app.get<{ Params: { publicId: string } }>('/backoffice/pratiche/:publicId/ricevuta.pdf', guard, async (request, reply) => {
    const file = await service.receipt(staffActor(request.user!), request.params.publicId, request.locale);
    return sendDownload(reply, file);
  });

  app.get('/backoffice/carico.csv', guard, async (request, reply) => {
    const user = request.user!;
    const result = await service.workload(user.offices, {});
    const t = request.t;
    const header = [t('worklists.workload.office'), t('worklists.workload.clerk'), 'CF', t('worklists.workload.open'), t('worklists.workload.dueWeek'), t('worklists.workload.overdue'), t('worklists.workload.decided'), t('worklists.workload.averageDays')];
    const lines = result.rows.map((r) =>
      csvLine([r.office_code, r.office_total ? t('worklists.workload.wholeOffice') : (r.assignee_name ?? t('backoffice.unassigned')), r.assignee_fiscal_code ?? '', r.open, r.due_this_week, r.overdue, r.decided, r.average_days ?? '']),
    );
    const text = `\ufeff${csvLine(header)}${lines.join('')}`;
    return sendCsv(reply, `carico-di-lavoro-${romeDate(service.clock())}.csv`, (async function* () {
      yield text;
    })());
  });
}
