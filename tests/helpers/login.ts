// Logging a test person in, the real way: the portal's /auth/login (through app.inject), the
// bundled test identity provider over real HTTP (fetch, with a small cookie jar), and back to
// the portal's /auth/callback. What comes back is an agent that keeps the portal's session
// cookie and sends it with every app.inject, with the CSRF token at hand for forms.
//
//   const citizen = await loginAs(testApp, 'CSRGGL44L13H501E');           // SPID level 2
//   const res = await citizen.get('/area-personale');
//   await citizen.post('/some/form', { field: 'value' });                  // adds _csrf
//   const rep = await loginAs(testApp, 'BNCPLA65D12L219E', { company: '03334231200' });
//   const clerk = await loginAs(testApp, 'FRRNNA75C55A944U');              // anagrafe
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export type Level = 1 | 2 | 3;

/** Test people (src/identity/test-idp/people.ts) by what they are for. */
export const TEST_PEOPLE = {
  citizen: 'CSRGGL44L13H501E', // Giulio Cesare
  citizen2: 'LVLDAA85T50G702B', // Ada Lovelace
  citizen3: 'RSSMRA80A01H501U', // Mario Rossi
  representative: 'NREGNN70H70F205U', // Giovanna Neri: Neri Forniture S.r.l. 01199250158
  representativeOfTwo: 'BNCPLA65D12L219E', // Paolo Bianchi: 03334231200 and 97735020584
  clerkAnagrafe: 'FRRNNA75C55A944U', // Anna Ferri
  clerkEdilizia: 'GLLBRN68S02F257U', // Bruno Galli: sportello-unico-edilizia, suap
  clerkSociali: 'CNTCRL82E60G337T', // Carla Conti
  clerkTributi: 'GRCDVD90P09F839Q', // Davide Greco
  admin: 'RCCLNE79B68D612V', // Elena Ricci
  head: 'CLMMRT70L52A944I', // Marta Colombo: head (dirigente) of anagrafe and sportello-unico-edilizia
  auditor: 'VLLGRG65R03H199N', // Giorgio Valli: auditor (read only) of anagrafe and sportello-unico-edilizia
} as const;

export interface LoginOptions {
  /** SPID level chosen at the provider (default 2). */
  level?: Level;
  /** Level the portal asks for (default: the same as `level`). */
  requestLevel?: Level;
  /** 'test-spid' (default) or 'test-cie'. */
  provider?: string;
  /**
   * For a legal representative: the company's fiscal code to act for, or 'self'. Without it a
   * representative stays at the choice (guarded pages redirect to /auth/choose-company).
   */
  company?: string;
  returnTo?: string;
}

/** Keeps cookies as the server sent them (values stay encoded); drops the ones it deletes. */
function storeSetCookies(jar: Map<string, string>, header: string | string[] | undefined): void {
  for (const line of header === undefined ? [] : Array.isArray(header) ? header : [header]) {
    const [pair, ...attributes] = line.split(';');
    const index = pair!.indexOf('=');
    const name = pair!.slice(0, index).trim();
    const value = pair!.slice(index + 1).trim();
    const expired = attributes.some((a) => {
      const [key, val] = a.split('=').map((x) => x.trim().toLowerCase());
      return (key === 'max-age' && Number(val) <= 0) || (key === 'expires' && new Date(val!).getTime() <= Date.now());
    });
    if (!value || expired) jar.delete(name);
    else jar.set(name, value);
  }
}

/** A cookie jar for app.inject: the portal session travels with every request. */
export class PortalAgent {
  readonly cookies = new Map<string, string>();

  constructor(readonly app: FastifyInstance) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The sealed session cookie's value, as sent (URL-encoded). */
  get sessionCookie(): string | undefined {
    return this.cookies.get('sportello_session');
  }

  /** The session's content (decoded with the app's key), or null. */
  session() {
    const value = this.sessionCookie;
    return value ? this.app.decodeSecureSession(decodeURIComponent(value)) : null;
  }

  /** Replaces the session's content (tests that tamper with it). */
  setSession(data: Record<string, unknown>): void {
    this.cookies.set('sportello_session', encodeURIComponent(this.app.encodeSecureSession(this.app.createSecureSession(data))));
  }

  async inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (this.cookies.size > 0) headers.cookie = [headers.cookie, this.cookieHeader].filter(Boolean).join('; ');
    const response = await this.app.inject({ ...options, headers });
    storeSetCookies(this.cookies, response.headers['set-cookie']);
    return response;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.inject({ method: 'GET', url, headers });
  }

  /** A form POST; the CSRF token is added unless `csrf: false` (or given explicitly). */
  async post(url: string, form: Record<string, string> = {}, options: { csrf?: boolean | string } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(form);
    if (options.csrf !== false && !body.has('_csrf')) body.set('_csrf', typeof options.csrf === 'string' ? options.csrf : await this.csrfToken());
    return this.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** A valid CSRF token for this session, read from a page with a form (the layout's logout form). */
  async csrfToken(page = '/'): Promise<string> {
    const response = await this.get(page);
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (!match) throw new Error(`no CSRF token on ${page} (status ${response.statusCode}): is anyone logged in?`);
    return match[1]!;
  }
}

/** A browser's view of the test provider: real HTTP, its cookies kept, redirects by hand. */
export class ProviderBrowser {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    storeSetCookies(this.cookies, response.headers.getSetCookie());
    return response;
  }

  /** Follows the provider's redirects until one leaves it (towards the portal); returns that URL. */
  async followToPortal(url: string, portalPrefix: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: string; response: Response }> {
    let response = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (!location || response.status < 300 || response.status >= 400) return { url: current, response };
      current = new URL(location, current).toString();
      if (current.startsWith(portalPrefix)) return { url: current, response };
      response = await this.request(current);
    }
    throw new Error('too many redirects at the test provider');
  }
}

function appOf(target: FastifyInstance | { app: FastifyInstance }): FastifyInstance {
  return 'app' in target && !('inject' in target) ? target.app : (target as FastifyInstance);
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Step 1: the portal's login redirect; returns the provider's authorization URL. */
export async function beginLogin(agent: PortalAgent, options: { provider?: string; level?: Level; returnTo?: string } = {}): Promise<string> {
  const query = new URLSearchParams({ provider: options.provider ?? 'test-spid', level: String(options.level ?? 2), returnTo: options.returnTo ?? '/' });
  const response = await agent.get(`/auth/login?${query.toString()}`);
  const location = response.headers.location;
  if (response.statusCode !== 303 || typeof location !== 'string') throw new Error(`login did not redirect to the provider: ${response.statusCode}`);
  return location;
}

/**
 * Step 2: at the provider, as a browser would: open the authorization URL, pick the person and
 * level on its login page (or cancel), and return the callback URL the provider sends back.
 */
export async function authenticateAtProvider(
  app: FastifyInstance,
  authorizationUrl: string,
  choice: { person: string; level: Level } | { cancel: true },
  browser = new ProviderBrowser(),
): Promise<string> {
  const callbackPrefix = app.services.identity.redirectUri;
  const page = await browser.followToPortal(authorizationUrl, callbackPrefix);
  if (page.url.startsWith(callbackPrefix)) return page.url;
  if (page.response.status !== 200 || !/\/interaction\//.test(page.url)) {
    throw new Error(`the provider did not show its login page: ${page.response.status} ${await page.response.text()}`);
  }
  await page.response.arrayBuffer();
  const form: Record<string, string> = 'cancel' in choice ? { action: 'cancel' } : { person: choice.person, level: String(choice.level), action: 'login' };
  const done = await browser.followToPortal(page.url, callbackPrefix, { method: 'POST', form });
  if (!done.url.startsWith(callbackPrefix)) throw new Error(`the provider did not send the person back: ${done.response.status} ${await done.response.text()}`);
  return done.url;
}

/** Step 3: the callback at the portal. */
export function finishLogin(agent: PortalAgent, callbackUrl: string): Promise<LightMyRequestResponse> {
  return agent.get(pathOf(callbackUrl));
}

/**
 * Logs a test person in and returns the agent holding their session. `who` is a fiscal code of
 * the test provider's people (see TEST_PEOPLE above) or the id of a special identity.
 */
export async function loginAs(target: FastifyInstance | { app: FastifyInstance }, who: string, options: LoginOptions = {}): Promise<PortalAgent> {
  const app = appOf(target);
  const agent = new PortalAgent(app);
  const level = options.level ?? 2;
  const authorizationUrl = await beginLogin(agent, { provider: options.provider, level: options.requestLevel ?? level, returnTo: options.returnTo });
  const callback = await authenticateAtProvider(app, authorizationUrl, { person: who, level });
  const response = await finishLogin(agent, callback);
  if (response.statusCode !== 303) throw new Error(`login of ${who} refused: ${response.statusCode}`);
  if (String(response.headers.location).startsWith('/auth/choose-company') && options.company) {
    const chosen = await agent.post('/auth/choose-company', { actingFor: options.company, returnTo: options.returnTo ?? '/' });
    if (chosen.statusCode !== 303) throw new Error(`choosing company ${options.company} failed: ${chosen.statusCode}`);
  }
  return agent;
}
