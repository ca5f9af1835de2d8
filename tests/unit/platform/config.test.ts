import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';

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
