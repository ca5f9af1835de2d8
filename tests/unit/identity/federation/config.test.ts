// The federation's configuration: which mode by default, the trust anchors, and what production asks.
import { describe, expect, it } from 'vitest';
import { identityConfig, type IdentityEnv } from '../../../../src/identity/identity.config.ts';

const BASE: IdentityEnv = { NODE_ENV: 'development', PORT: 3000, HOST: '127.0.0.1', TEST_IDP_CLIENT_AUTH: 'private_key_jwt', SESSION_IDLE_MINUTES: 30, SESSION_MAX_HOURS: 12 };
const ANCHORS = JSON.stringify([{ kind: 'spid', entityId: 'https://registry.spid.gov.it/', jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }] } }]);
const PRIVATE = JSON.stringify({ kty: 'RSA', n: 'n', e: 'AQAB', d: 'd' });

const of = (env: Partial<IdentityEnv>) => identityConfig({ ...BASE, ...env });

describe('the mode', () => {
  it('is the federation in development with nothing configured (the bundled test federation), the plain mode in tests', () => {
    expect(of({}).config.federation.mode).toBe('federation');
    expect(of({ NODE_ENV: 'test' }).config.federation.mode).toBe('oidc');
  });

  it('stays plain with an aggregator configured, and follows OIDC_MODE or the anchors when given', () => {
    expect(of({ SPID_ISSUER: 'https://aggregator.example.it', SPID_CLIENT_ID: 'x' }).config.federation.mode).toBe('oidc');
    expect(of({ NODE_ENV: 'test', FEDERATION_TRUST_ANCHORS: ANCHORS }).config.federation.mode).toBe('federation');
    expect(of({ OIDC_MODE: 'oidc' }).config.federation.mode).toBe('oidc');
  });

  it('reads the anchors (without a trailing slash) and defaults the authority hints to them', () => {
    const { federation } = of({ FEDERATION_TRUST_ANCHORS: ANCHORS }).config;
    expect(federation.trustAnchors[0]).toMatchObject({ kind: 'spid', entityId: 'https://registry.spid.gov.it' });
    expect(federation.authorityHints).toEqual(['https://registry.spid.gov.it']);
    expect(of({ FEDERATION_TRUST_ANCHORS: ANCHORS, FEDERATION_AUTHORITY_HINTS: 'https://im.example.it/' }).config.federation.authorityHints).toEqual(['https://im.example.it']);
  });

  it('names a malformed anchor list', () => {
    expect(of({ FEDERATION_TRUST_ANCHORS: '[{"kind":"eidas"}]' }).problems.join('; ')).toContain('FEDERATION_TRUST_ANCHORS');
  });
});

describe('production with the federation', () => {
  it('asks for the anchors, the federation key and the encryption key', () => {
    const problems = of({ NODE_ENV: 'production', OIDC_MODE: 'federation', TEST_IDP_ENABLED: false, OIDC_PRIVATE_JWK: PRIVATE }).problems.join('; ');
    expect(problems).toContain('FEDERATION_TRUST_ANCHORS');
    expect(problems).toContain('FEDERATION_PRIVATE_JWK');
    expect(problems).toContain('OIDC_ENCRYPTION_JWK');
  });

  it('starts with them, and refuses an anchor that is not https', () => {
    const env = { NODE_ENV: 'production' as const, TEST_IDP_ENABLED: false, OIDC_PRIVATE_JWK: PRIVATE, FEDERATION_PRIVATE_JWK: PRIVATE, OIDC_ENCRYPTION_JWK: PRIVATE };
    expect(of({ ...env, FEDERATION_TRUST_ANCHORS: ANCHORS }).problems).toEqual([]);
    const http = ANCHORS.replace('https://registry', 'http://registry');
    expect(of({ ...env, FEDERATION_TRUST_ANCHORS: http }).problems.join('; ')).toContain('must use https');
  });
});
