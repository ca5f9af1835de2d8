// The public page of the comune's service figures (/dati-servizi), for everyone, in Italian and
// English: per area and overall, the requests received, the days to a decision, the share
// decided on time and the satisfaction, with small counts hidden, and how they are computed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AREAS } from '../catalogue/areas.ts';
import { localize } from '../platform/i18n.ts';
import type { FiguresLine } from './figures.ts';
import type { Shown } from './rating.ts';

function lineView(request: FastifyRequest, line: FiguresLine) {
  const t = request.t;
  const count = (shown: Shown) => (shown.kind === 'small' ? t('figures.fewer') : String(shown.value));
  const share = (value: number | null) => (value === null ? null : `${value}%`);
  const area = line.area === null ? null : AREAS.find((a) => a.code === line.area);
  return {
    name: line.area === null ? t('figures.overall') : area ? localize(area.name, request.locale) : line.area,
    received: count(line.received),
    median: line.medianDays === null ? null : line.medianDays === 1 ? t('figures.day') : t('figures.days', { n: line.medianDays }),
    onTime: share(line.onTime),
    onTimeBar: line.onTime,
    ratings: count(line.ratings),
    satisfied: share(line.satisfied),
    satisfiedBar: line.satisfied,
  };
}

export default async function figuresRoutes(app: FastifyInstance) {
  app.get('/dati-servizi', async (request, reply) => {
    const figures = await app.services.feedback.publicFigures();
    const order = (code: string | null) => AREAS.findIndex((a) => a.code === code);
    const lines = [...figures.lines].sort((a, b) => order(a.area) - order(b.area)).map((line) => lineView(request, line));
    const pageVotes = figures.pageVotes.kind === 'small' ? request.t('figures.fewer') : String(figures.pageVotes.value);
    return reply.view('feedback/figures.njk', {
      pageTitle: request.t('figures.title'),
      breadcrumbs: [{ label: request.t('figures.title') }],
      from: figures.from,
      until: figures.until,
      lines,
      overall: lineView(request, figures.overall),
      pageVotes,
      pageClear: figures.pageClear,
    });
  });
}
