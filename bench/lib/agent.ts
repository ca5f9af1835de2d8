// A citizen's browser over real HTTP, for the benchmark, the crash script and the two-process
// test: a cookie jar per origin, redirects followed by hand, and the real login flow through
// the portal's /auth/login, the bundled test identity provider's pages and /auth/callback.
// Nothing here touches the portal's internals: what a load test does to the portal, a browser
// could do.

/** Cookies of one origin, as the server sent them (values kept encoded). */
class Jar {
  readonly cookies = new Map<string, string>();

  store(lines: string[]): void {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val] = a.split('=').map((x) => x.trim().toLowerCase());
        return (key === 'max-age' && Number(val) <= 0) || (key === 'expires' && new Date(val!).getTime() <= Date.now());
      });
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

export interface Reply {
  status: number;
  location: string | null;
  headers: Headers;
  body: string;
  url: string;
}

export class Browser {
  private readonly jars = new Map<string, Jar>();

  /** Maps a URL before it is requested, cookies staying with the original origin (e.g. the
   *  portal's URLs sent through a proxy, or to another process of the same portal). */
  rewrite: (url: string) => string = (u) => u;

  jar(url: string): Jar {
    const origin = new URL(url).origin;
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Jar()));
    return jar;
  }

  /** The cookie header this browser sends to an origin. */
  cookieHeader(url: string): string {
    return this.jar(url).header();
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
    const target = this.rewrite(url);
    const jar = this.jar(url);
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const cookie = jar.header();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    jar.store(response.headers.getSetCookie());
    const text = await response.text();
    const location = response.headers.get('location');
    return { status: response.status, location: location ? new URL(location, url).toString() : null, headers: response.headers, body: text, url };
  }

  /** Follows redirects (303 turns a POST into a GET) until a page that is not a redirect. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}, until?: (url: string) => boolean): Promise<Reply> {
    let reply = await this.request(url, init);
    for (let hops = 0; hops < 15; hops++) {
      if (!reply.location || reply.status < 300 || reply.status >= 400) return reply;
      if (until?.(reply.location)) return reply;
      reply = await this.request(reply.location);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/**
 * Logs `person` in at the portal whose public URL is `portal`, through the test provider, the
 * way a browser does. Resolves when the portal has set its session cookie.
 */
export async function login(browser: Browser, portal: string, person: string, level = 2): Promise<void> {
  const start = await browser.request(`${portal}/auth/login?provider=test-spid&level=${level}&returnTo=/`);
  if (start.status !== 303 || !start.location) throw new Error(`login did not redirect to the provider: ${start.status}`);
  const callbackPrefix = `${portal}/auth/callback`;
  const page = await browser.follow(start.location, {}, (u) => u.startsWith(callbackPrefix));
  if (page.status !== 200 || !/\/interaction\//.test(page.url)) throw new Error(`the provider did not show its login page: ${page.status}`);
  // the form posts back to the interaction URL it was served from
  let reply = await browser.request(page.url, { form: { person, level: String(level), action: 'login' } });
  for (let hops = 0; hops < 10 && reply.location && !reply.location.startsWith(callbackPrefix); hops++) reply = await browser.request(reply.location);
  if (!reply.location?.startsWith(callbackPrefix)) throw new Error(`the provider did not send ${person} back: ${reply.status}`);
  const done = await browser.request(reply.location);
  if (done.status !== 303) throw new Error(`login of ${person} refused at the callback: ${done.status}`);
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export function idempotencyKeyIn(html: string): string {
  const match = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error('no idempotency key on the summary');
  return match[1]!;
}

/** What a prepared citizen sends to file: the cookie, the form body of "Conferma e invia". */
export interface ReadyToFile {
  person: string;
  cookie: string;
  body: string;
  idempotencyKey: string;
}

/**
 * Takes a logged-in citizen through a one-step procedure up to its summary page (privacy,
 * applicant data, the step) and returns what "Conferma e invia" would post.
 */
export async function prepareFiling(browser: Browser, portal: string, slug: string, step: { id: string; form: Record<string, string> }, person: string): Promise<ReadyToFile> {
  const base = `${portal}/servizi/${slug}/domanda`;
  const begin = await browser.request(base);
  if (begin.status !== 303) throw new Error(`begin: ${begin.status}`);
  const privacy = await browser.request(`${base}/informativa`);
  const csrf = csrfTokenIn(privacy.body);
  const posts: Array<[string, Record<string, string>]> = [
    [`${base}/informativa`, { accept: 'yes' }],
    [`${base}/dati-generali`, {}],
    [`${base}/passo/${step.id}`, step.form],
  ];
  for (const [url, form] of posts) {
    const reply = await browser.request(url, { form: { ...form, _csrf: csrf } });
    if (reply.status !== 303) throw new Error(`${url}: ${reply.status} ${reply.body.slice(0, 300)}`);
  }
  const summary = await browser.request(`${base}/riepilogo`);
  if (summary.status !== 200) throw new Error(`summary: ${summary.status}`);
  const idempotencyKey = idempotencyKeyIn(summary.body);
  const body = new URLSearchParams({ _csrf: csrfTokenIn(summary.body), idempotencyKey }).toString();
  return { person, cookie: browser.cookieHeader(portal), body, idempotencyKey };
}
