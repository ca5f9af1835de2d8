// The REST transport to the comune's protocol registry: POST of the segnatura (application/xml)
// to PROTOCOL_REGISTRY_URL, with the message's stable identifier as Idempotency-Key, a bearer
// token or basic credentials, and a timeout. The answer is the registry's own Identificatore
// (the number it gave), parsed with fast-xml-parser. The envelope of the answer is the portal's
// contract (docs/protocol.md), since the guidelines define the segnatura and leave the transport
// of a registration request to each system; a gateway maps a vendor's API to it.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export interface RegistryAnswer {
  /** the registry's register (its CodiceRegistro) */
  registerCode: string;
  /** NumeroRegistrazione as written (7 digits or more) */
  number: string;
  /** DataRegistrazione, YYYY-MM-DD */
  date: string;
  /** the message the answer is about */
  messageId: string;
  /** the registry had already registered that message (a retry) */
  duplicate: boolean;
}

export interface RegistryClientOptions {
  url: string;
  timeoutMs: number;
  auth: { bearer: string } | { user: string; password: string } | null;
}

export class RegistryUnavailableError extends Error {}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

/** The answer's XML (the stand-in writes it; a real gateway does the same). */
export function answerXml(answer: RegistryAnswer & { administrationCode: string; aooCode: string; time?: string | undefined }): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    RegistrazioneProtocollo: {
      '@xmlns:prot': 'http://www.agid.gov.it/protocollo/',
      '@esito': answer.duplicate ? 'gia-registrato' : 'registrato',
      'prot:Identificatore': {
        'prot:CodiceAmministrazione': answer.administrationCode,
        'prot:CodiceAOO': answer.aooCode,
        'prot:CodiceRegistro': answer.registerCode,
        'prot:NumeroRegistrazione': answer.number,
        'prot:DataRegistrazione': answer.date,
        ...(answer.time ? { 'prot:OraRegistrazione': answer.time } : {}),
      },
      Riferimento: answer.messageId,
    },
  }) as string;
}

export function parseAnswer(xml: string): RegistryAnswer {
  const doc = parser.parse(xml) as { RegistrazioneProtocollo?: { '@esito'?: string; Identificatore?: Record<string, unknown>; Riferimento?: unknown } };
  const root = doc.RegistrazioneProtocollo;
  const id = root?.Identificatore;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'object' && v && '#text' in v ? String((v as { '#text': unknown })['#text']).trim() : '');
  const number = text(id?.NumeroRegistrazione);
  const date = text(id?.DataRegistrazione);
  if (!root || !/^[0-9]{7,}$/.test(number) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('the registry answered without a registration (NumeroRegistrazione, DataRegistrazione)');
  return { registerCode: text(id?.CodiceRegistro), number, date, messageId: text(root.Riferimento), duplicate: root['@esito'] === 'gia-registrato' };
}

export function createRegistryClient(options: () => RegistryClientOptions) {
  return {
    /** Sends one segnatura; throws RegistryUnavailableError when the registry is down, slow or refuses. */
    async register(messageId: string, segnatura: string): Promise<RegistryAnswer> {
      const { url, timeoutMs, auth } = options();
      const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml', 'idempotency-key': messageId };
      if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
      else if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
      let response: Response;
      try {
        response = await fetch(`${url.replace(/\/$/, '')}/registrazioni`, { method: 'POST', headers, body: segnatura, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `unreachable (${error instanceof Error ? error.message : String(error)})`;
        throw new RegistryUnavailableError(`protocol registry ${reason}`);
      }
      const body = await response.text();
      if (!response.ok) throw new RegistryUnavailableError(`protocol registry answered ${response.status}: ${body.slice(0, 200)}`);
      const answer = parseAnswer(body);
      if (answer.messageId && answer.messageId !== messageId) throw new RegistryUnavailableError(`protocol registry answered about another message (${answer.messageId})`);
      return answer;
    },
  };
}

export type RegistryClient = ReturnType<typeof createRegistryClient>;
