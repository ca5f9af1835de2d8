// The audit log (/admin/registro): every change to a procedure, an office or a staff member,
// newest first, a page at a time, each with a link to what it changed and its details in one line.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pageQuery } from './admin.inputs.ts';
import { adminNav, procedureBase } from './admin.view.ts';
import type { AuditListRow } from './audit.ts';

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

/** The page of what an entry changed; a staff member's by their id (no fiscal code in an address). */
function subjectHref(row: AuditListRow): string | null {
  if (row.subject_type === 'procedure') return procedureBase(Number(row.subject_id));
  if (row.subject_type === 'office') return `/admin/uffici/${row.subject_id}`;
  return row.subject_staff_id === null ? null : `/admin/personale/${row.subject_staff_id}`;
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
        subjectHref: subjectHref(row),
        detailText: detailText(row.details),
      })),
      page: pagina,
      more,
    });
  });
}
