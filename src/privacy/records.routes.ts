// The records of processing for the comune's DPO (/admin/registro-trattamenti, GDPR art. 30):
// the table, one processing activity per published procedure, and the same as a CSV download.
// And the privacy notice of each procedure (/servizi/:slug/privacy, GDPR art. 13), public, in
// the person's language, linked from the service page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { adminNav } from '../admin/admin.view.ts';
import { requireAdmin } from '../identity/policies.ts';
import { localize } from '../platform/i18n.ts';
import { recordsCsv, type RecordOfProcessing } from './processing-record.ts';

/** A record in the request's words, for the templates. */
export function recordView(request: FastifyRequest, r: RecordOfProcessing) {
  const locale = request.locale;
  const office = localize(r.office.name, locale);
  return {
    ...r,
    titleText: localize(r.title, locale),
    purposeText: localize(r.purpose, locale),
    basisText: localize(r.policy.legalBasis, locale),
    categoryTexts: r.categories.map((c) => request.t(`privacy.category.${c}` as never)),
    subjectTexts: r.subjects.map((s) => request.t(`privacy.subject.${s}` as never)),
    recipientTexts: r.recipients.map((x) => request.t(`privacy.recipient.${x}` as never, { office })),
    retentionText: request.t('privacy.records.retention', { filing: r.policy.filingYears, attachments: r.policy.attachmentYears, messages: r.policy.messageYears }),
  };
}

async function adminRecords(app: FastifyInstance) {
  app.addHook('onRequest', requireAdmin());

  app.get('/admin/registro-trattamenti', async (request, reply) => {
    const records = await app.services.privacy.records();
    return reply.header('cache-control', 'no-store').view('privacy/records.njk', {
      pageTitle: request.t('privacy.records.title'),
      adminNav: adminNav(request.t, 'records'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('privacy.records.title') }],
      records: records.map((r) => recordView(request, r)),
    });
  });

  app.get('/admin/registro-trattamenti.csv', async (request, reply) => {
    const records = await app.services.privacy.records();
    const words = (key: string) => request.t(key as never, { office: '' }).replace(/ \(\)$/, '');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registro-trattamenti.csv"`)
      .header('cache-control', 'no-store')
      .send(recordsCsv(records, words, request.locale));
  });
}

export default async function recordsRoutes(app: FastifyInstance) {
  await app.register(adminRecords);

  app.get<{ Params: { slug: string } }>('/servizi/:slug/privacy', async (request, reply) => {
    const record = await app.services.privacy.notice(request.params.slug);
    const view = recordView(request, record);
    return reply.view('privacy/notice.njk', {
      pageTitle: request.t('privacy.notice.title', { procedure: view.titleText }),
      breadcrumbs: [{ href: '/servizi', label: request.t('site.services') }, { href: `/servizi/${record.slug}`, label: view.titleText }, { label: request.t('privacy.notice.link') }],
      r: view,
    });
  });
}
