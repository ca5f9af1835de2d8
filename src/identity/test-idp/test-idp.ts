// The bundled test identity provider: a real OpenID Connect provider (oidc-provider) on its own
// HTTP listener, with its own signing keys and the portal registered as its client (one client
// for "SPID", one for "CIE"). Its login page lists the test people and lets the tester choose
// the SPID level; consent is given on the same page. It marks every page as a test provider,
// speaks Italian and English, and refuses to start in production.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import nunjucks from 'nunjucks';
import Provider, { type InteractionDetails, type KoaContextLike } from 'oidc-provider';
import { CLAIMS_NAMESPACE } from '../claims.ts';
import type { ClientAuthMethod } from '../identity.config.ts';
import { generatePrivateJwk, type PublicJwk } from '../keys.ts';
import { acrForLevel, levelFromAcr, SPID_LEVELS, type SpidLevel } from '../levels.ts';
import { isLocale, translator, type Locale } from '../../platform/i18n.ts';
import { VIEWS_DIR } from '../../platform/views.ts';
import { PUBLIC_DIR } from '../../platform/assets.ts';
import { createMemoryAdapterClass, type ClientLookup } from './memory-adapter.ts';
import { findTestPerson, TEST_PEOPLE, type TestPerson } from './people.ts';

export interface TestIdpOptions {
  env: 'development' | 'production' | 'test';
  host: string;
  /** 0: any free port. */
  port: number;
  /** The issuer when it is not http://host:port (behind a proxy). */
  publicUrl: string | null;
  clientAuth: ClientAuthMethod;
  redirectUri: string;
  /** The portal's public keys: its client assertions and request objects are checked with them. */
  portalJwks: { keys: PublicJwk[] };
  clients: { clientId: string; kind: 'spid' | 'cie' }[];
  clientName: string;
  assetsBaseUrl: string | null;
}

export interface TestIdp {
  readonly issuer: string;
  readonly port: number;
  /** The secret of a client when the portal authenticates with client_secret_basic; else null. */
  clientSecret(clientId: string): string | null;
  /** Access tokens destroyed so far, by revocation mostly (tests check that logout reached the provider). */
  readonly revocations: number;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const BOOTSTRAP_ITALIA_DIST = path.join(path.dirname(require.resolve('bootstrap-italia/package.json')), 'dist');

const CUSTOM_CLAIMS = ['fiscal_number', 'spid_code', 'company_name', 'company_fiscal_number', 'vat_number'];
const CLAIM_LABELS = ['fiscal_number', 'given_name', 'family_name', 'birthdate', 'place_of_birth', 'email', 'phone_number', 'company_name', 'company_fiscal_number', 'vat_number'];
const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
};

function subjectOf(person: TestPerson): string {
  return createHash('sha256').update(`sportello-test-idp:${person.id}`).digest('hex').slice(0, 40);
}

function one<T>(values: T[]): T | T[] {
  return values.length === 1 ? values[0]! : values;
}

/** The claims the provider can release about a test person. */
export function testPersonClaims(person: TestPerson): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: subjectOf(person),
    given_name: person.givenName,
    family_name: person.familyName,
    birthdate: person.birthDate,
    gender: person.gender,
    place_of_birth: { region: person.placeOfBirth.region, locality: person.placeOfBirth.locality },
    email: person.email,
    email_verified: true,
    phone_number: person.phone,
    [`${CLAIMS_NAMESPACE}spid_code`]: `TEST${subjectOf(person).slice(0, 10).toUpperCase()}`,
  };
  if (person.fiscalNumber) claims[`${CLAIMS_NAMESPACE}fiscal_number`] = person.fiscalNumber;
  if (person.companies?.length) {
    claims[`${CLAIMS_NAMESPACE}company_name`] = one(person.companies.map((c) => c.name));
    claims[`${CLAIMS_NAMESPACE}company_fiscal_number`] = one(person.companies.map((c) => `TINIT-${c.fiscalCode}`));
    claims[`${CLAIMS_NAMESPACE}vat_number`] = one(person.companies.map((c) => `VATIT-${c.vatNumber}`));
  }
  return claims;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function requestedClaims(params: Record<string, unknown>): string[] {
  try {
    const claims = JSON.parse(String(params.claims ?? '{}')) as Record<string, Record<string, unknown> | undefined>;
    return [...new Set([...Object.keys(claims.userinfo ?? {}), ...Object.keys(claims.id_token ?? {})])];
  } catch {
    return [];
  }
}

function requestedLevel(params: Record<string, unknown>): SpidLevel | null {
  const levels = String(params.acr_values ?? '')
    .split(' ')
    .map(levelFromAcr)
    .filter((l): l is SpidLevel => l !== null);
  return levels.length ? Math.min(...levels) as SpidLevel : null;
}

/** What the provider's configuration and its pages share once the listener has its address. */
export interface IdpContext {
  options: TestIdpOptions;
  issuer: string;
  assets: string;
  templates: nunjucks.Environment;
  secrets: Map<string, string | null>;
  kinds: Map<string, 'spid' | 'cie'>;
  // subjects of the numbered load-test citizens who logged in (people.ts)
  logins: Map<string, TestPerson>;
  /** A provider of the test federation: its path under the listener, its kind, its automatic registration. */
  mount?: { path: string; kind: 'spid' | 'cie'; findClient: ClientLookup; name: string };
}

type InteractionForm = { person?: string; level?: string; errors?: { field: string; text: string }[] };

function claimsConfiguration(): Record<string, string[] | null> {
  const claimsConfig: Record<string, string[] | null> = {
    openid: ['sub'],
    profile: ['given_name', 'family_name', 'birthdate', 'gender', 'place_of_birth'],
    email: ['email', 'email_verified'],
    phone: ['phone_number'],
    given_name: null,
    family_name: null,
    birthdate: null,
    gender: null,
    place_of_birth: null,
    email_verified: null,
    phone_number: null,
  };
  for (const name of CUSTOM_CLAIMS) claimsConfig[`${CLAIMS_NAMESPACE}${name}`] = null;
  return claimsConfig;
}

/** The oidc-provider instance: the portal's clients, the claims, the features and the error page. */
export async function createProvider(ctx: IdpContext, signingJwk?: Record<string, unknown>): Promise<Provider> {
  const { options, templates, assets } = ctx;
  signingJwk ??= { ...(await generatePrivateJwk()), kid: 'test-idp-signing', alg: 'RS256', use: 'sig' };
  const mount = ctx.mount?.path ?? '';
  return new Provider(ctx.issuer, {
    adapter: createMemoryAdapterClass(ctx.mount?.findClient),
    clients: ctx.mount ? [] : options.clients.map((c) => ({
      client_id: c.clientId,
      client_name: options.clientName,
      redirect_uris: [options.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: options.clientAuth,
      ...(options.clientAuth === 'client_secret_basic' ? { client_secret: ctx.secrets.get(c.clientId) } : {}),
      // request objects are signed with the portal's key whatever the token endpoint auth
      jwks: { keys: options.portalJwks.keys },
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    acrValues: SPID_LEVELS.map(acrForLevel),
    claims: claimsConfiguration(),
    scopes: ['openid', 'profile', 'email', 'phone'],
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      requestObjects: { request: true, mode: 'strict' },
      revocation: { enabled: true },
      // a client may ask only about its own tokens
      introspection: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId },
      rpInitiatedLogout: { enabled: false },
      // the SPID/CIE federation: userinfo as a signed and encrypted JWT when the client asks so
      jwtUserinfo: { enabled: true },
      encryption: { enabled: true },
    },
    enabledJWA: {
      userinfoEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
      userinfoEncryptionEncValues: ['A128CBC-HS256', 'A256CBC-HS512'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      const person = TEST_PEOPLE.find((p) => subjectOf(p) === sub) ?? ctx.logins.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => testPersonClaims(person) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${mount}/interaction/${interaction.uid}` },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 1800, Session: 1800, Grant: 3600 },
    async renderError(koa: KoaContextLike, out: Record<string, string>) {
      const locale: Locale = isLocale(String(koa.query?.ui_locales ?? '').slice(0, 2)) ? (String(koa.query.ui_locales).slice(0, 2) as Locale) : 'it';
      const t = translator(locale);
      koa.type = 'html';
      koa.body = templates.render('identity/test-idp/error.njk', {
        locale,
        t,
        assets,
        title: t('testIdp.error.title'),
        error: out.error_description ?? out.error ?? 'error',
      });
    },
  });
}

function localeOf(url: URL, params?: Record<string, unknown>): Locale {
  const asked = url.searchParams.get('lang');
  if (isLocale(asked)) return asked;
  const fromRequest = String(params?.ui_locales ?? '').split(' ')[0]?.slice(0, 2);
  return isLocale(fromRequest) ? fromRequest : 'it';
}

function render(ctx: IdpContext, res: ServerResponse, page: { status: number; template: string; locale: Locale; url: URL }, context: Record<string, unknown>) {
  const { locale } = page;
  const other: Locale = locale === 'it' ? 'en' : 'it';
  const switchUrl = new URL(page.url);
  switchUrl.searchParams.set('lang', other);
  const html = ctx.templates.render(page.template, {
    ...context,
    locale,
    otherLocale: other,
    otherLocaleUrl: `${ctx.mount?.path ?? ''}${switchUrl.pathname}${switchUrl.search}`,
    mountPath: ctx.mount?.path ?? '',
    t: translator(locale),
    assets: ctx.assets,
  });
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

/** The login page's model: the test people by group, the SPID levels and the attributes asked. */
function interactionView(ctx: IdpContext, details: InteractionDetails, locale: Locale, form: InteractionForm) {
  const t = translator(locale);
  const clientId = String(details.params.client_id ?? '');
  const kind = ctx.mount?.kind ?? ctx.kinds.get(clientId) ?? 'spid';
  const asked = requestedLevel(details.params);
  const groups = (['citizen', 'business', 'agent', 'staff', 'edge'] as const).map((group) => ({
    group,
    legend: t(`testIdp.group.${group}`),
    people: TEST_PEOPLE.filter((p) => p.group === group).map((p) => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      code: p.fiscalNumber ? p.fiscalNumber.replace(/^TINIT-/, '') : t('testIdp.noFiscalCode'),
      note: p.note[locale],
      companies: (p.companies ?? []).map((c) => `${c.name} (${c.vatNumber})`),
      checked: form.person === p.id,
    })),
  }));
  const wanted = requestedClaims(details.params).map((name) => name.replace(CLAIMS_NAMESPACE, ''));
  return {
    uid: details.uid,
    pageTitle: t('testIdp.title'),
    kind: kind.toUpperCase(),
    clientName: ctx.mount ? clientId : ctx.options.clientName,
    askedLevel: asked,
    levelLegend: t(kind === 'cie' ? 'testIdp.level.cie' : 'testIdp.level'),
    groups,
    levels: SPID_LEVELS.map((level) => ({ level, label: t(`testIdp.level.${level}`), checked: form.level ? form.level === String(level) : level === (asked ?? 2) })),
    attributes: CLAIM_LABELS.filter((name) => wanted.includes(name)).map((name) => t(`testIdp.claim.${name}`)),
    errors: form.errors ?? [],
    lang: locale,
  };
}

async function showInteraction(ctx: IdpContext, provider: Provider, req: IncomingMessage, res: ServerResponse, url: URL) {
  const details = await provider.interactionDetails(req, res);
  const locale = localeOf(url, details.params);
  render(ctx, res, { status: 200, template: 'identity/test-idp/login.njk', locale, url }, interactionView(ctx, details, locale, {}));
}

/** The login form: the person and level chosen (or a cancel) end the interaction with a login and consent. */
async function submitInteraction(ctx: IdpContext, provider: Provider, req: IncomingMessage, res: ServerResponse, url: URL) {
  const details = await provider.interactionDetails(req, res);
  const form = await readForm(req);
  const locale = isLocale(form.get('lang')) ? (form.get('lang') as Locale) : localeOf(url, details.params);
  if (form.get('action') === 'cancel') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    return;
  }
  const t = translator(locale);
  const person = findTestPerson(form.get('person') ?? '');
  const level = Number(form.get('level'));
  const errors: { field: string; text: string }[] = [];
  if (!person) errors.push({ field: 'person', text: t('testIdp.choosePerson') });
  if (!SPID_LEVELS.includes(level as SpidLevel)) errors.push({ field: 'level', text: t('testIdp.chooseLevel') });
  if (!person || errors.length > 0) {
    const view = interactionView(ctx, details, locale, { person: form.get('person') ?? undefined, level: form.get('level') ?? undefined, errors });
    render(ctx, res, { status: 422, template: 'identity/test-idp/login.njk', locale, url }, view);
    return;
  }
  const accountId = subjectOf(person);
  // the numbered load-test citizens are not in TEST_PEOPLE: remember whom a subject is
  if (!TEST_PEOPLE.includes(person)) ctx.logins.set(accountId, person);
  const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  grant.addOIDCClaims(requestedClaims(details.params));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    {
      login: { accountId, acr: acrForLevel(level as SpidLevel), amr: level >= 2 ? ['pwd', 'otp'] : ['pwd'], remember: false },
      consent: { grantId },
    },
    { mergeWithLastSubmission: false },
  );
}

async function serveAsset(res: ServerResponse, pathname: string) {
  let file: string | null = null;
  const bi = /^\/assets\/bootstrap-italia\/((?:css|fonts|svg)\/[A-Za-z0-9_./-]+)$/.exec(pathname);
  if (bi && !bi[1]!.includes('..') && !bi[1]!.endsWith('.map')) file = path.join(BOOTSTRAP_ITALIA_DIST, bi[1]!);
  if (pathname === '/assets/css/fonts.css') file = path.join(PUBLIC_DIR, 'css', 'fonts.css');
  const type = file ? CONTENT_TYPES[path.extname(file)] : undefined;
  const info = file && type ? await stat(file).catch(() => null) : null;
  if (!file || !type || !info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'cache-control': 'public, max-age=3600' });
  createReadStream(file).pipe(res);
}

/** The listener: assets, the interaction pages and the home page here, everything else to oidc-provider. */
export function requestHandler(ctx: IdpContext, provider: Provider) {
  const handleOidc = provider.callback();
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', ctx.issuer);
    const interaction = /^\/interaction\/[A-Za-z0-9_-]+$/.test(url.pathname);
    let work: Promise<void> | void = undefined;
    if (url.pathname.startsWith('/assets/') && req.method === 'GET') work = serveAsset(res, url.pathname);
    else if (interaction && req.method === 'GET') work = showInteraction(ctx, provider, req, res, url);
    else if (interaction && req.method === 'POST') work = submitInteraction(ctx, provider, req, res, url);
    else if (url.pathname === '/' && req.method === 'GET') {
      const locale = localeOf(url);
      render(ctx, res, { status: 200, template: 'identity/test-idp/home.njk', locale, url }, { pageTitle: translator(locale)('testIdp.home.title') });
    } else work = handleOidc(req, res);
    Promise.resolve(work).catch((error: unknown) => {
      const locale = localeOf(url);
      const t = translator(locale);
      if (res.headersSent) return res.destroy();
      const message = (error as { error_description?: string; message?: string }).error_description ?? (error as Error).message;
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      render(ctx, res, { status, template: 'identity/test-idp/error.njk', locale, url }, { title: t('testIdp.error.title'), error: message });
    });
  };
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  if (options.env === 'production' || process.env.NODE_ENV === 'production') {
    throw new Error('The bundled test identity provider refuses to run in production (NODE_ENV=production).');
  }

  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: options.env === 'development' }), { autoescape: true });
  const secrets = new Map(options.clients.map((c) => [c.clientId, options.clientAuth === 'client_secret_basic' ? randomBytes(24).toString('base64url') : null]));
  const kinds = new Map(options.clients.map((c) => [c.clientId, c.kind]));
  let revocations = 0;

  const server = createServer();
  const port = await listen(server, options.port, options.host);
  const issuer = options.publicUrl ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  const assets = options.assetsBaseUrl ?? `${issuer}/assets`;
  const ctx: IdpContext = { options, issuer, assets, templates, secrets, kinds, logins: new Map() };

  const provider = await createProvider(ctx);
  // revocation destroys the token (so does a replayed code, for the tokens it had issued)
  provider.on('access_token.destroyed', () => {
    revocations += 1;
  });
  server.on('request', requestHandler(ctx, provider));

  return {
    issuer,
    port,
    clientSecret: (clientId) => secrets.get(clientId) ?? null,
    get revocations() {
      return revocations;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
