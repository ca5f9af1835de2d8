// What the offices and staff pages share: the notice shown after a change, an office's name in
// the reader's language, and the frame of the form of one office or one member.
import type { FastifyRequest } from 'fastify';
import { adminNav } from './admin.view.ts';

const NOTICES = new Set(['saved', 'created']);

/** The notice after a change (?esito=saved|created), or none. */
export function notice(request: FastifyRequest): string | null {
  const esito = (request.query as Record<string, unknown> | undefined)?.esito;
  return typeof esito === 'string' && NOTICES.has(esito) ? request.t(`admin.notice.${esito}`) : null;
}

export const officeName = (request: FastifyRequest, o: { name_it: string; name_en: string }): string => (request.locale === 'it' ? o.name_it : o.name_en);

const LISTS = { offices: { href: '/admin/uffici', title: 'admin.offices.title' }, staff: { href: '/admin/personale', title: 'admin.staff.title' } } as const;

/** What the form of one office or one staff member shows around it: titles, navigation, breadcrumbs, notice. */
export function personFrame(request: FastifyRequest, list: keyof typeof LISTS, title: string) {
  return {
    pageTitle: title,
    heading: title,
    adminNav: adminNav(request.t, list),
    breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { href: LISTS[list].href, label: request.t(LISTS[list].title) }, { label: title }],
    notice: notice(request),
  };
}
