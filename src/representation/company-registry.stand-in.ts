// A local stand-in for the company register's e-service, for development and tests only: a
// real HTTP server (node:http) answering the two resources of company-registry.api.ts with the
// test companies below, and the client the portal uses to ask it. It can also play PDND's
// voucher endpoint (POST /token.oauth2), checking the client assertion the way PDND does, so
// that the PDND client is tried over real HTTP too. Production refuses it (company-registry.ts).
import { closeStandIn, listenStandIn } from '../platform/stand-in-server.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../platform/time.ts';
import { companyPath, getJson, personCompaniesPath, readCompanyAnswer, readPersonCompaniesAnswer, type CompanyJson } from './company-registry.api.ts';
import type { CompanyRegistry, RegistryCompany } from './company-registry.ts';

/** The bearer token the stand-in takes from its own client (it is not a secret: test data only). */
export const STAND_IN_TOKEN = 'sportello-company-registry-stand-in';

/** The test companies (fictitious; the people are the test identity provider's). */
export const TEST_COMPANIES: readonly CompanyJson[] = [
  {
    denominazione: 'Fontana Impianti S.r.l.',
    codiceFiscale: '04567890126',
    partitaIva: '04567890126',
    rappresentantiLegali: [{ codiceFiscale: 'FNTSRA72E45F205E', nome: 'Sara', cognome: 'Fontana', carica: 'amministratore unico', rappresentanteLegale: true }],
  },
  {
    denominazione: 'Officine Esempio S.n.c.',
    codiceFiscale: '05678901231',
    partitaIva: '05678901231',
    rappresentantiLegali: [{ codiceFiscale: 'RSSMRA80A01H501U', nome: 'Mario', cognome: 'Rossi', carica: 'legale rappresentante', rappresentanteLegale: true }],
  },
  {
    denominazione: 'Neri Forniture S.r.l.',
    codiceFiscale: '01199250158',
    partitaIva: '01199250158',
    rappresentantiLegali: [{ codiceFiscale: 'NREGNN70H70F205U', nome: 'Giovanna', cognome: 'Neri', carica: 'legale rappresentante', rappresentanteLegale: true }],
  },
];

/** What the stand-in checks of a client assertion when it plays PDND's voucher endpoint. */
export interface VoucherSettings {
  clientId: string;
  keyId: string;
  purposeId: string;
  audience: string;
  /** the client's public key, as uploaded to PDND (PEM) */
  publicKeyPem: string;
  /** seconds a voucher lasts */
  expiresIn?: number;
}

export interface CompanyRegistryStandInOptions {
  port?: number;
  host?: string;
  companies?: readonly CompanyJson[];
  voucher?: VoucherSettings;
  /** when a voucher expires */
  clock?: Clock;
  /** the port taken: take any free one (the portal in development) */
  fallbackToAnyPort?: boolean;
}

export interface StandInRequest {
  method: string;
  path: string;
  status: number;
  authorization: string | null;
  /** the voucher request's form, for the token endpoint */
  form?: Record<string, string>;
}

export interface CompanyRegistryStandIn {
  readonly url: string;
  /** the voucher endpoint (when voucher settings were given) */
  readonly tokenUrl: string;
  /** Adds or replaces a company (its codice fiscale is the key). */
  setCompany(company: CompanyJson): void;
  removeCompany(fiscalCode: string): void;
  /** false: every request gets 503 (the register down). */
  setAvailable(available: boolean): void;
  /** The vouchers issued so far are refused from now on (as after a key is withdrawn at PDND). */
  forgetVouchers(): void;
  requests(): StandInRequest[];
  clear(): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

const problem = (status: number, title: string, detail: string) => ({ type: 'about:blank', status, title, detail });

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const ALLOWED_HEADER = ['alg', 'kid', 'typ'];
const ALLOWED_CLAIMS = ['aud', 'exp', 'iat', 'iss', 'jti', 'purposeId', 'sub', 'digest'];

/** Why PDND would refuse this client assertion, or null when it would take it. */
export function assertionProblem(assertion: string, settings: VoucherSettings, key: KeyObject, nowSeconds: number): string | null {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'not a JWT';
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'not a JWT';
  }
  if (Object.keys(header).some((k) => !ALLOWED_HEADER.includes(k)) || Object.keys(claims).some((k) => !ALLOWED_CLAIMS.includes(k))) return 'claims not allowed';
  if (header.alg !== 'RS256' || header.typ !== 'JWT' || header.kid !== settings.keyId) return 'header';
  if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'))) return 'signature';
  if (claims.iss !== settings.clientId || claims.sub !== settings.clientId) return 'iss/sub';
  if (claims.aud !== settings.audience) return 'aud';
  if (claims.purposeId !== settings.purposeId) return 'purposeId';
  if (typeof claims.jti !== 'string' || !claims.jti) return 'jti';
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= nowSeconds || claims.iat > nowSeconds + 60) return 'iat/exp';
  return null;
}

export async function startCompanyRegistryStandIn(options: CompanyRegistryStandInOptions = {}): Promise<CompanyRegistryStandIn> {
  const clock = options.clock ?? systemClock;
  const companies = new Map<string, CompanyJson>((options.companies ?? TEST_COMPANIES).map((c) => [c.codiceFiscale, structuredClone(c)]));
  const voucher = options.voucher;
  const voucherKey = voucher ? createPublicKey(voucher.publicKeyPem) : null;
  const vouchers = new Map<string, number>();
  const log: StandInRequest[] = [];
  let available = true;

  function authorised(header: string | undefined): boolean {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return false;
    if (token === STAND_IN_TOKEN) return true;
    const expires = vouchers.get(token);
    return expires !== undefined && expires > clock().getTime();
  }

  async function issueVoucher(request: IncomingMessage): Promise<[number, unknown, Record<string, string>]> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
    if (!voucher || !voucherKey) return [404, problem(404, 'Not found', 'no voucher endpoint here'), form];
    if (form.grant_type !== 'client_credentials' || form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || form.client_id !== voucher.clientId) {
      return [400, { error: 'invalid_request' }, form];
    }
    const refused = assertionProblem(form.client_assertion ?? '', voucher, voucherKey, Math.floor(clock().getTime() / 1000));
    if (refused) return [401, { error: 'invalid_client', error_description: refused }, form];
    const token = randomUUID();
    const expiresIn = voucher.expiresIn ?? 600;
    vouchers.set(token, clock().getTime() + expiresIn * 1000);
    return [200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn }, form];
  }

  function answer(method: string, path: string, authorization: string | undefined): [number, unknown] {
    if (method !== 'GET') return [405, problem(405, 'Method not allowed', method)];
    if (!authorised(authorization)) return [401, problem(401, 'Unauthorized', 'a valid voucher is required')];
    const company = /^\/imprese\/([^/]+)$/.exec(path);
    if (company) {
      const found = companies.get(decodeURIComponent(company[1]!));
      return found ? [200, found] : [404, problem(404, 'Not found', 'no such company in the register')];
    }
    const person = /^\/persone\/([^/]+)\/imprese$/.exec(path);
    if (person) {
      const code = decodeURIComponent(person[1]!).toUpperCase();
      return [200, { imprese: [...companies.values()].filter((c) => (c.rappresentantiLegali ?? []).some((p) => p.codiceFiscale === code)) }];
    }
    return [404, problem(404, 'Not found', path)];
  }

  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/$/, '');
    const entry: StandInRequest = { method: request.method ?? 'GET', path, status: 500, authorization: request.headers.authorization ?? null };
    log.push(entry);
    try {
      if (!available) {
        entry.status = 503;
        return send(response, 503, problem(503, 'Service unavailable', 'the register is down (stand-in)'));
      }
      if (request.method === 'POST' && path === '/token.oauth2') {
        const [status, body, form] = await issueVoucher(request);
        entry.status = status;
        entry.form = form;
        return send(response, status, body);
      }
      const [status, body] = answer(request.method ?? 'GET', path, request.headers.authorization);
      entry.status = status;
      return send(response, status, body);
    } catch (error) {
      entry.status = 500;
      return send(response, 500, problem(500, 'Internal error', (error as Error).message));
    }
  });

  const host = options.host ?? '127.0.0.1';
  const port = await listenStandIn(server, { port: options.port, host, fallbackToAnyPort: options.fallbackToAnyPort });
  const base = `http://${host}:${port}`;

  return {
    url: base,
    tokenUrl: `${base}/token.oauth2`,
    setCompany: (company) => void companies.set(company.codiceFiscale, structuredClone(company)),
    removeCompany: (code) => void companies.delete(code),
    setAvailable: (value) => void (available = value),
    forgetVouchers: () => vouchers.clear(),
    requests: () => [...log],
    clear: () => void (log.length = 0),
    close: () => closeStandIn(server),
  };
}

/** The portal's client of the stand-in: the same resources and reading as the real register's. */
export class StandInCompanyRegistry implements CompanyRegistry {
  private readonly base: string;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.base = url.replace(/\/$/, '');
  }

  async legalRepresentatives(companyCode: string): Promise<RegistryCompany | null> {
    const { status, body } = await getJson(`${this.base}${companyPath(companyCode)}`, this.headers(), this.timeoutMs);
    return readCompanyAnswer(status, body);
  }

  async companiesRepresentedBy(personFiscalCode: string): Promise<RegistryCompany[]> {
    const { status, body } = await getJson(`${this.base}${personCompaniesPath(personFiscalCode)}`, this.headers(), this.timeoutMs);
    return readPersonCompaniesAnswer(status, body, personFiscalCode);
  }

  private headers() {
    return { authorization: `Bearer ${STAND_IN_TOKEN}` };
  }
}
