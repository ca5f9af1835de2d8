// PROTOCOL_REGISTRY and its keys: the built-in register by default; external without a URL is the
// stand-in outside production; production refuses the stand-in, and external without its URL or key.
import { describe, expect, it } from 'vitest';
import { protocolRegistryConfig, type ProtocolRegistryEnv } from '../../../src/protocol/registry.config.ts';

const env = (overrides: Partial<ProtocolRegistryEnv>): ProtocolRegistryEnv => ({
  NODE_ENV: 'development',
  PROTOCOL_REGISTRY: 'built-in',
  PROTOCOL_REGISTRY_TIMEOUT_MS: 10_000,
  PROTOCOL_REGISTRY_POLL_MS: 1000,
  PROTOCOL_REGISTRY_BACKOFF_MS: 5000,
  PROTOCOL_REGISTRY_SENDER_REGISTER: 'PORTALE',
  PROTOCOL_REGISTRY_CLASSIFICATION: '1.1',
  PROTOCOL_REGISTRY_CLASSIFICATION_NAME: 'Istanze presentate online',
  ...overrides,
});

describe('protocol registry settings', () => {
  it('is the built-in register by default, with the stand-in on 2610 (0 in tests)', () => {
    expect(protocolRegistryConfig(env({}))).toMatchObject({ problems: [], config: { kind: 'built-in', url: null, standInPort: 2610 } });
    expect(protocolRegistryConfig(env({ NODE_ENV: 'test' })).config.standInPort).toBe(0);
  });

  it('plays an external registry without a URL with the stand-in, outside production', () => {
    expect(protocolRegistryConfig(env({ PROTOCOL_REGISTRY: 'external' })).config.kind).toBe('stand-in');
    const real = protocolRegistryConfig(env({ PROTOCOL_REGISTRY: 'external', PROTOCOL_REGISTRY_URL: 'https://protocollo.example.org/api/', PROTOCOL_REGISTRY_USER: 'portale', PROTOCOL_REGISTRY_PASSWORD: 'secret' }));
    expect(real.config).toMatchObject({ kind: 'external', url: 'https://protocollo.example.org/api', auth: { user: 'portale', password: 'secret' } });
  });

  it('refuses in production the stand-in, and external without URL or signing key', () => {
    expect(protocolRegistryConfig(env({ NODE_ENV: 'production', PROTOCOL_REGISTRY: 'stand-in' })).problems).toEqual(['PROTOCOL_REGISTRY=stand-in (set external or built-in)']);
    expect(protocolRegistryConfig(env({ NODE_ENV: 'production', PROTOCOL_REGISTRY: 'external' })).problems).toEqual(['PROTOCOL_REGISTRY_URL (PROTOCOL_REGISTRY=external)', 'PROTOCOL_REGISTRY_SIGNING_KEY (PROTOCOL_REGISTRY=external)']);
    expect(protocolRegistryConfig(env({ NODE_ENV: 'production', PROTOCOL_REGISTRY: 'external', PROTOCOL_REGISTRY_URL: 'https://p.example.org', PROTOCOL_REGISTRY_SIGNING_KEY: 'k'.repeat(32), PROTOCOL_REGISTRY_TOKEN: 't' })).problems).toEqual([]);
  });
});
