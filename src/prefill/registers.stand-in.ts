// A local stand-in for the ANPR and INPS e-services, for development and tests only: ONE real
// HTTP server (node:http) answering registers.api.ts's resources with the test people's
// residence, household and ISEE (the people of the test identity provider), and playing PDND's
// voucher endpoint (POST /token.oauth2) the way the company register's stand-in does. It checks
// what PDND and the e-services check of a call: a voucher it issued for the e-service's
// purpose, bound to the call's Agid-JWT-TrackingEvidence, and the body's Digest signed in
// Agid-JWT-Signature. Tests take it down (503) or make it slow. Production refuses it.
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { closeServer, listen, problem as problemOf, readBody, send } from '../platform/stand-in-http.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { assertionProblem, type VoucherSettings } from '../representation/company-registry.stand-in.ts';
import { ANPR_HOUSEHOLD_PATH, ANPR_RESIDENCE_PATH, anprRequestSchema, INPS_ISEE_PATH, inpsRequestSchema, type IseeAnswerJson } from './registers.api.ts';

/** The purposes the stand-in's e-services take (any id works: the portal's stand-in client uses these). */
export const STAND_IN_PURPOSES = { anpr: 'stand-in-anpr-purpose', inps: 'stand-in-inps-purpose' } as const;

interface TestResident {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  street: { specie: string; name: string };
  number: string;
  cap: string;
  city: string;
  province: string;
  /** the household, by codice fiscale; the first is the head (intestatario scheda) */
  household: string;
  relation: string;
  isee?: IseeAnswerJson['attestazione'];
}

/** The test people's register data (fictitious, like the people: src/identity/test-idp/people.ts). */
export const TEST_RESIDENTS: readonly TestResident[] = [
  { fiscalCode: 'CSRGGL44L13H501E', givenName: 'Giulio', familyName: 'Cesare', street: { specie: 'Via', name: 'dei Fori Imperiali' }, number: '1', cap: '00186', city: 'Roma', province: 'RM', household: 'cesare', relation: 'intestatario scheda' },
  {
    fiscalCode: 'LVLDAA85T50G702B', givenName: 'Ada', familyName: 'Lovelace', street: { specie: 'Via', name: 'Roma' }, number: '10', cap: '29121', city: 'Piacenza', province: 'PC', household: 'lovelace', relation: 'intestatario scheda',
    isee: { protocolloDsu: 'INPS-ISEE-2026-00012345A-00', tipoIsee: 'ORDINARIO', valoreIsee: 12345.67, dataScadenza: '2026-12-31' },
  },
  { fiscalCode: 'LVLBRN15M01G535F', givenName: 'Byron', familyName: 'Lovelace', street: { specie: 'Via', name: 'Roma' }, number: '10', cap: '29121', city: 'Piacenza', province: 'PC', household: 'lovelace', relation: 'figlio' },
  {
    fiscalCode: 'RSSMRA80A01H501U', givenName: 'Mario', familyName: 'Rossi', street: { specie: 'Piazza', name: 'Cavalli' }, number: '2', cap: '29121', city: 'Piacenza', province: 'PC', household: 'rossi', relation: 'intestatario scheda',
    isee: { protocolloDsu: 'INPS-ISEE-2026-00067890B-00', tipoIsee: 'ORDINARIO', valoreIsee: 8500, dataScadenza: '2026-12-31' },
  },
  { fiscalCode: 'RSSNNA82B41H501M', givenName: 'Anna', familyName: 'Rossi', street: { specie: 'Piazza', name: 'Cavalli' }, number: '2', cap: '29121', city: 'Piacenza', province: 'PC', household: 'rossi', relation: 'coniuge' },
  {
    fiscalCode: 'RNLTRS40A41H501A', givenName: 'Teresa', familyName: 'Rinaldi', street: { specie: 'Via', name: 'Garibaldi' }, number: '45', cap: '29121', city: 'Piacenza', province: 'PC', household: 'rinaldi', relation: 'intestatario scheda',
    isee: { protocolloDsu: 'INPS-ISEE-2026-00024680C-00', tipoIsee: 'SOCIOSANITARIO', valoreIsee: 6200.5, dataScadenza: '2026-12-31' },
  },
  { fiscalCode: 'NREGNN70H70F205U', givenName: 'Giovanna', familyName: 'Neri', street: { specie: 'Corso', name: 'Vittorio Emanuele II' }, number: '120', cap: '29121', city: 'Piacenza', province: 'PC', household: 'neri', relation: 'intestatario scheda' },
];

export interface RegistersStandInOptions {
  port?: number;
  host?: string;
  /** PDND's voucher endpoint: the client's key and the purposes it may ask for */
  voucher: Omit<VoucherSettings, 'purposeId'> & { purposeIds: string[] };
  clock?: Clock;
  fallbackToAnyPort?: boolean;
}

export interface RegistersStandInRequest {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | undefined>;
  body?: string;
}

export interface RegistersStandIn {
  readonly url: string;
  readonly tokenUrl: string;
  readonly anprUrl: string;
  readonly inpsUrl: string;
  /** false: every request (voucher endpoint too) gets 503 */
  setAvailable(available: boolean): void;
  /** 'anpr' or 'inps' down alone */
  setDown(service: 'anpr' | 'inps', down: boolean): void;
  /** every answer waits this long first (0: none) */
  setDelayMs(ms: number): void;
  /** the vouchers issued so far are refused from now on */
  forgetVouchers(): void;
  requests(): RegistersStandInRequest[];
  clear(): void;
  close(): Promise<void>;
}

const problem = (status: number, detail: string) => problemOf(status, detail, detail);

const claimsOf = (jwt: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
};

function anprAnswer(people: readonly TestResident[]) {
  return {
    idOperazioneANPR: randomUUID(),
    listaSoggetti: {
      datiSoggetto: people.map((p) => ({
        generalita: { codiceFiscale: { codFiscale: p.fiscalCode }, nome: p.givenName, cognome: p.familyName },
        residenza: [{ indirizzo: { cap: p.cap, comune: { nomeComune: p.city, siglaProvinciaIstat: p.province }, toponimo: { specie: p.street.specie, denominazioneToponimo: p.street.name }, numeroCivico: { numero: p.number } } }],
        legameSoggetto: { descrizioneLegame: p.relation },
      })),
    },
  };
}

export async function startRegistersStandIn(options: RegistersStandInOptions): Promise<RegistersStandIn> {
  const clock = options.clock ?? systemClock;
  const key = createPublicKey(options.voucher.publicKeyPem);
  const vouchers = new Map<string, { expires: number; purposeId: string; digest: string | null }>();
  const log: RegistersStandInRequest[] = [];
  let available = true;
  let delayMs = 0;
  const down = new Set<string>();

  async function issueVoucher(body: string): Promise<[number, unknown]> {
    const form = Object.fromEntries(new URLSearchParams(body));
    const voucher = options.voucher;
    if (form.grant_type !== 'client_credentials' || form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || form.client_id !== voucher.clientId) {
      return [400, { error: 'invalid_request' }];
    }
    const assertion = form.client_assertion ?? '';
    const now = Math.floor(clock().getTime() / 1000);
    const purposeId = voucher.purposeIds.find((id) => assertionProblem(assertion, { ...voucher, purposeId: id }, key, now) === null);
    if (!purposeId) return [401, { error: 'invalid_client', error_description: assertionProblem(assertion, { ...voucher, purposeId: voucher.purposeIds[0]! }, key, now) }];
    const digest = claimsOf(assertion)?.digest as { alg?: string; value?: string } | undefined;
    const token = randomUUID();
    const expiresIn = voucher.expiresIn ?? 600;
    vouchers.set(token, { expires: clock().getTime() + expiresIn * 1000, purposeId, digest: digest?.value ?? null });
    return [200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn }];
  }

  /** What an e-service refuses in a call's PDND and ModI headers (null: nothing). */
  function callProblem(request: IncomingMessage, body: string, purposeId: string): string | null {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const voucher = token ? vouchers.get(token) : undefined;
    if (!voucher || voucher.expires <= clock().getTime()) return 'a valid voucher is required';
    if (voucher.purposeId !== purposeId) return 'the voucher is for another e-service';
    const tracking = String(request.headers['agid-jwt-trackingevidence'] ?? '');
    if (!tracking || createHash('sha256').update(tracking).digest('hex') !== voucher.digest) return 'Agid-JWT-TrackingEvidence does not match the voucher';
    const digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
    if (request.headers.digest !== digest) return 'Digest does not match the body';
    const signature = String(request.headers['agid-jwt-signature'] ?? '');
    const [h, p, s] = signature.split('.');
    if (!h || !p || !s || !verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return 'Agid-JWT-Signature not valid';
    const signed = (claimsOf(signature)?.signed_headers ?? []) as Array<Record<string, string>>;
    if (!signed.some((header) => header.digest === digest)) return 'Agid-JWT-Signature does not sign the Digest';
    return null;
  }

  function answer(path: string, body: string): [number, unknown] {
    if (path === ANPR_RESIDENCE_PATH || path === ANPR_HOUSEHOLD_PATH) {
      const parsed = anprRequestSchema.safeParse(JSON.parse(body));
      if (!parsed.success) return [400, problem(400, 'request not valid')];
      const person = TEST_RESIDENTS.find((p) => p.fiscalCode === parsed.data.criteriRicerca.codiceFiscale.toUpperCase());
      if (!person) return [404, problem(404, 'soggetto non trovato')];
      return [200, anprAnswer(path === ANPR_RESIDENCE_PATH ? [person] : TEST_RESIDENTS.filter((p) => p.household === person.household))];
    }
    const parsed = inpsRequestSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return [400, problem(400, 'request not valid')];
    const isee = TEST_RESIDENTS.find((p) => p.fiscalCode === parsed.data.codiceFiscale.toUpperCase())?.isee;
    return isee ? [200, { attestazione: isee }] : [404, problem(404, 'nessuna attestazione ISEE valida')];
  }

  const services: Record<string, { service: 'anpr' | 'inps'; purposeIndex: number }> = {
    [`/anpr${ANPR_RESIDENCE_PATH}`]: { service: 'anpr', purposeIndex: 0 },
    [`/anpr${ANPR_HOUSEHOLD_PATH}`]: { service: 'anpr', purposeIndex: 0 },
    [`/inps${INPS_ISEE_PATH}`]: { service: 'inps', purposeIndex: 1 },
  };

  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/$/, '');
    const entry: RegistersStandInRequest = { method: request.method ?? 'GET', path, status: 500, headers: { authorization: request.headers.authorization, 'agid-jwt-trackingevidence': request.headers['agid-jwt-trackingevidence'] as string | undefined, 'agid-jwt-signature': request.headers['agid-jwt-signature'] as string | undefined, digest: request.headers.digest as string | undefined } };
    log.push(entry);
    try {
      const body = await readBody(request);
      entry.body = body;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (!available) return send(response, (entry.status = 503), problem(503, 'the register is down (stand-in)'));
      if (request.method === 'POST' && path === '/token.oauth2') {
        const [status, answered] = await issueVoucher(body);
        return send(response, (entry.status = status), answered);
      }
      const target = services[path];
      if (!target) return send(response, (entry.status = 404), problem(404, path));
      if (request.method !== 'POST') return send(response, (entry.status = 405), problem(405, 'POST only'));
      if (down.has(target.service)) return send(response, (entry.status = 503), problem(503, `${target.service} is down (stand-in)`));
      const refused = callProblem(request, body, options.voucher.purposeIds[target.purposeIndex] ?? options.voucher.purposeIds[0]!);
      if (refused) return send(response, (entry.status = 401), problem(401, refused));
      const [status, answered] = answer(path.replace(/^\/(anpr|inps)/, ''), body);
      return send(response, (entry.status = status), answered);
    } catch (error) {
      return send(response, (entry.status = 500), problem(500, (error as Error).message));
    }
  });

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options);
  const base = `http://${host}:${port}`;
  return {
    url: base,
    tokenUrl: `${base}/token.oauth2`,
    anprUrl: `${base}/anpr`,
    inpsUrl: `${base}/inps`,
    setAvailable: (value) => void (available = value),
    setDown: (service, value) => void (value ? down.add(service) : down.delete(service)),
    setDelayMs: (ms) => void (delayMs = ms),
    forgetVouchers: () => vouchers.clear(),
    requests: () => [...log],
    clear: () => void (log.length = 0),
    close: () => closeServer(server),
  };
}
