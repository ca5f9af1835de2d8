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
});
