// The benchmark's yardstick: a bare Fastify server on the same PostgreSQL database with the
// same pool size as the portal. POST on the filing URL inserts one row and answers 303 (what a
// filing costs at the very least: HTTP, one insert, one commit); GET on the page URLs serves
// the bytes the portal rendered for them, from memory (what a page costs at the very least).
// Started by bench/run.ts: PORT, DATABASE_URL, DATABASE_POOL_SIZE, PAGES (a JSON file
// {path: {contentType, body, headers}}).
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

const port = Number(process.env.PORT ?? 3300);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
await pool.query('create table if not exists bench_reference_rows (id bigserial primary key, received_at timestamptz not null default clock_timestamp(), body text not null)');

const pages = JSON.parse(readFileSync(process.env.PAGES!, 'utf8')) as Record<string, { contentType: string; body: string; headers?: Record<string, string> }>;
const app = Fastify({ logger: false });
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));

for (const [path, page] of Object.entries(pages)) {
  const bytes = Buffer.from(page.body);
  // the headers the portal sent with the page (security headers, type, vary), so that both
  // servers write the same response
  const headers = page.headers ?? { 'content-type': page.contentType };
  app.get(path, async (_request, reply) => reply.headers(headers).send(bytes));
}
app.post('/servizi/:slug/domanda/invia', async (request, reply) => {
  const { rows } = await pool.query<{ id: string }>('insert into bench_reference_rows (body) values ($1) returning id', [String(request.body ?? '')]);
  return reply.redirect(`/riferimento/${rows[0]!.id}`, 303);
});
app.get('/readyz', async () => ({ ok: true }));

async function shutdown() {
  await app.close();
  await pool.end();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
await app.listen({ port, host: '127.0.0.1' });
