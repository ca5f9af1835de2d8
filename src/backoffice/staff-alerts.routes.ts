// The staff alerts' pages: the list (/backoffice/avvisi: unread first, mark one or all read,
// open the case through the alert), the preferences (/backoffice/avvisi/preferenze) and the
// unread count that every back office page shows in its sections. Behind the clerk guard;
// another person's alert is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canUseBackoffice, requireClerk } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formatDate } from '../platform/format.ts';
import { parseQuery, queryId } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { DELIVERIES, MAX_DEADLINE_DAYS, PREFERENCE_KINDS, preferenceKindOf, type PreferenceKind } from './staff-alerts.rules.ts';
import type { AlertPreferences } from './staff-alerts.service.ts';
import type { AlertDelivery } from './staff-alerts.table.ts';

/** The form's names: Italian, as the other forms of the portal. */
const FIELD: Record<PreferenceKind, string> = { new_filing: 'nuove', applicant_reply: 'risposte', assigned: 'assegnazioni', deadline: 'scadenze' };
const DELIVERY_VALUE: Record<AlertDelivery, string> = { immediate: 'subito', digest: 'riepilogo', backoffice: 'backoffice' };
const DELIVERY_OF = Object.fromEntries(Object.entries(DELIVERY_VALUE).map(([k, v]) => [v, k])) as Record<string, AlertDelivery>;

export const preferencesInput = z.object({
  nuove: z.enum(['subito', 'riepilogo', 'backoffice']),
  risposte: z.enum(['subito', 'riepilogo', 'backoffice']),
  assegnazioni: z.enum(['subito', 'riepilogo', 'backoffice']),
  scadenze: z.enum(['subito', 'riepilogo', 'backoffice']),
  giorni: z.string().trim().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_DEADLINE_DAYS)),
  lingua: z.enum(['it', 'en']),
});

const listQuery = z.object({ pagina: queryId(10_000).optional(), fatto: z.string().optional() });
const idParams = z.object({ id: queryId(Number.MAX_SAFE_INTEGER) });

const NOTICES: Record<string, string> = { letto: 'staffAlerts.notice.read', tutti: 'staffAlerts.notice.allRead', salvate: 'staffAlerts.notice.saved' };

/** Back office GET pages show the count of unread alerts in their sections (one indexed count). */
export function unreadCountHook(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !request.url.startsWith('/backoffice') || !canUseBackoffice(request.user)) return;
    reply.locals = { ...reply.locals, staffAlertsUnread: await app.services.staffAlerts.unreadCount(request.user!.fiscalCode) };
  };
}

export default async function staffAlertsRoutes(app: FastifyInstance) {
  const service = app.services.staffAlerts;
  const guard = { preHandler: requireClerk() };

  app.get('/backoffice/avvisi', guard, async (request, reply) => {
    const query = parseQuery(listQuery, request.query);
    const page = query.pagina ?? 1;
    const result = await service.list(request.user!.fiscalCode, page);
    const t = request.t;
    const locale = request.locale;
    const alerts = result.alerts.map((a) => ({
      id: a.id,
      href: a.href,
      read: a.read_at !== null,
      kind: t(`staffAlerts.kind.${a.kind}`),
      protocol: a.facts.protocol,
      procedure: a.facts.procedure[locale],
      office: a.facts.office[locale],
      detail: a.facts.dueDate ? t('staffAlerts.due', { date: formatDate(a.facts.dueDate, locale) }) : a.facts.by ? t('staffAlerts.by', { name: a.facts.by }) : null,
      when: formatDate(romeDate(a.created_at), locale),
      preference: preferenceKindOf(a.kind),
    }));
    return reply.view('backoffice/alerts.njk', {
      title: t('staffAlerts.title'),
      alerts,
      total: result.total,
      unread: result.unread,
      notice: query.fatto && NOTICES[query.fatto] ? t(NOTICES[query.fatto]!) : null,
      newer: page > 1 ? `/backoffice/avvisi${page > 2 ? `?pagina=${page - 1}` : ''}` : null,
      older: page < result.pages ? `/backoffice/avvisi?pagina=${page + 1}` : null,
    });
  });

  app.post('/backoffice/avvisi/letti', guard, async (request, reply) => {
    await service.markAllRead(request.user!.fiscalCode);
    return reply.redirect('/backoffice/avvisi?fatto=tutti', 303);
  });

  // The alert's link: marks it read and opens the case (whose page checks the office again).
  app.get('/backoffice/avvisi/:id', guard, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('alert');
    return reply.redirect(await service.markRead(request.user!.fiscalCode, params.data.id), 303);
  });

  app.post('/backoffice/avvisi/:id/letto', guard, async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('alert');
    await service.markRead(request.user!.fiscalCode, params.data.id);
    return reply.redirect('/backoffice/avvisi?fatto=letto', 303);
  });

  async function renderPreferences(request: FastifyRequest, reply: FastifyReply, form: { values: Record<string, string>; errors: Array<{ field: string; message: string }> } | null, status = 200) {
    const t = request.t;
    const current = await service.preferences(request.user!.fiscalCode);
    const values = form?.values ?? {
      ...Object.fromEntries(PREFERENCE_KINDS.map((k) => [FIELD[k], DELIVERY_VALUE[current.deliveries[k]]])),
      giorni: String(current.deadlineDays),
      lingua: current.locale,
    };
    const errors = Object.fromEntries((form?.errors ?? []).map((e) => [e.field, e.message]));
    const done = (request.query as Record<string, unknown> | undefined)?.fatto;
    return reply.status(status).view('backoffice/alerts-preferences.njk', {
      title: t('staffAlerts.prefs.title'),
      notice: done === 'salvate' && !form ? t('staffAlerts.notice.saved') : null,
      email: current.email,
      kinds: PREFERENCE_KINDS.map((k) => ({
        name: FIELD[k],
        legend: t(`staffAlerts.prefs.kind.${k}`),
        error: errors[FIELD[k]],
        options: DELIVERIES.map((d) => ({ value: DELIVERY_VALUE[d], label: t(`staffAlerts.prefs.delivery.${d}`), checked: values[FIELD[k]] === DELIVERY_VALUE[d] })),
      })),
      days: { value: values.giorni ?? '', error: errors.giorni },
      language: { value: values.lingua, error: errors.lingua, options: [{ value: 'it', label: 'Italiano' }, { value: 'en', label: 'English' }] },
      errorSummary: form?.errors.length ? { title: t('backoffice.errors.title'), items: form.errors.map((e) => ({ href: `#prefs-${e.field}${e.field === 'giorni' ? '' : '-0'}`, text: e.message })) } : null,
    });
  }

  app.get('/backoffice/avvisi/preferenze', guard, (request, reply) => renderPreferences(request, reply, null));

  app.post('/backoffice/avvisi/preferenze', guard, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = preferencesInput.safeParse(body);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
      const order = [...PREFERENCE_KINDS.map((k) => FIELD[k]), 'giorni', 'lingua'];
      const errors = order
        .filter((f) => fields.includes(f))
        .map((field) => ({ field, message: request.t(field === 'giorni' ? 'staffAlerts.error.days' : field === 'lingua' ? 'staffAlerts.error.locale' : 'staffAlerts.error.delivery') }));
      const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return renderPreferences(request, reply, { values, errors }, 422);
    }
    const input = parsed.data;
    const deliveries = Object.fromEntries(PREFERENCE_KINDS.map((k) => [k, DELIVERY_OF[input[FIELD[k] as 'nuove']]!])) as AlertPreferences['deliveries'];
    await service.savePreferences(request.user!.fiscalCode, { deliveries, deadlineDays: input.giorni, locale: input.lingua });
    return reply.redirect('/backoffice/avvisi/preferenze?fatto=salvate', 303);
  });
}
