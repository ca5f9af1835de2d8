// The portal as an OpenID Connect relying party of one provider (openid-client): discovery,
// the authorization request (code + PKCE S256, state, nonce, acr_values, claims, optionally
// as a signed request object), the code exchange with the ID token checks, userinfo, and token
// revocation at logout. One instance per configured provider.
import * as client from 'openid-client';
import { claimsRequest } from './claims.ts';
import type { OidcProviderSettings } from './identity.config.ts';
import type { EncryptionKey, KeyRing } from './keys.ts';
import type { TrustChainResolver } from './federation/trust-chain.ts';
import type { SpidLevel } from './levels.ts';

export interface AuthorizationParameters {
  state: string;
  nonce: string;
  codeVerifier: string;
  level: SpidLevel;
  locale: string;
}

export interface ExchangeChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface ExchangeResult {
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
  accessToken: string;
}

/** SPID and CIE want these in the query string too, besides the request object. */
const PLAIN_WITH_REQUEST_OBJECT = ['scope', 'response_type', 'code_challenge', 'code_challenge_method', 'redirect_uri'] as const;

/** What a relying party of the federation needs: the chains, the userinfo decryption key, the time. */
export interface FederationContext {
  resolver(): TrustChainResolver;
  encryptionKey(): EncryptionKey;
  now(): number;
}

export class RelyingParty {
  #configuration: Promise<client.Configuration> | undefined;
  /** A federation provider's metadata is valid until its chain's earliest expiry. */
  #validUntil = Infinity;

  constructor(
    readonly settings: OidcProviderSettings,
    private readonly keys: KeyRing,
    private readonly redirectUri: string,
    private readonly federation?: FederationContext,
  ) {}

  private get signingKey() {
    return { key: this.keys.signing.privateKey as CryptoKey, kid: this.keys.signing.kid };
  }

  /** The provider's metadata, fetched once (and again after a failure). */
  configuration(): Promise<client.Configuration> {
    if (this.federation && this.federation.now() >= this.#validUntil) this.#configuration = undefined;
    this.#configuration ??= (this.settings.federation ? this.fromTrustChain() : this.discover()).catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const { settings } = this;
    const authentication =
      settings.authMethod === 'client_secret_basic' && settings.test && settings.clientSecret
        ? client.ClientSecretBasic(settings.clientSecret)
        : client.PrivateKeyJwt(this.signingKey);
    const insecure = settings.test && settings.issuer.startsWith('http://');
    return client.discovery(
      new URL(settings.issuer),
      settings.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      authentication,
      { timeout: 10, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) },
    );
  }

  /**
   * A provider of the SPID/CIE federation: its metadata is what its trust chain resolves to (the
   * anchor's policies applied), never its own discovery document; its keys come inline from
   * there too. The portal is registered automatically: its client_id is its entity id.
   */
  private async fromTrustChain(): Promise<client.Configuration> {
    const { settings, federation } = this;
    if (!federation || !settings.federation) throw new Error('not a federation provider');
    const resolved = await federation.resolver().resolve(settings.issuer, 'openid_provider', settings.federation.trustAnchor);
    this.#validUntil = resolved.expiresAt;
    const metadata = resolved.metadata as client.ServerMetadata & { jwks?: { keys: unknown[] } };
    const configuration = new client.Configuration(
      metadata,
      settings.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'], id_token_signed_response_alg: 'RS256', userinfo_signed_response_alg: 'RS256' },
      client.PrivateKeyJwt(this.signingKey),
    );
    configuration.timeout = 10;
    if (settings.test && settings.issuer.startsWith('http://')) client.allowInsecureRequests(configuration);
    const inline = metadata.jwks;
    if (inline && metadata.jwks_uri) {
      const jwksUri = metadata.jwks_uri;
      configuration[client.customFetch] = (url, options) =>
        url === jwksUri ? Promise.resolve(new Response(JSON.stringify(inline), { headers: { 'content-type': 'application/json' } })) : fetch(url, options as RequestInit);
    }
    const encryption = federation.encryptionKey();
    client.enableDecryptingResponses(configuration, ['A128CBC-HS256', 'A256CBC-HS512'], { key: encryption.privateKey as CryptoKey, kid: encryption.kid });
    return configuration;
  }

  async authorizationUrl(parameters: AuthorizationParameters): Promise<URL> {
    const configuration = await this.configuration();
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.settings.scope,
      state: parameters.state,
      nonce: parameters.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(parameters.codeVerifier),
      code_challenge_method: 'S256',
      prompt: 'consent login',
      acr_values: this.settings.acrValues[parameters.level],
      claims: JSON.stringify(claimsRequest(this.settings.kind)),
      ui_locales: parameters.locale,
    };
    if (!this.settings.signedRequest) return client.buildAuthorizationUrl(configuration, params);
    const url = await client.buildAuthorizationUrlWithJAR(configuration, params, this.signingKey);
    for (const name of PLAIN_WITH_REQUEST_OBJECT) url.searchParams.set(name, params[name]!);
    return url;
  }

  /**
   * The authorization response at the callback, exchanged for tokens: openid-client checks the
   * state, the issuer, PKCE, and the ID token (signature, iss, aud, exp, nonce).
   */
  async exchange(callbackUrl: URL, checks: ExchangeChecks): Promise<ExchangeResult> {
    const configuration = await this.configuration();
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    if (!idToken) throw new Error('no ID token');
    const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    return { idToken: { ...idToken }, userinfo: { ...userinfo }, accessToken: tokens.access_token };
  }

  /** RFC 7009: the provider forgets the access token. */
  async revoke(accessToken: string): Promise<void> {
    await client.tokenRevocation(await this.configuration(), accessToken, { token_type_hint: 'access_token' });
  }

  /** RFC 7662, for diagnostics and tests: whether the provider still honours a token. */
  async introspect(token: string): Promise<{ active: boolean; [claim: string]: unknown }> {
    return client.tokenIntrospection(await this.configuration(), token);
  }
}
