// The company register reached through PDND Interoperabilità, the national data-interoperability
// platform: the portal (a "fruitore") signs a client assertion with the key whose public part
// it uploaded to its PDND client, trades it at PDND's authorization server for a voucher (a
// Bearer token, OAuth 2.0 client credentials with a JWT client assertion, RFC 7521/7523), and
// calls the register's REST e-service with it. The assertion carries exactly the claims PDND
// allows (header kid, alg RS256, typ JWT; payload iss = sub = client id, aud, purposeId, jti,
// iat, exp). It is signed with node:crypto: jose is not a direct dependency of the portal.
// The e-service's paths and JSON are assumed (company-registry.api.ts): docs/companies.md says
// what to check against its OpenAPI when the comune subscribes.
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../platform/time.ts';
import { companyPath, getJson, personCompaniesPath, readCompanyAnswer, readPersonCompaniesAnswer } from './company-registry.api.ts';
import { RegistryUnavailableError, type CompanyRegistry, type RegistryCompany } from './company-registry.ts';

export interface PdndSettings {
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
  /** the e-service's base URL, as its descriptor in the PDND catalogue gives it */
  registryUrl: string;
  timeoutMs: number;
  clock: Clock;
}

/** How long a client assertion is valid: it is used at once. */
const ASSERTION_SECONDS = 120;
/** A voucher is renewed this long before it expires. */
const VOUCHER_MARGIN_MS = 30_000;

const voucherAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().int().positive() });

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A client assertion for PDND's voucher endpoint, signed RS256 with the client's key. */
export function clientAssertion(settings: Pick<PdndSettings, 'audience' | 'clientId' | 'keyId' | 'purposeId'>, key: KeyObject, now: Date): string {
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

export class PdndCompanyRegistry implements CompanyRegistry {
  private readonly key: KeyObject;
  private readonly base: string;
  private voucher: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly settings: PdndSettings) {
    this.key = createPrivateKey(settings.privateKeyPem);
    if (this.key.asymmetricKeyType !== 'rsa') throw new Error('PDND client keys are RSA (RS256)');
    this.base = settings.registryUrl.replace(/\/$/, '');
  }

  async legalRepresentatives(companyCode: string): Promise<RegistryCompany | null> {
    const { status, body } = await this.get(companyPath(companyCode));
    return readCompanyAnswer(status, body);
  }

  async companiesRepresentedBy(personFiscalCode: string): Promise<RegistryCompany[]> {
    const { status, body } = await this.get(personCompaniesPath(personFiscalCode));
    return readPersonCompaniesAnswer(status, body, personFiscalCode);
  }

  /** A GET with the voucher; a voucher refused (revoked, rotated keys) is renewed once. */
  private async get(path: string): Promise<{ status: number; body: unknown }> {
    const url = `${this.base}${path}`;
    try {
      return await getJson(url, { authorization: `Bearer ${await this.currentVoucher()}` }, this.settings.timeoutMs);
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError) || !/answered 401$/.test(error.message)) throw error;
      this.voucher = null;
      return getJson(url, { authorization: `Bearer ${await this.currentVoucher()}` }, this.settings.timeoutMs);
    }
  }

  /** The voucher in hand while it lasts; one request for a new one however many callers wait. */
  private async currentVoucher(): Promise<string> {
    const now = this.settings.clock().getTime();
    if (this.voucher && this.voucher.expiresAt - VOUCHER_MARGIN_MS > now) return this.voucher.token;
    this.pending ??= this.requestVoucher().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async requestVoucher(): Promise<string> {
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
      throw new RegistryUnavailableError(`PDND voucher endpoint unreachable: ${(error as Error).name}`, { cause: error });
    }
    const body = await response.json().catch(() => null);
    const parsed = voucherAnswer.safeParse(body);
    if (!response.ok || !parsed.success) {
      // PDND says why in error_description (a key not uploaded, a purpose not active...): no secret in it
      const reason = body && typeof body === 'object' && 'error_description' in body ? String((body as Record<string, unknown>).error_description).slice(0, 200) : '';
      throw new RegistryUnavailableError(`PDND refused the voucher: ${response.status} ${reason}`.trim());
    }
    this.voucher = { token: parsed.data.access_token, expiresAt: now.getTime() + parsed.data.expires_in * 1000 };
    return parsed.data.access_token;
  }
}
