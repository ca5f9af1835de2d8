// The protocol registry stand-in (development and tests only, refused in production): a real
// HTTP server playing the comune's document-management system. It takes a segnatura at
// POST /registrazioni, validates it against the same AgID schema the portal uses, numbers it in
// its own register (per calendar year of Rome, gapless: NumeroRegistrazione on 7 digits), and
// dedupes by the segnatura's Identificatore: a message sent again gets the number it already had.
// Tests (or a developer, through POST /_control) can make it down (503), slow (it registers, then
// answers after a delay: the portal times out and retries) or forgetful (it numbers a message
// again: a registry that answers twice), to see the portal number each filing once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { closeServer, listen } from '../platform/stand-in-http.ts';
import { romeDate } from '../platform/time.ts';
import { systemClock, type Clock } from '../platform/time.ts';
import { answerXml } from './registry-client.ts';
import { validateSegnatura } from './segnatura.ts';

export interface RegistryStandInOptions {
  port?: number;
  host?: string;
  clock?: Clock;
  /** the port taken: take any free one (the portal in development) */
  fallbackToAnyPort?: boolean;
  /** the stand-in's own codes (its answers' Identificatore) */
  administrationCode?: string;
  aooCode?: string;
  registerCode?: string;
  /** a token the requests must carry (Bearer); unset: any request is taken */
  token?: string;
}

export interface RegistryBehaviour {
  /** every request gets 503 */
  down: boolean;
  /** registers, then waits this long before answering */
  delayMs: number;
  /** numbers a message again instead of deduping (a faulty registry answering twice) */
  forgetful: boolean;
}

export interface StandInRegistration {
  messageId: string;
  number: string;
  date: string;
  subject: string;
  direction: string;
}

export interface RegistryStandIn {
  readonly url: string;
  readonly behaviour: RegistryBehaviour;
  registrations(): StandInRegistration[];
  /** POST /registrazioni requests received (also the refused ones) */
  requests(): number;
  close(): Promise<void>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

async function readBody(request: IncomingMessage, limit = 2_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: string, type = 'application/xml; charset=utf-8') {
  if (response.writableEnded || response.destroyed) return;
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

export async function startRegistryStandIn(options: RegistryStandInOptions = {}): Promise<RegistryStandIn> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const codes = { administrationCode: options.administrationCode ?? 'c_x000', aooCode: options.aooCode ?? 'AOO_01', registerCode: options.registerCode ?? 'REG_UFF' };
  const behaviour: RegistryBehaviour = { down: false, delayMs: 0, forgetful: false };
  const counters = new Map<number, number>();
  const byMessage = new Map<string, StandInRegistration>();
  const all: StandInRegistration[] = [];
  let requests = 0;

  function register(messageId: string, subject: string, direction: string): { registration: StandInRegistration; duplicate: boolean } {
    const known = byMessage.get(messageId);
    if (known && !behaviour.forgetful) return { registration: known, duplicate: true };
    const now = clock();
    const date = romeDate(now);
    const year = Number(date.slice(0, 4));
    const next = (counters.get(year) ?? 0) + 1;
    counters.set(year, next);
    const registration = { messageId, number: String(next).padStart(7, '0'), date, subject, direction };
    byMessage.set(messageId, registration);
    all.push(registration);
    return { registration, duplicate: false };
  }

  async function registration(request: IncomingMessage, response: ServerResponse) {
    requests++;
    if (behaviour.down) return send(response, 503, '<Errore>registro non disponibile</Errore>');
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) return send(response, 401, '<Errore>non autorizzato</Errore>');
    const xml = await readBody(request);
    const check = await validateSegnatura(xml);
    if (!check.valid) return send(response, 400, `<Errore>segnatura non valida: ${check.errors.slice(0, 3).join('; ').replace(/[<&]/g, ' ')}</Errore>`);
    const doc = parser.parse(xml) as { SegnaturaInformatica: { Intestazione: { Identificatore: Record<string, string>; Oggetto: string } } };
    const id = doc.SegnaturaInformatica.Intestazione.Identificatore;
    const messageId = `${id.CodiceAmministrazione}/${id.CodiceAOO}/${id.CodiceRegistro}/${id.NumeroRegistrazione}`;
    const direction = String(id.CodiceRegistro).endsWith('-U') ? 'uscita' : 'entrata';
    const { registration: r, duplicate } = register(messageId, String(doc.SegnaturaInformatica.Intestazione.Oggetto), direction);
    const body = answerXml({ ...codes, number: r.number, date: r.date, messageId, duplicate });
    // slow: registered already, the answer comes late (after the portal gave up on it)
    if (behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    send(response, 200, body);
  }

  async function control(request: IncomingMessage, response: ServerResponse) {
    const body = JSON.parse((await readBody(request)) || '{}') as Partial<RegistryBehaviour>;
    if (typeof body.down === 'boolean') behaviour.down = body.down;
    if (typeof body.delayMs === 'number') behaviour.delayMs = body.delayMs;
    if (typeof body.forgetful === 'boolean') behaviour.forgetful = body.forgetful;
    send(response, 200, JSON.stringify(behaviour), 'application/json');
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const handle =
      request.method === 'POST' && path === '/registrazioni' ? registration
        : request.method === 'POST' && path === '/_control' ? control
          : request.method === 'GET' && path === '/registrazioni' ? async (_q: IncomingMessage, r: ServerResponse) => send(r, 200, JSON.stringify(all), 'application/json')
            : async (_q: IncomingMessage, r: ServerResponse) => send(r, 404, '<Errore>non trovato</Errore>');
    handle(request, response).catch((error: unknown) => send(response, 400, `<Errore>${String(error instanceof Error ? error.message : error).replace(/[<&]/g, ' ')}</Errore>`));
  });

  const port = await listen(server, host, { port: options.port, fallbackToAnyPort: options.fallbackToAnyPort });
  return {
    url: `http://${host}:${port}`,
    behaviour,
    registrations: () => [...all],
    requests: () => requests,
    close: () => closeServer(server),
  };
}
