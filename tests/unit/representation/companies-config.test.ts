// The company register's settings: the stand-in by default outside production and refused in
// production, PDND only with every key of its client (and a usable RSA key), the cache's time.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { companiesConfig } from '../../../src/representation/companies.config.ts';

const base = { NODE_ENV: 'test', DATA_DIR: 'memory://' };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const pdnd = {
  COMPANY_REGISTRY: 'pdnd',
  COMPANY_REGISTRY_URL: 'https://registro.test/v1/',
  PDND_VOUCHER_URL: 'https://auth.uat.interop.pagopa.it/token.oauth2',
  PDND_CLIENT_ID: 'client',
  PDND_KEY_ID: 'kid',
  PDND_PURPOSE_ID: 'purpose',
};

describe('company register settings', () => {
  it('outside production: the stand-in, answers kept 600 seconds', () => {
    expect(loadConfig(base).companies).toEqual({ registry: 'stand-in', registryUrl: null, cacheSeconds: 600, timeoutMs: 5000, standInPort: 0, pdnd: null });
    expect(loadConfig({ ...base, COMPANY_REGISTRY: 'none', COMPANY_REGISTRY_CACHE_SECONDS: '60' }).companies).toMatchObject({ registry: 'none', cacheSeconds: 60 });
  });

  it('production: none unless set, and never the stand-in', () => {
    const production = { ...base, NODE_ENV: 'production' as const, COMPANY_REGISTRY_CACHE_SECONDS: 600, COMPANY_REGISTRY_TIMEOUT_MS: 5000, PDND_AUDIENCE: 'aud' };
    expect(companiesConfig(production)).toMatchObject({ problems: [], config: { registry: 'none', standInPort: 2590 } });
    expect(companiesConfig({ ...production, COMPANY_REGISTRY: 'stand-in' }).problems).toEqual(['COMPANY_REGISTRY=pdnd or none (the company register stand-in is for testing only)']);
  });

  it('pdnd needs every key of the client', () => {
    expect(() => loadConfig({ ...base, COMPANY_REGISTRY: 'pdnd' })).toThrow(/COMPANY_REGISTRY=pdnd needs PDND_VOUCHER_URL, PDND_CLIENT_ID, PDND_KEY_ID, PDND_PURPOSE_ID, COMPANY_REGISTRY_URL, PDND_PRIVATE_KEY or PDND_PRIVATE_KEY_FILE/);
    expect(() => loadConfig({ ...base, ...pdnd, PDND_PRIVATE_KEY: 'not a key' })).toThrow(/PDND_PRIVATE_KEY must be an RSA private key/);
    const config = loadConfig({ ...base, ...pdnd, PDND_PRIVATE_KEY: rsa.replace(/\n/g, '\\n') }).companies;
    expect(config).toMatchObject({ registry: 'pdnd', registryUrl: 'https://registro.test/v1', pdnd: { clientId: 'client', keyId: 'kid', purposeId: 'purpose', audience: 'auth.interop.pagopa.it/client-assertion' } });
    expect(config.pdnd!.privateKeyPem).toBe(rsa);
  });

  it('or its key from a file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sportello-pdnd-')), 'key.pem');
    writeFileSync(file, rsa);
    expect(loadConfig({ ...base, ...pdnd, PDND_PRIVATE_KEY_FILE: file }).companies.pdnd!.privateKeyPem).toBe(rsa);
    expect(() => loadConfig({ ...base, ...pdnd, PDND_PRIVATE_KEY_FILE: `${file}.missing` })).toThrow(/PDND_PRIVATE_KEY_FILE: cannot read/);
  });
});
