// The help desks' statistics (/sportello/statistiche, and the same as CSV): over a period, the
// filings per procedure made online and at a desk, and per desk. For the operators and the
// administrators (linked from the administration's menu); 404 for anyone else.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contentDisposition } from '../backoffice/backoffice.http.ts';
import { canAdminister, canUseHelpDesk, requireStaff } from '../identity/policies.ts';
import { parseQuery } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { statisticsQuery } from './help-desk.inputs.ts';

const title = (request: FastifyRequest, named: { title_it: string; title_en: string }) => (request.locale === 'it' ? named.title_it : named.title_en);

export default async function statisticsRoutes(app: FastifyInstance) {
  const { statistics, clock } = app.services.helpDesk;
  app.addHook('onRequest', requireStaff((user) => canUseHelpDesk(user) || canAdminister(user)));

  app.get('/sportello/statistiche', async (request, reply) => {
    const query = parseQuery(statisticsQuery, request.query);
    const stats = await statistics.compute({ from: query.dal, to: query.al });
    const user = request.user!;
    return reply.view('representation/help-desk/statistics.njk', {
      pageTitle: request.t('helpDesk.stats.title'),
      breadcrumbs: canUseHelpDesk(user) ? [{ href: '/sportello', label: request.t('helpDesk.title') }, { label: request.t('helpDesk.stats.title') }] : [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('helpDesk.stats.title') }],
      from: stats.from,
      to: stats.to,
      procedures: stats.procedures.map((p) => ({ ...p, title: title(request, p.procedure) })),
      desks: stats.desks.map((d) => ({ code: d.desk.code, name: request.locale === 'it' ? d.desk.name_it : d.desk.name_en, filings: d.filings, procedures: d.procedures.map((p) => ({ title: title(request, p.procedure), filings: p.filings })) })),
      total: stats.total,
      csvHref: `/sportello/statistiche.csv?${new URLSearchParams({ dal: stats.from, al: stats.to }).toString()}`,
    });
  });

  app.get('/sportello/statistiche.csv', async (request, reply) => {
    const query = parseQuery(statisticsQuery, request.query);
    const col = (name: string) => request.t(`helpDesk.stats.csv.${name}`);
    const header = ['from', 'to', 'slug', 'procedure', 'channel', 'desk', 'deskName', 'filings'].map(col);
    const lines = statistics.csv({ from: query.dal, to: query.al }, header, request.locale);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition(`sportelli-${romeDate(clock())}.csv`))
      .header('x-content-type-options', 'nosniff')
      .send(Readable.from(lines));
  });
}
