// The audit log (/admin/registro): every change to a procedure, an office or a staff member,
// newest first, a page at a time, each with a link to what it changed and its details in one line.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pageQuery } from './admin.inputs.ts';
import { adminNav, procedureBase } from './admin.view.ts';

function actionText(request: FastifyRequest, action: string): string {
  try {
    return request.t(`admin.audit.action.${action}`);
  } catch {
    return action;
  }
}

/** The details of an audit entry in one line: "name_it: «A» → «B»; version: 3". */
function detailText(details: Record<string, unknown>): string {
  const show = (v: unknown) => (typeof v === 'string' ? `«${v}»` : JSON.stringify(v));
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details ?? {})) {
    if (key === 'changes' && value && typeof value === 'object') {
      for (const [field, pair] of Object.entries(value as Record<string, [unknown, unknown]>)) parts.push(`${field}: ${show(pair[0])} → ${show(pair[1])}`);
    } else if (key === 'values' && value && typeof value === 'object') {
      parts.push(Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`).join(', '));
    } else {
      parts.push(`${key}: ${show(value)}`);
    }
  }
  return parts.join('; ');
}

export default async function auditRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin/registro', async (request, reply) => {
    const { pagina } = pageQuery.parse(request.query);
    const { rows, more } = await admin.auditLog({}, pagina);
    return reply.view('admin/audit.njk', {
      pageTitle: request.t('admin.audit.title'),
      adminNav: adminNav(request.t, 'audit'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.audit.title') }],
      rows: rows.map((row) => ({
        ...row,
        actionText: actionText(request, row.action),
        subjectHref: row.subject_type === 'procedure' ? procedureBase(Number(row.subject_id)) : row.subject_type === 'office' ? `/admin/uffici/${row.subject_id}` : `/admin/personale/${row.subject_id}`,
        detailText: detailText(row.details),
      })),
      page: pagina,
      more,
    });
  });
}
