// A local stand-in for App IO's Services API: a real HTTP server implementing POST /profiles
// and POST /messages with the documented validation (subject 10..120, markdown 80..10000,
// notice number ^[0123][0-9]{17}$, the subscription key header), recording what it receives.
// The portal starts it in process outside production when no IO_API_URL is set; tests start
// their own to play a person not on IO, a comune not allowed, or a rate limit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { systemClock, type Clock } from '../platform/time.ts';

export const IO_STAND_IN_KEY = 'sportello-io-stand-in-key';

const fiscalCode = z.string().regex(/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/, 'not a fiscal code');

const profileRequest = z.object({ fiscal_code: fiscalCode });

export const ioMessageSchema = z.object({
  fiscal_code: fiscalCode,
  time_to_live: z.number().int().min(3600).max(604800).optional(),
  content: z.object({
    subject: z.string().min(10).max(120),
    markdown: z.string().min(80).max(10000),
    due_date: z.string().datetime({ offset: true }).optional(),
    payment_data: z
      .object({
        amount: z.number().int().min(1).max(9_999_999_999),
        notice_number: z.string().regex(/^[0123][0-9]{17}$/, 'not a notice number'),
        invalid_after_due_date: z.boolean().optional(),
        payee: z.object({ fiscal_code: z.string().regex(/^[0-9]{11}$/) }).optional(),
      })
      .optional(),
  }),
});

export type IoStandInMessage = z.infer<typeof ioMessageSchema> & { id: string; receivedAt: Date };

export interface IoProfile {
  senderAllowed: boolean;
  preferredLanguages?: string[];
}

export interface IoStandInOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  /** profiles by fiscal code; null marks a fiscal code not on IO */
  profiles?: Record<string, IoProfile | null>;
  /** what a fiscal code not listed is: on IO and allowing the comune (default), or absent */
  unknownProfiles?: 'allowed' | 'absent';
  /** the stand-in's own time (when a message arrived); the system's unless a test moves it */
  clock?: Clock;
}

export interface IoStandInRequest {
  path: string;
  status: number;
  body: unknown;
  problem?: string;
}

export interface IoStandIn {
  readonly port: number;
  /** the API base to use as IO_API_URL */
  readonly url: string;
  readonly apiKey: string;
  messages(): IoStandInMessage[];
  requests(): IoStandInRequest[];
  setProfile(fiscalCode: string, profile: IoProfile | null): void;
  /** The next `count` requests get 429 with this Retry-After (seconds). */
  rateLimitNext(count: number, retryAfterSeconds?: number): void;
  clear(): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(json), ...headers });
  response.end(json);
}

function problem(status: number, title: string, detail: string) {
  return { type: 'about:blank', title, status, detail };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

export async function startIoStandIn(options: IoStandInOptions = {}): Promise<IoStandIn> {
  const clock = options.clock ?? systemClock;
  const apiKey = options.apiKey ?? IO_STAND_IN_KEY;
  const profiles = new Map<string, IoProfile | null>(Object.entries(options.profiles ?? {}));
  const unknown = options.unknownProfiles ?? 'allowed';
  const received: IoStandInMessage[] = [];
  const log: IoStandInRequest[] = [];
  let limited = 0;
  let retryAfter = 1;

  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/$/, '');
    const record = (status: number, body: unknown, problemText?: string) => log.push({ path, status, body, ...(problemText ? { problem: problemText } : {}) });
    let body: unknown = null;
    try {
      if (request.method !== 'POST' || !['/api/v1/profiles', '/api/v1/messages'].includes(path)) {
        record(404, null);
        return send(response, 404, problem(404, 'Not found', `${request.method} ${path}`));
      }
      if (request.headers['ocp-apim-subscription-key'] !== apiKey) {
        record(401, null, 'subscription key');
        return send(response, 401, problem(401, 'Unauthorized', 'missing or wrong Ocp-Apim-Subscription-Key'));
      }
      try {
        body = await readJson(request);
      } catch {
        record(400, null, 'not JSON');
        return send(response, 400, problem(400, 'Invalid input', 'the body is not JSON'));
      }
      if (limited > 0) {
        limited--;
        record(429, body, 'rate limited');
        return send(response, 429, problem(429, 'Too many requests', 'rate limited'), { 'retry-after': String(retryAfter) });
      }
      if (path === '/api/v1/profiles') {
        const parsed = profileRequest.safeParse(body);
        if (!parsed.success) {
          const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          record(400, body, detail);
          return send(response, 400, problem(400, 'Invalid input', detail));
        }
        const known = profiles.has(parsed.data.fiscal_code);
        const profile = known ? profiles.get(parsed.data.fiscal_code) : unknown === 'allowed' ? { senderAllowed: true } : null;
        if (!profile) {
          record(404, body, 'profile not found');
          return send(response, 404, problem(404, 'Profile not found', 'the fiscal code has no App IO profile'));
        }
        record(200, body);
        return send(response, 200, { sender_allowed: profile.senderAllowed, preferred_languages: profile.preferredLanguages ?? ['it_IT'] });
      }
      const parsed = ioMessageSchema.safeParse(body);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        record(400, body, detail);
        return send(response, 400, problem(400, 'Invalid input', detail));
      }
      const id = randomUUID().replace(/-/g, '').toUpperCase().slice(0, 26);
      received.push({ ...parsed.data, id, receivedAt: clock() });
      record(201, body);
      return send(response, 201, { id }, { location: `/api/v1/messages/${parsed.data.fiscal_code}/${id}` });
    } catch (error) {
      record(500, body, (error as Error).message);
      return send(response, 500, problem(500, 'Internal error', (error as Error).message));
    }
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

  return {
    port,
    url: `http://${host}:${port}/api/v1`,
    apiKey,
    messages: () => [...received],
    requests: () => [...log],
    setProfile(code, profile) {
      profiles.set(code, profile);
    },
    rateLimitNext(count, seconds = 1) {
      limited = count;
      retryAfter = seconds;
    },
    clear() {
      received.length = 0;
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
