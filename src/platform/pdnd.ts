// A client of PDND Interoperabilità (the national data-interoperability platform) as a
// "fruitore": it signs a client assertion with the key whose public part the comune uploaded
// to its PDND client, trades it at PDND's authorization server for a voucher (OAuth 2.0 client
// credentials with a JWT client assertion, RFC 7521/7523) and calls an e-service with it. The
// e-services that ask for it get the ModI headers too: Agid-JWT-TrackingEvidence (who asked, from
// where, at what level: the voucher is bound to it by the digest claim of the assertion, so it
// serves that one call) and Agid-JWT-Signature with a Digest header (the body's integrity).
// Shared by the company register (src/representation) and the registers of src/prefill.
import { createHash, createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from './time.ts';

export interface PdndClientSettings {
  /** PDND's token endpoint, e.g. https://auth.interop.pagopa.it/token.oauth2 */
  voucherUrl: string;
  /** the aud of the client assertion, as PDND's back office shows it for the client */
  audience: string;
  clientId: string;
  /** the id PDND gave the uploaded public key */
  keyId: string;
  /** the purpose (finalità) the comune declared for this e-service */
  purposeId: string;
  /** the private key (PEM, RSA) */
  privateKeyPem: string;
  timeoutMs: number;
  clock: Clock;
}

/** What Agid-JWT-TrackingEvidence says of the call (ModI AUDIT_REST_02): never a name, an id the comune can trace. */
export interface TrackingEvidence {
  /** the portal's own id of the person on whose behalf the call is made */
  userId: string;
  /** where the call comes from (the portal, the desk) */
  userLocation: string;
  /** the level of the login, e.g. SpidL2 */
  loa: string;
}

/** PDND, or the e-service behind it, could not answer (down, slow, refusing the portal, a voucher not issued). */
export class PdndUnavailableError extends Error {
  override name = 'PdndUnavailableError';
}

/** How long a client assertion or a ModI header is valid: it is used at once. */
const JWT_SECONDS = 120;
/** A voucher is renewed this long before it expires. */
const VOUCHER_MARGIN_MS = 30_000;

const voucherAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().int().positive() });

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class PdndClient {
  private readonly key: KeyObject;
  private voucher: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(readonly settings: PdndClientSettings) {
    this.key = createPrivateKey(settings.privateKeyPem);
    if (this.key.asymmetricKeyType !== 'rsa') throw new Error('PDND client keys are RSA (RS256)');
  }

  private sign(claims: Record<string, unknown>, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ ...claims, jti: randomUUID(), iat, exp: iat + JWT_SECONDS })
      .setProtectedHeader({ kid: this.settings.keyId, alg: 'RS256', typ: 'JWT' })
      .sign(this.key);
  }

  /** A client assertion for PDND's voucher endpoint; `digest`: the hash of the tracking evidence the voucher is bound to. */
  clientAssertion(now: Date, digest?: string): Promise<string> {
    const { clientId, audience, purposeId } = this.settings;
    return this.sign({ iss: clientId, sub: clientId, aud: audience, purposeId, ...(digest ? { digest: { alg: 'SHA256', value: digest } } : {}) }, now);
  }

  /** The voucher in hand while it lasts; one request for a new one however many callers wait. */
  async currentVoucher(): Promise<string> {
    const now = this.settings.clock().getTime();
    if (this.voucher && this.voucher.expiresAt - VOUCHER_MARGIN_MS > now) return this.voucher.token;
    this.pending ??= this.requestVoucher()
      .then((voucher) => {
        this.voucher = voucher;
        return voucher.token;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** The voucher in hand is refused by the e-service (revoked, keys rotated): the next call asks for a new one. */
  forgetVoucher(): void {
    this.voucher = null;
  }

  /** A voucher of its own, bound to `digest` (a call with tracking evidence), or the plain one. */
  async requestVoucher(digest?: string): Promise<{ token: string; expiresAt: number }> {
    const now = this.settings.clock();
    const form = new URLSearchParams({
      client_id: this.settings.clientId,
      client_assertion: await this.clientAssertion(now, digest),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      grant_type: 'client_credentials',
    });
    let response: Response;
    try {
      response = await fetch(this.settings.voucherUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new PdndUnavailableError(`PDND voucher endpoint unreachable: ${(error as Error).name}`, { cause: error });
    }
    const body = await response.json().catch(() => null);
    const parsed = voucherAnswer.safeParse(body);
    if (!response.ok || !parsed.success) {
      // PDND says why in error_description (a key not uploaded, a purpose not active...): no secret in it
      const reason = body && typeof body === 'object' && 'error_description' in body ? String((body as Record<string, unknown>).error_description).slice(0, 200) : '';
      throw new PdndUnavailableError(`PDND refused the voucher: ${response.status} ${reason}`.trim());
    }
    return { token: parsed.data.access_token, expiresAt: now.getTime() + parsed.data.expires_in * 1000 };
  }

  /**
   * A POST of JSON to an e-service that asks for the ModI headers: the tracking evidence, a
   * voucher bound to it, and the body's Digest signed in Agid-JWT-Signature. Answers the status
   * and body of a 2xx or 404; anything else is PdndUnavailableError.
   */
  async postJson(url: string, payload: unknown, evidence: TrackingEvidence): Promise<{ status: number; body: unknown }> {
    const now = this.settings.clock();
    const aud = new URL(url).origin + new URL(url).pathname;
    const tracking = await this.sign({ iss: this.settings.clientId, aud, purposeId: this.settings.purposeId, userID: evidence.userId, userLocation: evidence.userLocation, LoA: evidence.loa }, now);
    const voucher = await this.requestVoucher(sha256(tracking).toString('hex'));
    const body = JSON.stringify(payload);
    const digest = `SHA-256=${sha256(body).toString('base64')}`;
    const signature = await this.sign({ iss: this.settings.clientId, sub: this.settings.clientId, aud, signed_headers: [{ digest }, { 'content-type': 'application/json' }] }, now);
    return send(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${voucher.token}`,
        'content-type': 'application/json',
        digest,
        'agid-jwt-signature': signature,
        'agid-jwt-trackingevidence': tracking,
      },
      body,
    }, this.settings.timeoutMs);
  }
}

/** One HTTP exchange with an e-service: the status and JSON of a 2xx or 404, else PdndUnavailableError. */
export async function send(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new PdndUnavailableError(`e-service unreachable: ${(error as Error).name}`, { cause: error });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { status: 404, body: null };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PdndUnavailableError(`e-service answered ${response.status}`);
  }
  try {
    return { status: response.status, body: await response.json() };
  } catch (error) {
    throw new PdndUnavailableError('e-service answer is not JSON', { cause: error });
  }
}
