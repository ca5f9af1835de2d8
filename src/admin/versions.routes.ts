// A procedure's versions (/admin/procedimenti/:id/versioni): the history with the filings
// made under each version, the differences between any two (or the draft) in words, an older
// version restored as the draft, and the export of a version's definition file.
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { diffQuery } from './admin.inputs.ts';
import { procedureBase } from './admin.view.ts';
import { actor, frame, procedureId, type IdParams } from './builder-pages.ts';

/** "label.en" -> "Etichetta (inglese)"; unknown properties are shown as written. */
export function propertyLabel(t: (key: string, params?: Record<string, string | number>) => string, property: string): string {
  const parts = property.split('.');
  const last = parts[parts.length - 1]!;
  const lang = last === 'it' || last === 'en' ? last : null;
  const key = `admin.prop.${(lang ? parts.slice(0, -1) : parts).join('.')}`;
  let base: string;
  try {
    base = t(key);
  } catch {
    base = (lang ? parts.slice(0, -1) : parts).join('.');
  }
  return lang ? `${base} (${t(`admin.lang.${lang}`)})` : base;
}

export default async function versionsRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin/procedimenti/:id/versioni', async (request, reply) => {
    const id = procedureId(request.params);
    const ws = await admin.workspace(id);
    const refs = [...(ws.draft ? [{ value: 'bozza', label: request.t('admin.versions.draft') }] : []), ...ws.versions.map((v) => ({ value: String(v.version), label: request.t('admin.versions.version', { n: v.version }) }))];
    return reply.view('admin/versions.njk', {
      ...frame(request, ws, 'versions', request.t('admin.pnav.versions')),
      versions: ws.versions,
      draft: ws.draft,
      refs,
      from: ws.draft ? String(ws.versions[0]?.version ?? '') : String(ws.versions[1]?.version ?? ''),
      to: ws.draft ? 'bozza' : String(ws.versions[0]?.version ?? ''),
    });
  });

  app.get('/admin/procedimenti/:id/versioni/confronta', async (request, reply) => {
    const id = procedureId(request.params);
    const query = diffQuery.parse(request.query);
    if (!query.da || !query.a) throw new NotFoundError('versions to compare');
    const ref = (value: string) => (value === 'bozza' ? ('draft' as const) : Number(value));
    const [ws, changes] = await Promise.all([admin.workspace(id), admin.diff(id, ref(query.da), ref(query.a), request.locale)]);
    const name = (value: string) => (value === 'bozza' ? request.t('admin.versions.draft') : request.t('admin.versions.version', { n: value }));
    return reply.view('admin/diff.njk', {
      ...frame(request, ws, 'versions', request.t('admin.diff.title', { from: name(query.da), to: name(query.a) })),
      changes,
      fromName: name(query.da),
      toName: name(query.a),
      propLabel: (property: string | null) => (property ? propertyLabel(request.t, property) : ''),
    });
  });

  app.post<{ Params: IdParams & { version: string } }>('/admin/procedimenti/:id/versioni/:version/ripristina', async (request, reply) => {
    const id = procedureId(request.params);
    if (!/^\d{1,6}$/.test(request.params.version)) throw new NotFoundError('version');
    await admin.restoreVersion(actor(request), id, Number(request.params.version));
    return reply.redirect(`${procedureBase(id)}?esito=versionRestored`, 303);
  });

  app.get('/admin/procedimenti/:id/esporta', async (request, reply) => {
    const id = procedureId(request.params);
    const which = (request.query as Record<string, unknown> | undefined)?.versione;
    const ref = which === 'bozza' ? 'draft' : typeof which === 'string' && /^\d{1,6}$/.test(which) ? Number(which) : 'published';
    const file = await admin.exportDefinition(id, ref);
    return reply
      .header('content-type', 'application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .send(file.text);
  });
}
