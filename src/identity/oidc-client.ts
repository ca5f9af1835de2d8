// The portal as an OpenID Connect relying party of one provider (openid-client): discovery,
// the authorization request (code + PKCE S256, state, nonce, acr_values, claims, optionally
// as a signed request object), the code exchange with the ID token checks, userinfo, and token
// revocation at logout. One instance per configured provider.
import * as client from 'openid-client';
import { claimsRequest } from './claims.ts';
import type { OidcProviderSettings } from './identity.config.ts';
import type { KeyRing } from './keys.ts';
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

export class RelyingParty {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcProviderSettings,
    private readonly keys: KeyRing,
    private readonly redirectUri: string,
  ) {}

  private get signingKey() {
    return { key: this.keys.signing.privateKey as CryptoKey, kid: this.keys.signing.kid };
  }

  /** The provider's metadata, fetched once (and again after a failure). */
  configuration(): Promise<client.Configuration> {
    this.#configuration ??= this.discover().catch((error: unknown) => {
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
