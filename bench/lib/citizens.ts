// The click day's crowd, prepared before the measured window: distinct numbered citizens of the
// bundled test provider (`cittadino-<n>`), each logged in through the real login flow over
// HTTP, each holding the session cookie and the CSRF token a browser would hold. The first one
// fills the one-step procedure through the real pages; the others get the same draft (the
// answers exactly as the portal stored them) copied in the database, the way thousands of
// people would have saved their draft before the opening. Before each scenario the drafts are
// laid again, so that one crowd files once per scenario.
import pg from 'pg';
import { findTestPerson } from '../../src/identity/test-idp/people.ts';
import { Browser, csrfTokenIn, login, prepareFiling } from './agent.ts';

export const CLICK_DAY_SLUG = 'bando-contributi-click-day';
export const CLICK_DAY_STEP = {
  id: 'domanda',
  form: { tipoMezzo: 'pedalata-assistita', spesaPrevista: '1.250,00', iban: 'IT60X0542811101000000123456', dichiarazioneRequisiti: 'yes' },
};

export interface Citizen {
  id: string;
  fiscalCode: string;
  cookie: string;
  csrf: string;
  /** the draft's key (changes each time the drafts are laid) */
  idempotencyKey: string;
}

export function fiscalCodeOf(id: string): string {
  return findTestPerson(id)!.fiscalNumber!.replace(/^TINIT-/, '');
}

/** Logs `count` citizens in (numbers from `first`), `concurrency` at a time; reports progress. */
export async function loginCitizens(portal: string, first: number, count: number, concurrency: number, progress: (done: number) => void = () => {}): Promise<Citizen[]> {
  const citizens: Citizen[] = new Array(count);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const id = `cittadino-${first + index}`;
        const browser = new Browser();
        await login(browser, portal, id);
        // a page with a form gives the session's CSRF token (the logout form in the header)
        const page = await browser.request(`${portal}/servizi/${CLICK_DAY_SLUG}`);
        citizens[index] = { id, fiscalCode: fiscalCodeOf(id), cookie: browser.cookieHeader(portal), csrf: csrfTokenIn(page.body), idempotencyKey: '' };
        if (++done % 250 === 0) progress(done);
      }
    }),
  );
  return citizens;
}

/**
 * The first citizen fills the procedure through its pages (logged in at `loginPortal`, another
 * process of the same portal, when given); returns the draft the portal stored.
 */
export async function fillThroughPages(
  portal: string,
  databaseUrl: string,
  id: string,
  loginPortal = portal,
): Promise<{ answers: unknown; completedSteps: string[]; procedureId: number; version: number }> {
  const browser = new Browser();
  await login(browser, loginPortal, id);
  browser.rewrite = (url) => url.replace(loginPortal, portal);
  await prepareFiling(browser, loginPortal, CLICK_DAY_SLUG, CLICK_DAY_STEP, id);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select answers, completed_steps, procedure_id, procedure_version from drafts where owner_fiscal_code = $1 and procedure_id = (select id from procedures where slug = $2)',
      [fiscalCodeOf(id), CLICK_DAY_SLUG],
    );
    const row = rows[0];
    if (!row) throw new Error('the draft filled through the pages is not in the database');
    return { answers: row.answers, completedSteps: row.completed_steps, procedureId: row.procedure_id, version: row.procedure_version };
  } finally {
    await client.end();
  }
}

/** Lays (again) a ready-to-file draft for each citizen and gives each its new key. */
export async function layDrafts(databaseUrl: string, citizens: Citizen[], template: { answers: unknown; completedSteps: string[]; procedureId: number; version: number }): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < citizens.length; i += 5000) {
      const chunk = citizens.slice(i, i + 5000);
      const { rows } = await client.query<{ owner_fiscal_code: string; idempotency_key: string }>(
        `insert into drafts (owner_fiscal_code, procedure_id, procedure_version, answers, completed_steps, privacy_accepted_at, expires_at)
         select unnest($1::text[]), $2, $3, $4::jsonb, $5::text[], now(), now() + interval '30 days'
         on conflict (owner_fiscal_code, on_behalf_of, procedure_id)
           do update set idempotency_key = gen_random_uuid(), answers = excluded.answers, completed_steps = excluded.completed_steps,
                         privacy_accepted_at = excluded.privacy_accepted_at, expires_at = excluded.expires_at, updated_at = now()
         returning owner_fiscal_code, idempotency_key`,
        [chunk.map((c) => c.fiscalCode), template.procedureId, template.version, JSON.stringify(template.answers), template.completedSteps],
      );
      const keys = new Map(rows.map((r) => [r.owner_fiscal_code, r.idempotency_key]));
      for (const c of chunk) c.idempotencyKey = keys.get(c.fiscalCode)!;
    }
  } finally {
    await client.end();
  }
}

/** The body of "Conferma e invia" for a citizen's current draft. */
export function filingBody(citizen: Citizen): string {
  return new URLSearchParams({ _csrf: citizen.csrf, idempotencyKey: citizen.idempotencyKey }).toString();
}
