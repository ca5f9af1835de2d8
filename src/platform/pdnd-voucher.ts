// A voucher of PDND Interoperabilità, the national data-interoperability platform: the portal
// (a "fruitore") signs a client assertion with the key whose public part it uploaded to its PDND
// client, and trades it at PDND's authorization server for a Bearer token (OAuth 2.0 client
// credentials with a JWT client assertion, RFC 7521/7523) valid for one purpose (finalità) of
// one e-service. The company register and the digital domicile registers (INAD, INI-PEC) each
// hold one per purpose. The assertion carries exactly the claims PDND allows (header kid, alg
// RS256, typ JWT; payload iss = sub = client id, aud, purposeId, jti, iat, exp), signed with
// node:crypto.
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
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
  /** the purpose (finalità) the comune declared for the e-service */
  purposeId: string;
  /** the private key (PEM, RSA) */
  privateKeyPem: string;
  timeoutMs: number;
  clock: Clock;
}

/** PDND unreachable or refusing: the caller turns it into its own "unavailable" error. */
export class PdndVoucherError extends Error {
  override name = 'PdndVoucherError';
}

/** How long a client assertion is valid: it is used at once. */
const ASSERTION_SECONDS = 120;
/** A voucher is renewed this long before it expires. */
const VOUCHER_MARGIN_MS = 30_000;

const voucherAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().int().positive() });

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A client assertion for PDND's voucher endpoint, signed RS256 with the client's key. */
export function clientAssertion(settings: Pick<PdndClientSettings, 'audience' | 'clientId' | 'keyId' | 'purposeId'>, key: KeyObject, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = base64url({ kid: settings.keyId, alg: 'RS256', typ: 'JWT' });
  const payload = base64url({
    iss: settings.clientId,
    sub: settings.clientId,
    aud: settings.audience,
    purposeId: settings.purposeId,
    jti: randomUUID(),
    iat,
    exp: iat + ASSERTION_SECONDS,
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The voucher of one purpose: kept while it lasts, one request for a new one however many callers wait. */
export class PdndVoucher {
  private readonly key: KeyObject;
  private voucher: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly settings: PdndClientSettings) {
    this.key = createPrivateKey(settings.privateKeyPem);
    if (this.key.asymmetricKeyType !== 'rsa') throw new Error('PDND client keys are RSA (RS256)');
  }

  /** Forget the voucher in hand (the e-service refused it: revoked, keys rotated). */
  invalidate(): void {
    this.voucher = null;
  }

  async current(): Promise<string> {
    const now = this.settings.clock().getTime();
    if (this.voucher && this.voucher.expiresAt - VOUCHER_MARGIN_MS > now) return this.voucher.token;
    this.pending ??= this.request().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async request(): Promise<string> {
    const now = this.settings.clock();
    const form = new URLSearchParams({
      client_id: this.settings.clientId,
      client_assertion: clientAssertion(this.settings, this.key, now),
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
      throw new PdndVoucherError(`PDND voucher endpoint unreachable: ${(error as Error).name}`, { cause: error });
    }
    const body = await response.json().catch(() => null);
    const parsed = voucherAnswer.safeParse(body);
    if (!response.ok || !parsed.success) {
      // PDND says why in error_description (a key not uploaded, a purpose not active...): no secret in it
      const reason = body && typeof body === 'object' && 'error_description' in body ? String((body as Record<string, unknown>).error_description).slice(0, 200) : '';
      throw new PdndVoucherError(`PDND refused the voucher: ${response.status} ${reason}`.trim());
    }
    this.voucher = { token: parsed.data.access_token, expiresAt: now.getTime() + parsed.data.expires_in * 1000 };
    return parsed.data.access_token;
  }
}
