// The read-only JSON API of the catalogue (/api/v1/procedures) and its OpenAPI document. The
// API gives both languages at once: clients choose what to show.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AREAS } from './areas.ts';
import type { ProcedureListItem } from './catalogue.repository.ts';

const listQuery = z.object({
  q: z.string().max(200).optional(),
  area: z.string().max(80).optional(),
});

function summary(item: ProcedureListItem, baseUrl: string) {
  return {
    slug: item.slug,
    area: item.area,
    audience: item.audience,
    title: { it: item.title_it, en: item.title_en },
    summary: { it: item.summary_it, en: item.summary_en },
    url: `${baseUrl}/servizi/${item.slug}`,
  };
}

const localizedSchema = { type: 'object', required: ['it', 'en'], properties: { it: { type: 'string' }, en: { type: 'string' } } };

export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sportello: catalogue API',
      version: '1.0.0',
      description: 'Read-only access to the published procedures of the comune, in Italian and English.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/procedures': {
        get: {
          summary: 'List or search the published procedures',
          parameters: [
            { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'Full-text search, Italian and English' },
            { name: 'area', in: 'query', required: false, schema: { type: 'string', enum: AREAS.map((a) => a.code) } },
          ],
          responses: {
            '200': {
              description: 'The matching procedures',
              content: { 'application/json': { schema: { type: 'object', properties: { count: { type: 'integer' }, items: { type: 'array', items: { $ref: '#/components/schemas/ProcedureSummary' } } } } } },
            },
            '400': { description: 'Invalid query', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      '/procedures/{slug}': {
        get: {
          summary: 'One published procedure with its full definition',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The procedure', content: { 'application/json': { schema: { $ref: '#/components/schemas/Procedure' } } } },
            '404': { description: 'No such procedure', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Localized: localizedSchema,
        ProcedureSummary: {
          type: 'object',
          required: ['slug', 'area', 'audience', 'title', 'summary', 'url'],
          properties: {
            slug: { type: 'string' },
            area: { type: 'string' },
            audience: { type: 'string', enum: ['citizens', 'businesses', 'both'] },
            title: { $ref: '#/components/schemas/Localized' },
            summary: { $ref: '#/components/schemas/Localized' },
            url: { type: 'string', format: 'uri' },
          },
        },
        Procedure: {
          type: 'object',
          required: ['slug', 'version', 'definition', 'office'],
          properties: {
            slug: { type: 'string' },
            version: { type: 'integer' },
            publishedAt: { type: ['string', 'null'], format: 'date-time' },
            definition: { type: 'object', description: 'The procedure definition (the same format as the shipped YAML files)' },
            office: { type: 'object' },
          },
        },
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  };
}

export default async function catalogueApi(app: FastifyInstance) {
  const catalogue = app.services.catalogue;
  const baseUrl = app.config.baseUrl;

  // the OpenAPI document at /api/v1/openapi.json is the API plugin's (src/api/api.routes.ts): it takes these paths as written here

  app.get('/api/v1/procedures', async (request, reply) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) {
      return reply.status(400).send({ error: { status: 400, code: 'invalid_query', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    }
    if (parsed.data.area && !AREAS.some((a) => a.code === parsed.data.area)) {
      return reply.status(400).send({ error: { status: 400, code: 'invalid_query', message: `area: unknown area "${parsed.data.area}"` } });
    }
    const { items } = await catalogue.list({ ...parsed.data, locale: 'it' });
    return { count: items.length, items: items.map((item) => summary(item, baseUrl)) };
  });

  app.get<{ Params: { slug: string } }>('/api/v1/procedures/:slug', async (request) => {
    const procedure = await catalogue.get(request.params.slug);
    const office = procedure.office;
    return {
      slug: procedure.slug,
      version: procedure.version,
      publishedAt: procedure.publishedAt,
      definition: procedure.definition,
      office: office && {
        code: office.code,
        name: { it: office.name_it, en: office.name_en },
        email: office.email,
        phone: office.phone,
        address: office.address,
        openingHours: { it: office.opening_hours_it, en: office.opening_hours_en },
      },
    };
  });
}
