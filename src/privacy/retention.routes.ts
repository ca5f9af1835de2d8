// The administrator's retention page (/admin/conservazione): the dry run of the retention job
// (opening it records that it was seen), the policies in force with their legal basis, the
// switch that turns the job on or off, and the legal holds (placed and removed from here too).
// Behind the /admin guard and this plugin's own; 422 with an error summary on refused input.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminNav } from '../admin/admin.view.ts';
import { requireAdmin } from '../identity/policies.ts';
import { NotFoundError } from '../platform/errors.ts';
import { formatDate, formatNumber } from '../platform/format.ts';
import { localize } from '../platform/i18n.ts';
import { PrivacyRefusal } from './privacy-refusal.ts';
import type { HoldActor } from './holds.service.ts';

const BASE = '/admin/conservazione';

const switchInput = z.object({ enabled: z.enum(['true', 'false']), confirm: z.literal('yes').optional() });
const reasonText = z.string().trim().min(3).max(1000);
const holdInput = z.object({ publicId: z.string().trim().min(1).max(80), reason: reasonText });
const removeInput = z.object({ reason: reasonText });

type Refusal = { errors: Record<string, string>; summary: { title: string; items: Array<{ href: string; text: string }> } };

function refusalOf(request: FastifyRequest, problems: Array<{ field: string; key: string }>): Refusal {
  const errors: Record<string, string> = {};
  const items = problems.map((p) => {
    const text = request.t(p.key as never);
    errors[p.field] ??= text;
    return { href: `#r-${p.field}`, text };
  });
  return { errors, summary: { title: request.t('privacy.errorSummary'), items } };
}

/** Bytes in words: KB, MB, GB. */
function sizeText(bytes: number, locale: 'it' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : formatNumber(value, locale)} ${units[unit]}`;
}

function adminActor(request: FastifyRequest): HoldActor {
  return { kind: 'admin', fiscalCode: request.user!.fiscalCode, name: request.user!.displayName };
}

export default async function retentionRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAdmin());
  const privacy = app.services.privacy;

  async function page(request: FastifyRequest, reply: FastifyReply, refusal: Refusal | null = null, values: Record<string, string> = {}, status = 200) {
    const locale = request.locale;
    const [policies, dryRun] = await Promise.all([privacy.retention.policies(), privacy.retention.dryRun(request.user!.fiscalCode)]);
    const settings = await privacy.retention.settings();
    const names = new Map(policies.map((p) => [p.id, localize(p.title, locale)]));
    const esito = (request.query as Record<string, unknown>).esito;
    const notices: Record<string, string> = { enabled: 'privacy.retention.enabled', disabled: 'privacy.retention.disabled', placed: 'privacy.holds.placed', removed: 'privacy.holds.removed' };
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .view('privacy/retention.njk', {
        pageTitle: request.t('privacy.retention.title'),
        adminNav: adminNav(request.t, 'retention'),
        breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('privacy.retention.title') }],
        notice: typeof esito === 'string' && notices[esito] ? request.t(notices[esito] as never) : null,
        errors: refusal?.errors ?? {},
        summary: refusal?.summary ?? null,
        values,
        settings: {
          enabled: settings.enabled,
          changedBy: settings.changed_by,
          changedAt: settings.changed_at ? formatDate(settings.changed_at, locale, { withTime: true }) : null,
          seenBy: settings.dry_run_seen_by,
          seenAt: settings.dry_run_seen_at ? formatDate(settings.dry_run_seen_at, locale, { withTime: true }) : null,
        },
        dryRunAt: formatDate(dryRun.at, locale, { withTime: true }),
        dryRun: dryRun.perProcedure.map((c) => ({ ...c, name: names.get(c.procedureId) ?? String(c.procedureId), size: sizeText(c.bytes, locale) })),
        policies: policies.map((p) => ({ name: localize(p.title, locale), slug: p.slug, ...p.policy, basis: localize(p.policy.legalBasis, locale) })),
        holds: dryRun.holds.map((h) => ({ ...h, at: formatDate(h.placed_at, locale) })),
      });
  }

  /** Runs the change; a PrivacyRefusal or a missing case shows the page again with 422. */
  async function orRefuse(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, run: () => Promise<unknown>, done: string) {
    try {
      await run();
    } catch (error) {
      if (error instanceof PrivacyRefusal) return page(request, reply, refusalOf(request, [{ field: error.field, key: error.messageKey }]), values, 422);
      if (error instanceof NotFoundError) return page(request, reply, refusalOf(request, [{ field: 'publicId', key: 'privacy.hold.error.publicId' }]), values, 422);
      throw error;
    }
    return reply.redirect(`${BASE}?esito=${done}`, 303);
  }

  app.get(BASE, async (request, reply) => page(request, reply));

  app.post(`${BASE}/attivazione`, async (request, reply) => {
    const parsed = switchInput.safeParse(request.body);
    if (!parsed.success) return page(request, reply, refusalOf(request, [{ field: 'enabled', key: 'privacy.retention.error.choice' }]), {}, 422);
    const enabled = parsed.data.enabled === 'true';
    if (enabled && parsed.data.confirm !== 'yes') return page(request, reply, refusalOf(request, [{ field: 'confirm', key: 'privacy.retention.error.confirm' }]), {}, 422);
    return orRefuse(request, reply, {}, () => privacy.retention.setEnabled(request.user!.fiscalCode, enabled), enabled ? 'enabled' : 'disabled');
  });

  app.post(`${BASE}/blocchi`, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { publicId: String(body.publicId ?? '').slice(0, 80), reason: String(body.reason ?? '').slice(0, 1000) };
    const parsed = holdInput.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => (i.path[0] === 'publicId' ? { field: 'publicId', key: 'privacy.hold.error.publicId' } : { field: 'reason', key: 'privacy.hold.error.reason' }));
      return page(request, reply, refusalOf(request, problems), values, 422);
    }
    return orRefuse(request, reply, values, () => privacy.holds.place(adminActor(request), parsed.data.publicId, parsed.data.reason), 'placed');
  });

  app.post<{ Params: { publicId: string } }>(`${BASE}/blocchi/:publicId/rimozione`, async (request, reply) => {
    const parsed = removeInput.safeParse(request.body);
    if (!parsed.success) return page(request, reply, refusalOf(request, [{ field: `remove-${request.params.publicId}`, key: 'privacy.hold.error.reason' }]), {}, 422);
    return orRefuse(request, reply, {}, () => privacy.holds.remove(adminActor(request), request.params.publicId, parsed.data.reason), 'removed');
  });
}
