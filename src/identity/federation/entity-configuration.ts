// The portal's own entity configuration (/.well-known/openid-federation): who it is in the
// federation (iss = sub = its entity id, BASE_URL), its federation keys, its superiors
// (authority_hints), the trust marks it was given, and its metadata as an OpenID relying party
// (what a provider registers automatically, after its superiors' policies) and as a federation
// entity. The payload is built here (pure) and signed with the federation key, never with the
// OpenID Connect keys.
import type { JWK } from 'jose';
import type { PublicJwk } from '../keys.ts';

export interface PortalEntityInput {
  entityId: string;
  redirectUri: string;
  /** The federation keys (public): they sign the entity configuration. */
  federationJwks: { keys: PublicJwk[] };
  /** The OpenID Connect keys (public): signing (request objects, client assertions) and encryption (userinfo). */
  coreJwks: { keys: (PublicJwk | JWK)[] };
  authorityHints: readonly string[];
  trustMarks: readonly { id: string; trust_mark: string }[];
  organizationName: string;
  homepageUri: string;
  policyUri: string;
  contacts: readonly string[];
  /** Seconds the configuration is valid (how long others may cache it). */
  lifetimeSeconds: number;
  now: Date;
}

/** What the SPID/CIE rules ask of a relying party's metadata (the iGov profile of OpenID Connect). */
export function relyingPartyMetadata(input: Pick<PortalEntityInput, 'entityId' | 'redirectUri' | 'coreJwks' | 'organizationName' | 'contacts'>) {
  return {
    client_id: input.entityId,
    client_registration_types: ['automatic'],
    application_type: 'web',
    client_name: input.organizationName,
    contacts: [...input.contacts],
    redirect_uris: [input.redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    jwks: { keys: input.coreJwks.keys },
    token_endpoint_auth_method: 'private_key_jwt',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
    userinfo_encrypted_response_alg: 'RSA-OAEP-256',
    userinfo_encrypted_response_enc: 'A128CBC-HS256',
  };
}

export function portalEntityConfiguration(input: PortalEntityInput): Record<string, unknown> {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.entityId,
    sub: input.entityId,
    iat,
    exp: iat + input.lifetimeSeconds,
    jwks: { keys: input.federationJwks.keys },
    authority_hints: [...input.authorityHints],
    ...(input.trustMarks.length > 0 ? { trust_marks: input.trustMarks.map((m) => ({ id: m.id, trust_mark: m.trust_mark })) } : {}),
    metadata: {
      openid_relying_party: relyingPartyMetadata(input),
      federation_entity: {
        organization_name: input.organizationName,
        homepage_uri: input.homepageUri,
        policy_uri: input.policyUri,
        contacts: [...input.contacts],
      },
    },
  };
}
