// The administrator's page of the comune's street list (/admin/stradario): the list in use (how
// many streets, when and from which file, a sample), the upload of a new CSV that replaces it
// whole (refused with its problems line by line, changing nothing), the CSV template and the
// list in use as CSV. The /admin guard (src/admin/admin.routes.ts) answers 404 to anyone but an
// administrator; the upload's CSRF token travels in the URL, as multipart bodies are streamed.
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminNav } from '../admin/admin.view.ts';
import { requireAdmin } from '../identity/policies.ts';
import { multipartError, readParts } from '../platform/multipart.ts';
import { decodeText } from './csv.ts';
import { StradarioRefusedError } from './places.service.ts';
import { STRADARIO_TEMPLATE, type CsvProblem } from './stradario-csv.ts';
import type { NumberRange } from './streets.ts';

const BASE = '/admin/stradario';
const MAX_BYTES = 5 * 1024 * 1024;
const LIMITS = { fields: 5, fieldSize: 1000, textBytes: 10_000, files: 1, fileSize: MAX_BYTES };

function rangesText(request: FastifyRequest, ranges: NumberRange[]): string {
  if (ranges.length === 0) return request.t('places.anyNumber');
  return ranges
    .map((r) => {
      const span = r.to === null ? request.t('places.range.up', { from: r.from }) : `${r.from}–${r.to}`;
      return r.parity === 'all' ? span : `${span} ${request.t(r.parity === 'odd' ? 'places.range.odd' : 'places.range.even')}`;
    })
    .join(', ');
}

async function page(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, refusal: { errors: Record<string, string>; summary: { title: string; items: Array<{ href: string; text: string }> } | null } | null = null, status = 200) {
  const state = await app.services.places.state();
  const esito = (request.query as Record<string, unknown>).esito;
  const count = Number((request.query as Record<string, unknown>).vie);
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .view('admin/stradario.njk', {
      pageTitle: request.t('places.title'),
      adminNav: adminNav(request.t, 'stradario'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('places.title') }],
      current: state.current,
      sample: state.sample.map((s) => ({ ...s, rangesText: rangesText(request, s.ranges) })),
      notice: esito === 'sostituito' && Number.isInteger(count) ? request.t('places.replaced', { count }) : null,
      errors: refusal?.errors ?? {},
      summary: refusal?.summary ?? null,
      uploadAction: BASE,
    });
}

/** The uploaded file's text and name; null when no file came, 'tooLarge' past the limit. */
async function uploaded(request: FastifyRequest): Promise<{ text: string; fileName: string } | null | 'tooLarge'> {
  if (!request.isMultipart()) return null;
  let file: { text: string; fileName: string } | null | 'tooLarge' = null;
  for await (const part of readParts(request, LIMITS)) {
    if (part.kind !== 'file') continue;
    const bytes = await buffer(part.stream).catch((error: unknown) => Promise.reject(multipartError(error)));
    // the parser cuts a file one byte past the limit
    if (bytes.length > MAX_BYTES) file = 'tooLarge';
    else if (bytes.length > 0 && file === null) file = { text: decodeText(bytes), fileName: part.fileName.replace(/[^\w.-]/g, '_').slice(0, 100) || 'stradario.csv' };
  }
  return file;
}

function refusalOf(request: FastifyRequest, problems: CsvProblem[]) {
  const items = problems.map((p) => {
    const problem = request.t(p.key as never, p.params ?? {});
    return { href: '#b-file', text: p.line > 0 ? request.t('places.csv.line', { line: p.line, problem }) : problem };
  });
  return { errors: { file: request.t('places.refused', { count: problems.length }) }, summary: { title: request.t('places.refused', { count: problems.length }), items } };
}

export default async function stradarioRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireAdmin());

  app.get(BASE, async (request, reply) => page(app, request, reply));

  app.get(`${BASE}/modello.csv`, async (_request, reply) =>
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="stradario-modello.csv"').send(STRADARIO_TEMPLATE),
  );

  app.get(`${BASE}/stradario.csv`, async (_request, reply) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="stradario.csv"')
      .header('cache-control', 'no-store')
      .send(await app.services.places.exportCsv()),
  );

  app.post(BASE, async (request, reply) => {
    const file = await uploaded(request);
    const fail = (key: string, params: Record<string, string | number> = {}) => {
      const text = request.t(key as never, params);
      return page(app, request, reply, { errors: { file: text }, summary: { title: request.t('admin.errorSummary'), items: [{ href: '#b-file', text }] } }, 422);
    };
    if (file === 'tooLarge') return fail('places.error.tooLarge', { max: MAX_BYTES / 1024 / 1024 });
    if (file === null) return fail('places.error.noFile');
    try {
      const result = await app.services.places.replaceStreets(request.user!.fiscalCode, file.fileName, file.text);
      return reply.redirect(`${BASE}?esito=sostituito&vie=${result.count}`, 303);
    } catch (error) {
      if (error instanceof StradarioRefusedError) return page(app, request, reply, refusalOf(request, error.problems), 422);
      throw error;
    }
  });
}
