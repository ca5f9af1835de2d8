// The statistics page (/backoffice/statistiche): per office and procedure, over a period, the
// filings received and decided, the median days, the share decided in time, the overdue and
// the rating, with two charts per office. Clerks see their offices, administrators every
// office; anyone else gets 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canAdminister, canUseBackoffice, loginPath } from '../identity/policies.ts';
import { STAFF_MIN_LEVEL } from '../identity/levels.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseQuery } from '../platform/input.ts';
import { formatNumber } from '../platform/format.ts';
import { statisticsQuery } from './backoffice.inputs.ts';
import { barChart, type ChartBar } from './charts.ts';

/** Clerks (their offices) and administrators (every office); 404 for anyone else. */
async function statisticsGuard(request: FastifyRequest, reply: FastifyReply) {
  const user = request.user;
  if (!user) return reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL }), 303);
  if (!canUseBackoffice({ ...user, spidLevel: 3 }) && !canAdminister({ ...user, spidLevel: 3 })) throw new NotFoundError('statistics');
  if (user.spidLevel < STAFF_MIN_LEVEL) return reply.redirect(loginPath(request.url, { level: STAFF_MIN_LEVEL }), 303);
}

const shareText = (share: number | null) => (share === null ? '-' : `${share}%`);

export default async function statisticsRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;

  app.get('/backoffice/statistiche', { preHandler: statisticsGuard }, async (request, reply) => {
    const query = parseQuery(statisticsQuery, request.query);
    const user = request.user!;
    const admin = canAdminister(user);
    const offices = admin ? await service.allOfficeCodes() : user.offices;
    // a clerk limited to some procedures of an office sees only theirs; an administrator sees all
    const stats = await service.statistics(offices, { from: query.dal, to: query.al }, admin ? {} : user.procedureLimits);
    const t = request.t;
    const it = request.locale === 'it';
    const number = (n: number | null) => (n === null ? '-' : formatNumber(n, request.locale));
    const groups = stats.groups.map(({ office, rows, total }) => {
      const name = it ? office.name_it : office.name_en;
      const items = rows.map((r) => ({
        title: it ? r.title_it : r.title_en,
        received: r.received,
        decided: r.decided,
        median: number(r.median_days),
        within: r.withinShare,
        withinText: shareText(r.withinShare),
        overdue: r.overdue_now,
        rating: r.rating === null ? '-' : t('backoffice.stats.ratingCount', { value: number(r.rating), count: r.ratings }),
      }));
      const bars: ChartBar[] = items.map((i) => ({ label: i.title, values: [i.received, i.decided] }));
      const withinBars: ChartBar[] = items.map((i) => ({ label: i.title, values: [i.within ?? null] }));
      return {
        code: office.code,
        name,
        items,
        total: { received: total.received, decided: total.decided, withinText: shareText(total.withinShare), overdue: total.overdue },
        chart: barChart({
          id: `chart-${office.code}`,
          title: t('backoffice.stats.chart', { office: name }),
          description: t('backoffice.stats.chartDesc'),
          series: [t('backoffice.stats.received'), t('backoffice.stats.decided')],
          bars,
        }),
        withinChart: barChart({
          id: `within-${office.code}`,
          title: t('backoffice.stats.within', { office: name }),
          description: t('backoffice.stats.withinDesc'),
          series: [t('backoffice.stats.withinShare')],
          bars: withinBars,
          max: 100,
          unit: '%',
        }),
      };
    });
    const load = await service.workload(offices, { from: query.dal, to: query.al });
    const officeName = new Map(load.offices.map((o) => [o.code, it ? o.name_it : o.name_en]));
    const workload = load.rows.map((r) => ({
      office: officeName.get(r.office_code) ?? r.office_code,
      who: r.office_total ? t('worklists.workload.wholeOffice') : (r.assignee_name ?? t('backoffice.unassigned')),
      total: r.office_total,
      open: r.open,
      dueWeek: r.due_this_week,
      overdue: r.overdue,
      decided: r.decided,
      average: number(r.average_days),
    }));
    return reply.view('backoffice/statistics.njk', { pageTitle: t('backoffice.stats.title'), groups, from: stats.from, to: stats.to, showSections: canUseBackoffice(user), workload, weekEnd: load.weekEnd, workloadCsv: canUseBackoffice(user) ? '/backoffice/carico.csv' : null });
  });
}
