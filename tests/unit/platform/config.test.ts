import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_PLACEHOLDERS, loadConfig } from '../../../src/config.ts';

describe('configuration', () => {
  it('runs with nothing set: embedded database, local URL', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.baseUrl).toBe('http://127.0.0.1:3000');
    expect(config.secureCookies).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_KEY/);
  });

  it('names the bad key', () => {
    expect(() => loadConfig({ PORT: 'many' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_KEY: 'short' })).toThrow(/SESSION_KEY/);
  });

  it('trusts only the proxies TRUST_PROXY names, and refuses "anyone" in production', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '172.30.0.10, 10.0.0.0/8,loopback,::1' }).trustProxy).toEqual(['172.30.0.10', '10.0.0.0/8', 'loopback', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY: not an address or CIDR: nginx/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    // development may still say true (documented as unsafe); production may not
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY as the proxy's addresses/);
  });
});

// Finding 10: production refuses the repository's development secrets, the placeholders of
// .env.example and a plain-http public URL, naming the key.
describe('production refuses secrets and values copied from the repository', () => {
  const PRODUCTION: Record<string, string> = {
    NODE_ENV: 'production',
    SESSION_KEY: randomBytes(32).toString('hex'),
    BASE_URL: 'https://sportello.comune-di-prova.it',
    SMTP_HOST: 'smtp.comune-di-prova.it',
    MAIL_FROM: 'noreply@comune-di-prova.it',
    PAYMENTS_PROVIDER: 'pagopa',
    PAGOPA_GPD_URL: 'https://api.platform.pagopa.it',
    PAGOPA_CHECKOUT_URL: 'https://api.platform.pagopa.it',
    PAGOPA_SUBSCRIPTION_KEY: 'subscription-key',
    PAGOPA_IBAN: 'IT02L1234512345123456789012',
    CREDITOR_FISCAL_CODE: '01234567890',
    PAGOPA_SEGREGATION_CODE: '03',
    PAYMENTS_CALLBACK_SECRET: randomBytes(32).toString('base64'),
    SPID_ISSUER: 'https://spid.comune-di-prova.it',
    SPID_CLIENT_ID: 'https://sportello.comune-di-prova.it',
    OIDC_PRIVATE_JWK: JSON.stringify({ kty: 'RSA', n: 'n', e: 'AQAB', d: 'private' }),
  };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig({ ...PRODUCTION, ...env });
      return '';
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.message;
    }
  };
  const developmentKey = Buffer.from('sportello-development-session-key-not-secret!!', 'utf8').subarray(0, 32);

  it('starts with its own values', () => {
    expect(refusal({})).toBe('');
  });

  it('refuses the development SESSION_KEY however it is written', () => {
    for (const value of [
      developmentKey.toString('hex'),
      developmentKey.toString('hex').toUpperCase(),
      developmentKey.toString('base64'),
      developmentKey.toString('base64url'),
      'sportello-development-session-key-not-secret!!',
    ]) {
      expect(refusal({ SESSION_KEY: value }), value).toMatch(/SESSION_KEY is the development key/);
    }
  });

  it('refuses a SESSION_KEY that is not random: zeros, one repeated byte, a run', () => {
    const run = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    for (const value of ['0'.repeat(64), Buffer.alloc(32).toString('base64'), 'a'.repeat(64), Buffer.alloc(32, 0x5a).toString('base64'), run.toString('hex'), 'abab'.repeat(16)]) {
      expect(refusal({ SESSION_KEY: value }), value).toMatch(/SESSION_KEY is not random/);
    }
  });

  it('refuses the development PAYMENTS_CALLBACK_SECRET', () => {
    expect(refusal({ PAYMENTS_CALLBACK_SECRET: 'sportello-development-payments-secret-not-secret' })).toMatch(/PAYMENTS_CALLBACK_SECRET is the development secret/);
  });

  it('refuses a plain http BASE_URL', () => {
    expect(refusal({ BASE_URL: 'http://sportello.comune-di-prova.it' })).toMatch(/BASE_URL must be an https/);
  });

  // the example values as the file has them, so that the list follows the file
  const examples = new Map(
    readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => /^#?([A-Z][A-Z0-9_]*)=(.+)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!] as const),
  );

  it.each(EXAMPLE_PLACEHOLDERS.map(([key]) => key))('refuses the .env.example value of %s', (key) => {
    const value = examples.get(key);
    expect(value, `${key} in .env.example`).toBeDefined();
    expect(refusal({ [key]: value! })).toContain(`${key} is the example value of .env.example`);
  });

  it('knows every placeholder of .env.example (example.it hosts, "..." keys)', () => {
    const placeholders = [...examples].filter(([, value]) => /example\.it|"\.\.\."/.test(value)).map(([key]) => key);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.filter((key) => !EXAMPLE_PLACEHOLDERS.some(([known, fragment]) => known === key && examples.get(key)!.includes(fragment)))).toEqual([]);
  });
});
