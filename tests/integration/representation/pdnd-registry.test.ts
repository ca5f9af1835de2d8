// The PDND slot over real HTTP: the stand-in plays PDND's voucher endpoint (checking the client
// assertion as PDND does: only the allowed claims, the signature with the uploaded public key,
// aud, purposeId, the times) and the register's e-service (a voucher it issued, or 401). The
// client asks for one voucher, reuses it until shortly before it expires (the clock is moved),
// and renews it once when the e-service refuses it. Then the whole portal with COMPANY_REGISTRY=pdnd.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../../src/platform/time.ts';
import { RegistryUnavailableError } from '../../../src/representation/company-registry.ts';
import { PdndCompanyRegistry, type PdndSettings } from '../../../src/representation/company-registry.pdnd.ts';
import { startCompanyRegistryStandIn, type CompanyRegistryStandIn } from '../../../src/representation/company-registry.stand-in.ts';
import { createTestApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/login.ts';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const keys = pair();
const CLIENT = { clientId: '9b361d49-33f4-4f1e-a88b-4e12661f2309', keyId: 'sportello-key-1', purposeId: '1b3d1c6a-8f1e-4a86-9a1f-2d3c4b5a6978', audience: 'auth.uat.interop.pagopa.it/client-assertion' };

// the portal's clock and the platform's own (each system keeps its time; tests move both)
const portalClock = testClock('2026-03-02T09:00:00Z');
const platformClock = testClock('2026-03-02T09:00:00Z');
let pdnd: CompanyRegistryStandIn;

beforeAll(async () => {
  pdnd = await startCompanyRegistryStandIn({ voucher: { ...CLIENT, publicKeyPem: keys.publicKey, expiresIn: 600 }, clock: platformClock });
});
afterAll(async () => pdnd?.close());
beforeEach(() => {
  pdnd.clear();
  pdnd.setAvailable(true);
  portalClock.set('2026-03-02T09:00:00Z');
  platformClock.set('2026-03-02T09:00:00Z');
});

function client(overrides: Partial<PdndSettings> = {}) {
  return new PdndCompanyRegistry({ ...CLIENT, voucherUrl: pdnd.tokenUrl, privateKeyPem: keys.privateKey, registryUrl: pdnd.url, timeoutMs: 3000, clock: portalClock, ...overrides });
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const calls = () => pdnd.requests().map((r) => `${r.method} ${r.path} ${r.status}`);

describe('the PDND client', () => {
  it('trades a signed client assertion for a voucher, then calls the e-service with it', async () => {
    const registry = client();
    const company = await registry.legalRepresentatives('04567890126');
    expect(company).toMatchObject({ name: 'Fontana Impianti S.r.l.', legalRepresentatives: [{ fiscalCode: 'FNTSRA72E45F205E', role: 'amministratore unico' }] });
    expect(calls()).toEqual(['POST /token.oauth2 200', 'GET /imprese/04567890126 200']);

    const [token, call] = pdnd.requests();
    expect(token!.form).toMatchObject({ client_id: CLIENT.clientId, grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' });
    const [header, payload] = token!.form!.client_assertion!.split('.');
    expect(decode(header!)).toEqual({ kid: CLIENT.keyId, alg: 'RS256', typ: 'JWT' });
    const claims = decode(payload!);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'purposeId', 'sub']);
    expect(claims).toMatchObject({ iss: CLIENT.clientId, sub: CLIENT.clientId, aud: CLIENT.audience, purposeId: CLIENT.purposeId, iat: Date.parse('2026-03-02T09:00:00Z') / 1000 });
    expect(call!.authorization).toMatch(/^Bearer [0-9a-f-]{36}$/);
  });

  it('reuses the voucher until shortly before it expires', async () => {
    const registry = client();
    await registry.companiesRepresentedBy('RSSMRA80A01H501U');
    portalClock.advance(9 * 60_000);
    platformClock.advance(9 * 60_000);
    expect((await registry.companiesRepresentedBy('RSSMRA80A01H501U')).map((c) => c.name)).toEqual(['Officine Esempio S.n.c.']);
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
    portalClock.advance(45_000);
    platformClock.advance(45_000);
    await registry.companiesRepresentedBy('RSSMRA80A01H501U');
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(2);
  });

  it('a voucher the e-service refuses is renewed once', async () => {
    const registry = client();
    await registry.legalRepresentatives('05678901231');
    pdnd.forgetVouchers();
    expect(await registry.legalRepresentatives('05678901231')).not.toBeNull();
    expect(calls()).toEqual(['POST /token.oauth2 200', 'GET /imprese/05678901231 200', 'GET /imprese/05678901231 401', 'POST /token.oauth2 200', 'GET /imprese/05678901231 200']);
  });

  it('a key PDND does not know, a wrong purpose, or the platform down: the register is unavailable', async () => {
    await expect(client({ privateKeyPem: pair().privateKey }).legalRepresentatives('04567890126')).rejects.toThrow(/PDND refused the voucher: 401 signature/);
    await expect(client({ purposeId: 'another-purpose' }).legalRepresentatives('04567890126')).rejects.toThrow(/401 purposeId/);
    pdnd.setAvailable(false);
    await expect(client().legalRepresentatives('04567890126')).rejects.toBeInstanceOf(RegistryUnavailableError);
    await pdnd.close();
    await expect(client().legalRepresentatives('04567890126')).rejects.toThrow(/unreachable/);
    pdnd = await startCompanyRegistryStandIn({ voucher: { ...CLIENT, publicKeyPem: keys.publicKey, expiresIn: 600 }, clock: platformClock });
  });
});

describe('the portal with COMPANY_REGISTRY=pdnd', () => {
  it('shows the companies the register names the person a legal representative of', async () => {
    // the portal signs with the system's time here
    platformClock.set(Date.now());
    const t = await createTestApp({
      COMPANY_REGISTRY: 'pdnd',
      COMPANY_REGISTRY_URL: pdnd.url,
      PDND_VOUCHER_URL: pdnd.tokenUrl,
      PDND_AUDIENCE: CLIENT.audience,
      PDND_CLIENT_ID: CLIENT.clientId,
      PDND_KEY_ID: CLIENT.keyId,
      PDND_PURPOSE_ID: CLIENT.purposeId,
      PDND_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
    });
    try {
      expect(t.app.services.companyRegistry.standInUrl()).toBeNull();
      const sara = await loginAs(t, 'FNTSRA72E45F205E');
      const page = await sara.get('/area-personale/imprese');
      expect(page.body).toContain('Fontana Impianti S.r.l.');
      expect(page.body).toContain('secondo il registro delle imprese');
      expect(calls()).toContain('GET /persone/FNTSRA72E45F205E/imprese 200');
    } finally {
      await t.close();
    }
  });
});
