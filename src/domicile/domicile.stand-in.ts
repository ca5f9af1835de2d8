// A local stand-in for INAD's and INI-PEC's e-services, for development and tests only: a real
// HTTP server (node:http) answering `GET /inad/extract/{cf}` and `GET /inipec/pec/{cf}` with the
// digital domiciles of some test people (src/identity/test-idp/people.ts) and test companies
// (the company register stand-in's), with switches for a register down or slow. Production
// refuses it (domicile.runtime.ts).
import { createServer, type ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../platform/time.ts';
import type { DomicileRegister } from './domicile.table.ts';

/** The bearer token the stand-in takes (not a secret: test data only). */
export const DOMICILE_STAND_IN_TOKEN = 'sportello-domicile-stand-in';

/** An address the stand-in PEC provider cannot deliver to (errore-consegna). */
export const FAILING_PEC_DOMAIN = 'consegna-fallita.pec.example.it';

export interface StandInDomicile {
  fiscalCode: string;
  register: DomicileRegister;
  address: string;
  profession?: string;
}

/** Fictitious addresses of the test people and companies; the others have no digital domicile. */
export const TEST_DOMICILES: readonly StandInDomicile[] = [
  { fiscalCode: 'LVLDAA85T50G702B', register: 'INAD', address: 'ada.lovelace@pec.example.it' },
  { fiscalCode: 'RSSMRA80A01H501U', register: 'INAD', address: 'mario.rossi@pec.ordine-ingegneri.example.it', profession: 'Ingegnere' },
  { fiscalCode: 'MRNLCU00A01H501J', register: 'INAD', address: `luca.marino@${FAILING_PEC_DOMAIN}` },
  { fiscalCode: 'BNCPLA65D12L219E', register: 'INI-PEC', address: 'paolo.bianchi@pec.architetti.example.it' },
  { fiscalCode: '04567890126', register: 'INI-PEC', address: 'fontana.impianti@pec.example.it' },
  { fiscalCode: '05678901231', register: 'INI-PEC', address: 'officine.esempio@pec.example.it' },
  { fiscalCode: '01199250158', register: 'INI-PEC', address: 'neri.forniture@pec.example.it' },
  { fiscalCode: '03334231200', register: 'INI-PEC', address: 'esempio.costruzioni@pec.example.it' },
];

export interface DomicileStandIn {
  /** base URLs of the two e-services */
  readonly inadUrl: string;
  readonly iniPecUrl: string;
  readonly port: number;
  set(domicile: StandInDomicile): void;
  remove(fiscalCode: string): void;
  /** false: every request gets 503 (the registers down) */
  setAvailable(available: boolean): void;
  /** every answer waits this long first (a slow register) */
  setDelayMs(ms: number): void;
  /** how many look-ups it answered */
  requests(): number;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

const problem = (status: number, type: string, detail: string) => ({ status: String(status), type, detail });

export async function startDomicileStandIn(options: { port?: number; host?: string; clock?: Clock; domiciles?: readonly StandInDomicile[] } = {}): Promise<DomicileStandIn> {
  const clock = options.clock ?? systemClock;
  const domiciles = new Map((options.domiciles ?? TEST_DOMICILES).map((d) => [d.fiscalCode, { ...d }]));
  let available = true;
  let delayMs = 0;
  let count = 0;

  const server = createServer((request, response) => {
    void (async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      count++;
      if (!available) return send(response, 503, problem(503, 'SERVICE_UNAVAILABLE', 'the register is down (stand-in switch)'));
      if (request.headers.authorization !== `Bearer ${DOMICILE_STAND_IN_TOKEN}`) return send(response, 401, problem(401, 'UNAUTHORIZED', 'voucher missing or not valid'));
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const inad = /^\/inad\/extract\/([A-Za-z0-9]{11,16})$/.exec(url.pathname);
      const iniPec = /^\/inipec\/pec\/([A-Za-z0-9]{11,16})$/.exec(url.pathname);
      if (request.method !== 'GET' || (!inad && !iniPec)) return send(response, 404, problem(404, 'NOT_FOUND', 'no such resource'));
      if (inad && !url.searchParams.get('practicalReference')) return send(response, 400, problem(400, 'BAD_REQUEST', 'practicalReference is required'));
      const code = (inad ?? iniPec)![1]!.toUpperCase();
      const found = domiciles.get(code);
      if (inad) {
        if (!found || found.register !== 'INAD') return send(response, 404, problem(404, 'NOT_FOUND', 'no digital domicile for this fiscal code'));
        return send(response, 200, {
          codiceFiscale: code,
          since: clock().toISOString(),
          digitalAddress: [{ digitalAddress: found.address, ...(found.profession ? { practicedProfession: found.profession } : {}), usageInfo: { motivation: 'CESSAZIONE_VOLONTARIA', dateEndValidity: '2099-12-31T00:00:00Z' } }],
        });
      }
      if (!found || found.register !== 'INI-PEC') return send(response, 404, problem(404, 'NOT_FOUND', 'no PEC address for this fiscal code'));
      return send(response, 200, { codiceFiscale: code, pec: found.address });
    })().catch(() => {
      if (!response.headersSent) send(response, 500, problem(500, 'INTERNAL_SERVER_ERROR', 'stand-in error'));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const base = `http://${host}:${port}`;
  return {
    inadUrl: `${base}/inad`,
    iniPecUrl: `${base}/inipec`,
    port,
    set: (d) => void domiciles.set(d.fiscalCode, { ...d }),
    remove: (code) => void domiciles.delete(code),
    setAvailable: (value) => void (available = value),
    setDelayMs: (ms) => void (delayMs = ms),
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
