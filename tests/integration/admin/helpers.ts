// Building procedures the way an administrator does: through the admin pages (app.inject with
// a logged-in administrator), one small form at a time; and filing one as a citizen through
// the journey pages. Each helper checks the status it expects, so a test reads as the steps.
import { expect } from 'vitest';
import type { PortalAgent } from '../../helpers/login.ts';

export async function post(agent: PortalAgent, url: string, form: Record<string, string | string[]>, status = 303) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  if (!body.has('_csrf')) body.set('_csrf', await agent.csrfToken('/admin'));
  const res = await agent.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.statusCode, `${url} ${JSON.stringify(form)}\n${res.statusCode === 422 ? errorsOf(res.body).join('\n') : ''}`).toBe(status);
  return res;
}

/** The texts of the error summary of a page (what a person reads at the top). */
export function errorsOf(html: string): string[] {
  const summary = /id="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...summary.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => decode(`${m[1]} ${m[2]}`));
}

export const METADATA = {
  titleIt: 'Contributo per lo sport giovanile',
  titleEn: 'Youth sport grant',
  summaryIt: 'Chiedi un contributo per le spese sportive dei figli minorenni.',
  summaryEn: 'Apply for a grant towards your children\'s sport costs.',
  descriptionIt: 'Il Comune rimborsa parte delle quote di iscrizione ai corsi sportivi dei minori residenti.',
  descriptionEn: 'The municipality refunds part of the enrolment fees of sports courses for resident minors.',
  whoCanApplyIt: 'I genitori dei minori residenti.',
  whoCanApplyEn: 'Parents of resident minors.',
  howToIt: 'Compila la domanda online e allega la ricevuta di iscrizione.',
  howToEn: 'Fill in the application online and attach the enrolment receipt.',
  requirementsIt: 'Residenza nel Comune\nFiglio di età inferiore a 18 anni',
  requirementsEn: 'Residence in the municipality\nChild under 18',
  documentsIt: '',
  documentsEn: '',
  costDescriptionIt: 'Gratuito.',
  costDescriptionEn: 'Free of charge.',
  costAmount: '0',
  durationDays: '30',
  legalReferences: 'L. 7 agosto 1990, n. 241\nRegolamento comunale per lo sport | https://www.comune.example.it/regolamento-sport',
  area: 'cultura-sport',
  audience: 'citizens',
  office: 'cultura-sport',
  spidLevel: '2',
  keywordsIt: 'sport, bonus sport',
  keywordsEn: 'sport, sport bonus',
  opensAt: '',
  closesAt: '',
  maxFilings: '',
};

export async function createProcedure(agent: PortalAgent, slug: string, title = METADATA.titleIt): Promise<{ id: number; base: string }> {
  const res = await post(agent, '/admin/procedimenti', { slug, titleIt: title, titleEn: '', area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  const match = /^\/admin\/procedimenti\/(\d+)\?esito=created$/.exec(String(res.headers.location));
  expect(match, String(res.headers.location)).not.toBeNull();
  const id = Number(match![1]);
  return { id, base: `/admin/procedimenti/${id}` };
}

export function field(form: Record<string, string | string[]>): Record<string, string | string[]> {
  return { type: 'text', labelIt: '', labelEn: '', required: 'yes', ...form };
}

/**
 * A complete small procedure, built through the pages: the service page, a first step with a
 * name and a choice, a second step with a yes/no question and a date shown only on "yes".
 */
export async function buildSportGrant(agent: PortalAgent, slug: string, metadata: Partial<typeof METADATA> = {}) {
  const { id, base } = await createProcedure(agent, slug);
  await post(agent, `${base}/scheda`, { ...METADATA, ...metadata });
  await post(agent, `${base}/passi/dati/campi`, field({ name: 'nomeFiglio', labelIt: 'Nome e cognome del figlio', labelEn: 'Child\'s full name', maxLength: '100' }));
  await post(agent, `${base}/passi/dati/campi`, field({
    type: 'radio',
    name: 'categoria',
    labelIt: 'Tipo di attività',
    labelEn: 'Kind of activity',
    options: 'amatoriale | Amatoriale | Amateur\nagonistica | Agonistica | Competitive',
  }));
  await post(agent, `${base}/passi`, { id: 'certificato', titleIt: 'Certificato medico', titleEn: 'Medical certificate' });
  await post(agent, `${base}/passi/certificato/campi`, field({ type: 'yesno', name: 'haCertificato', labelIt: 'Hai il certificato medico?', labelEn: 'Do you have the medical certificate?' }));
  await post(agent, `${base}/passi/certificato/campi`, field({
    type: 'date',
    name: 'dataCertificato',
    labelIt: 'Data del certificato',
    labelEn: 'Date of the certificate',
    condField: 'haCertificato',
    condOp: 'equals',
    condValue: 'sì',
  }));
  return { id, base };
}

/** Files a published procedure as the agent's person, step by step; returns the filing's public id. */
export async function fileAsCitizen(agent: PortalAgent, slug: string, steps: Array<[string, Record<string, string>]>): Promise<string> {
  const base = `/servizi/${slug}/domanda`;
  const begin = await agent.get(base);
  expect(begin.statusCode, begin.body.slice(0, 500)).toBe(303);
  const csrf = await agent.csrfToken();
  const send = async (url: string, form: Record<string, string>) => {
    const res = await agent.post(url, form, { csrf });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 2000)}`).toBe(303);
    return res;
  };
  await send(`${base}/informativa`, { accept: 'yes' });
  await send(`${base}/dati-generali`, {});
  for (const [stepId, form] of steps) await send(`${base}/passo/${stepId}`, form);
  const summary = await agent.get(`${base}/riepilogo`);
  expect(summary.statusCode).toBe(200);
  const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(summary.body)![1]!;
  const filed = await send(`${base}/invia`, { idempotencyKey: key });
  return /\/richieste\/([0-9a-f-]{36})\/conferma$/.exec(String(filed.headers.location))![1]!;
}
