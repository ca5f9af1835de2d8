// The pages of "I miei dati" (/area-personale/i-miei-dati): the categories with their counts and
// the download, the ZIP itself (rate-limited: it is heavy), and the deletion of the optional
// contacts (a confirmation page, then POST with CSRF and 303). No parameter names a person: every
// route serves the logged-in natural person's own data, whatever they act as.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { requireUser } from '../identity/policies.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { createPersonalDataService } from './personal-data.service.ts';

export const PAGE_PATH = '/area-personale/i-miei-dati';
export const ARCHIVE_PATH = `${PAGE_PATH}/archivio.zip`;
export const FORGET_PATH = `${PAGE_PATH}/cancella-contatti`;
/** downloads of the archive a person may make in an hour */
export const EXPORTS_PER_HOUR = 5;

const forgetForm = z.object({ conferma: z.literal('si') });
const pageQuery = z.object({ contatti: z.literal('cancellati').optional().catch(undefined) });

const person = (request: FastifyRequest) => request.user!.fiscalCode;
const areaCrumb = (request: FastifyRequest) => ({ href: '/area-personale', label: request.t('area.title') });

async function personalDataRoutes(app: FastifyInstance) {
  const service = createPersonalDataService({ db: app.db, config: app.config, clock: app.services.clock, services: app.services });
  const { contacts } = app.services.notifications;

  app.get(PAGE_PATH, { preHandler: requireUser() }, async (request, reply) => {
    const { contatti } = pageQuery.parse(request.query ?? {});
    const [overview, preferences] = await Promise.all([service.overview(person(request), request.locale), contacts.preferences(person(request))]);
    return reply.view('personal-data/page.njk', {
      ...overview,
      preferences,
      fiscalCode: person(request),
      exportsPerHour: EXPORTS_PER_HOUR,
      archivePath: ARCHIVE_PATH,
      forgetPath: FORGET_PATH,
      notice: contatti ? request.t('personalData.forget.done') : undefined,
      breadcrumbs: [areaCrumb(request), { label: request.t('personalData.title') }],
    });
  });

  const exportLimit = perPersonRateLimit({ max: EXPORTS_PER_HOUR, timeWindow: '1 hour', pageKey: 'error.tooMany.personalData', backHref: () => PAGE_PATH });

  app.get(ARCHIVE_PATH, { preHandler: requireUser(), config: { rateLimit: exportLimit } }, async (request, reply) => {
    const archive = await service.archive(person(request), request.locale);
    // the person exported their own data: counts only, nothing personal (the staff audit log is for staff)
    request.log.info({ event: 'personal-data.export', sections: archive.sections, files: archive.files }, 'personal data exported by its subject');
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${archive.name}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(archive.stream);
  });

  async function forgetPage(request: FastifyRequest, reply: FastifyReply, errors?: Array<{ field: string; text: string }>) {
    const preferences = await contacts.preferences(person(request));
    return reply.view('personal-data/forget.njk', {
      preferences,
      errors,
      forgetPath: FORGET_PATH,
      pagePath: PAGE_PATH,
      breadcrumbs: [areaCrumb(request), { href: PAGE_PATH, label: request.t('personalData.title') }, { label: request.t('personalData.forget.title') }],
    });
  }

  app.get(FORGET_PATH, { preHandler: requireUser() }, async (request, reply) => forgetPage(request, reply));

  app.post(FORGET_PATH, { preHandler: requireUser() }, async (request, reply) => {
    const parsed = forgetForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      reply.status(422);
      return forgetPage(request, reply, [{ field: 'conferma', text: request.t('personalData.forget.error.confirm') }]);
    }
    await service.forgetContacts(person(request));
    request.log.info({ event: 'personal-data.contacts-deleted' }, 'optional contacts deleted by their subject');
    return reply.redirect(`${PAGE_PATH}?contatti=cancellati`, 303);
  });
}

/**
 * "I miei dati" among the personal area's sections, on every page a logged-in person opens.
 * Registered before the area's pages (a hook reaches only the routes registered after it).
 */
export const personalDataAreaSection = fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.user || request.method !== 'GET') return;
      const sections = (reply.locals?.areaSections as { href: string; label: string }[] | undefined) ?? [];
      reply.locals = { ...reply.locals, areaSections: [...sections, { href: PAGE_PATH, label: request.t('personalData.tab') }] };
    });
  },
  { name: 'personal-data-area-section', dependencies: ['views', 'identity'] },
);

export default personalDataRoutes;
