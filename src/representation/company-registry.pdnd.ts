// The company register reached through PDND Interoperabilità, the national data-interoperability
// platform: the portal (a "fruitore") signs a client assertion with the key whose public part
// it uploaded to its PDND client, trades it at PDND's authorization server for a voucher (a
// Bearer token, OAuth 2.0 client credentials with a JWT client assertion, RFC 7521/7523), and
// calls the register's REST e-service with it. The assertion carries exactly the claims PDND
// allows (header kid, alg RS256, typ JWT; payload iss = sub = client id, aud, purposeId, jti,
// iat, exp). It is signed with node:crypto: jose is not a direct dependency of the portal.
// The e-service's paths and JSON are assumed (company-registry.api.ts): docs/companies.md says
// what to check against its OpenAPI when the comune subscribes.
import { PdndVoucher, PdndVoucherError, type PdndClientSettings } from '../platform/pdnd-voucher.ts';
import { companyPath, getJson, personCompaniesPath, readCompanyAnswer, readPersonCompaniesAnswer } from './company-registry.api.ts';
import { RegistryUnavailableError, type CompanyRegistry, type RegistryCompany } from './company-registry.ts';

export { clientAssertion } from '../platform/pdnd-voucher.ts';

/** The PDND client (src/platform/pdnd-voucher.ts) and the e-service's base URL, as its descriptor in the PDND catalogue gives it. */
export type PdndSettings = PdndClientSettings & { registryUrl: string };

export class PdndCompanyRegistry implements CompanyRegistry {
  private readonly voucher: PdndVoucher;
  private readonly base: string;

  constructor(private readonly settings: PdndSettings) {
    // the voucher logic is shared with the digital domicile registers (src/platform/pdnd-voucher.ts)
    this.voucher = new PdndVoucher(settings);
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
      this.voucher.invalidate();
      return getJson(url, { authorization: `Bearer ${await this.currentVoucher()}` }, this.settings.timeoutMs);
    }
  }

  private async currentVoucher(): Promise<string> {
    try {
      return await this.voucher.current();
    } catch (error) {
      if (error instanceof PdndVoucherError) throw new RegistryUnavailableError(error.message, { cause: error });
      throw error;
    }
  }
}
