// The published ranking of a call (/bandi/:slug/graduatoria and its CSV): anonymous, by
// protocol number, with the date and time of receipt, the score when the call ranks by score
// and the status (admitted, reserve, excluded); no names, no fiscal codes. Public once the
// head of the competent office or an administrator publishes it; before, they see a preview
// with the button that publishes it (recorded in the administration's audit).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canAdminister, canUseBackoffice } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { ForbiddenError, NotFoundError } from '../platform/errors.ts';
import { formatTimestamp } from '../platform/format.ts';
import type { Locale } from '../platform/i18n.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import type { CallsService } from './calls.service.ts';
import callSettingsRoutes from './call-settings.routes.ts';

const params = z.object({ slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(80) });
type Ranking = NonNullable<Awaited<ReturnType<CallsService['rankingOf']>>>;

/** The head of the competent office or an administrator. */
function mayPublish(user: User | null | undefined, office: string): boolean {
  return Boolean(user && (canAdminister(user) || (canUseBackoffice(user) && user.headOf.includes(office))));
}

function rows(ranking: Ranking, locale: Locale) {
  return ranking.entries.map((e) => ({
    position: e.position ?? '',
    protocol: e.filing?.protocolNumber && e.filing.protocolYear ? `${protocolNumberText(e.filing.protocolNumber)}/${e.filing.protocolYear}` : '',
    receivedAt: formatTimestamp(e.application.receivedAt, locale),
    receivedIso: e.application.receivedAt.toISOString(),
    score: e.application.score ?? '',
    status: e.standing,
  }));
}

const csvCell = (value: string | number) => (/[",\n;]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

export default async function callsRoutes(app: FastifyInstance) {
  const calls = app.services.calls;
  // the builder's page for the call's settings (behind the /admin guard)
  await app.register(callSettingsRoutes);

  async function rankingOf(request: FastifyRequest): Promise<Ranking> {
    const ranking = await calls.rankingOf(params.parse(request.params).slug);
    if (!ranking) throw new NotFoundError('call');
    return ranking;
  }

  app.get('/bandi/:slug/graduatoria', async (request, reply) => {
    const ranking = await rankingOf(request);
    const office = ranking.definition.office;
    const staff = mayPublish(request.user, office);
    const shown = ranking.publishedAt !== null || staff;
    // the office's preview is not for caches; the published list is public
    if (!ranking.publishedAt) reply.header('cache-control', 'no-store');
    return reply.view('calls/ranking.njk', {
      pageTitle: request.t('calls.ranking.title', { title: ranking.definition.title[request.locale] }),
      slug: params.parse(request.params).slug,
      procedureTitle: ranking.definition.title[request.locale],
      byScore: ranking.definition.call!.ranking.by === 'score',
      publishedAt: ranking.publishedAt ? formatTimestamp(ranking.publishedAt, request.locale) : null,
      rows: shown ? rows(ranking, request.locale) : [],
      shown,
      mayPublish: staff,
      done: (request.query as Record<string, unknown>).esito === 'published',
    });
  });

  app.get('/bandi/:slug/graduatoria.csv', async (request, reply) => {
    const ranking = await rankingOf(request);
    if (!ranking.publishedAt && !mayPublish(request.user, ranking.definition.office)) throw new NotFoundError('ranking');
    const byScore = ranking.definition.call!.ranking.by === 'score';
    const header = ['posizione', 'protocollo', 'ricevuta_il', ...(byScore ? ['punteggio'] : []), 'stato'];
    const status = { admitted: 'ammessa', reserve: 'riserva', excluded: 'esclusa' } as const;
    const lines = rows(ranking, 'it').map((r) => [r.position, r.protocol, r.receivedIso, ...(byScore ? [r.score] : []), status[r.status]].map(csvCell).join(';'));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="graduatoria-${params.parse(request.params).slug}.csv"`)
      .header('cache-control', ranking.publishedAt ? 'public, max-age=60' : 'no-store')
      .send(`${[header.join(';'), ...lines].join('\r\n')}\r\n`);
  });

  app.post('/bandi/:slug/graduatoria/pubblica', async (request, reply: FastifyReply) => {
    const ranking = await rankingOf(request);
    if (!mayPublish(request.user, ranking.definition.office)) throw new ForbiddenError('publish ranking');
    await calls.publishRanking(ranking.procedureId, request.user!.fiscalCode);
    return reply.redirect(`/bandi/${params.parse(request.params).slug}/graduatoria?esito=published`, 303);
  });
}
