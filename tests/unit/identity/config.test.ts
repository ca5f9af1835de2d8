// The identity configuration: providers from the environment, the test provider's defaults,
// and what production refuses.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { identityConfig, type IdentityEnv } from '../../../src/identity/identity.config.ts';
import { generatePrivateJwk } from '../../../src/identity/keys.ts';

// production is checked on the identity keys alone: other domains add their own requirements
const PRODUCTION: IdentityEnv = {
  NODE_ENV: 'production',
  PORT: 3000,
  HOST: '0.0.0.0',
  TEST_IDP_CLIENT_AUTH: 'private_key_jwt',
  SESSION_IDLE_MINUTES: 30,
  SESSION_MAX_HOURS: 12,
};

function productionProblems(env: Partial<IdentityEnv>): string {
  return identityConfig({ ...PRODUCTION, ...env }).problems.join('; ');
}

function identityProblems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

describe('identity configuration', () => {
  it('by default (development) runs the test provider on PORT+1, with no other provider', () => {
    const config = loadConfig({ PORT: '3300' });
    expect(config.identity.testIdp).toMatchObject({ enabled: true, port: 3301, clientAuth: 'private_key_jwt' });
    expect(config.identity.providers).toEqual([]);
    expect(config.identity.privateJwks).toBeNull();
    expect(config.identity.session).toEqual({ idleMinutes: 30, maxHours: 12, revocationPollSeconds: 5 });
    expect(config.identity.loginRateLimit).toBe(30);
  });

  it('in tests picks any free port for the test provider', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).identity.testIdp.port).toBe(0);
  });

  it('reads SPID and CIE providers and OIDC_PROVIDERS', () => {
    const config = loadConfig({
      SPID_ISSUER: 'https://spid.example.it/',
      SPID_CLIENT_ID: 'https://sportello.comune.example.it',
      CIE_ISSUER: 'https://cie.example.it',
      CIE_CLIENT_ID: 'https://sportello.comune.example.it',
      OIDC_PROVIDERS: JSON.stringify([{ id: 'keycloak', issuer: 'https://sso.example.it/realms/comune', clientId: 'sportello', label: { it: 'Dipendenti', en: 'Staff' } }]),
    });
    expect(config.identity.providers.map((p) => [p.id, p.kind, p.issuer, p.signedRequest, p.authMethod, p.scope])).toEqual([
      ['keycloak', 'oidc', 'https://sso.example.it/realms/comune', false, 'private_key_jwt', 'openid profile email phone'],
      ['spid', 'spid', 'https://spid.example.it', true, 'private_key_jwt', 'openid'],
      ['cie', 'cie', 'https://cie.example.it', true, 'private_key_jwt', 'openid'],
    ]);
    expect(config.identity.providers[1]!.acrValues[2]).toBe('https://www.spid.gov.it/SpidL2');
  });

  it('lets a standard provider name its own acr values and scope', () => {
    const config = loadConfig({
      OIDC_PROVIDERS: JSON.stringify([{ id: 'sso', issuer: 'https://sso.example.it', clientId: 'sportello', scope: 'openid profile', acrValues: { 1: 'loa1', 2: 'loa2', 3: 'loa3' } }]),
    });
    expect(config.identity.providers[0]).toMatchObject({ scope: 'openid profile', acrValues: { 1: 'loa1', 2: 'loa2', 3: 'loa3' } });
    expect(identityProblems({ OIDC_PROVIDERS: JSON.stringify([{ id: 'sso', issuer: 'https://sso.example.it', clientId: 'c', scope: 'profile' }]) })).toContain('must start with openid');
  });

  it('refuses half a provider, duplicates, client secrets and bad JSON', () => {
    expect(identityProblems({ SPID_ISSUER: 'https://spid.example.it' })).toContain('SPID_ISSUER and SPID_CLIENT_ID go together');
    expect(identityProblems({ OIDC_PROVIDERS: '[{' })).toContain('OIDC_PROVIDERS is not valid JSON');
    expect(identityProblems({ OIDC_PROVIDERS: JSON.stringify([{ id: 'x', issuer: 'https://a.example', clientId: 'c', clientSecret: 's' }]) })).toContain('OIDC_PROVIDERS');
    expect(
      identityProblems({ SPID_ISSUER: 'https://a.example', SPID_CLIENT_ID: 'c', OIDC_PROVIDERS: JSON.stringify([{ id: 'spid', issuer: 'https://b.example', clientId: 'c' }]) }),
    ).toContain('configured twice');
    expect(identityProblems({ OIDC_PRIVATE_JWK: '{"kty":"RSA","n":"x","e":"AQAB"}' })).toContain('private RSA or EC key');
  });

  it('production refuses the test provider and requires a real provider and a private key', () => {
    const missing = productionProblems({});
    expect(missing).not.toContain('TEST_IDP');
    expect(missing).toContain('an identity provider');
    expect(missing).toContain('OIDC_PRIVATE_JWK');
    expect(productionProblems({ TEST_IDP_ENABLED: true })).toContain('TEST_IDP_ENABLED must be false');
  });

  it('production accepts real providers over https with a key, and never enables the test provider by default', async () => {
    const jwk = await generatePrivateJwk();
    const env = { SPID_ISSUER: 'https://spid.example.it', SPID_CLIENT_ID: 'https://sportello.comune.example.it', OIDC_PRIVATE_JWK: JSON.stringify({ keys: [jwk] }) };
    const { config, problems } = identityConfig({ ...PRODUCTION, ...env });
    expect(problems).toEqual([]);
    expect(config.testIdp.enabled).toBe(false);
    expect(config.privateJwks).toHaveLength(1);
    expect(productionProblems({ ...env, SPID_ISSUER: 'http://spid.example.it' })).toContain('must use https');
  });

  it('a configuration with neither a provider nor the test provider is refused', () => {
    expect(identityProblems({ TEST_IDP_ENABLED: 'false' })).toContain('no identity provider');
  });
});
