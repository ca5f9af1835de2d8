// Entity statements of the OpenID federation (OpenID Federation 1.0, profiled by the SPID/CIE
// OIDC technical rules): signed JWTs of type entity-statement+jwt. An entity configuration is
// the statement an entity makes about itself (iss = sub, at /.well-known/openid-federation); a
// subordinate statement is what a superior says about it (its keys, a metadata policy), served
// by the superior's fetch endpoint. This module signs, verifies and fetches them.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWK } from 'jose';
import type { SigningKey } from '../keys.ts';

export const ENTITY_STATEMENT_TYPE = 'entity-statement+jwt';
export const ENTITY_STATEMENT_CONTENT_TYPE = 'application/entity-statement+jwt';
export const TRUST_MARK_TYPE = 'trust-mark+jwt';
export const WELL_KNOWN_FEDERATION = '/.well-known/openid-federation';

export type Jwks = { keys: JWK[] };
export type MetadataPolicy = Record<string, Record<string, Record<string, unknown>>>;

export interface EntityStatement {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  jwks: Jwks;
  authority_hints?: string[];
  metadata?: Record<string, Record<string, unknown>>;
  metadata_policy?: MetadataPolicy;
  trust_marks?: { id: string; trust_mark: string }[];
  [claim: string]: unknown;
}

/** A statement refused: a bad signature, an expired one, a chain that leads nowhere. */
export class FederationError extends Error {
  override name = 'FederationError';
}

/** Entity ids are compared without a trailing slash (the rules write them both ways). */
export function normalizeEntityId(id: string): string {
  return id.replace(/\/+$/, '');
}

export function entityConfigurationUrl(entityId: string): string {
  return `${normalizeEntityId(entityId)}${WELL_KNOWN_FEDERATION}`;
}

export async function signStatement(payload: Record<string, unknown>, key: SigningKey, typ = ENTITY_STATEMENT_TYPE): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
}

/** The payload without checking anything: to learn which keys to check it with. */
export function peekStatement(jwt: string): EntityStatement {
  try {
    decodeProtectedHeader(jwt);
    return decodeJwt(jwt) as EntityStatement;
  } catch {
    throw new FederationError('not a JWT');
  }
}

function hasKeys(jwks: unknown): jwks is Jwks {
  return !!jwks && typeof jwks === 'object' && Array.isArray((jwks as Jwks).keys) && (jwks as Jwks).keys.length > 0;
}

/**
 * The statement checked with the given keys: signature (asymmetric algorithms only), typ, iat
 * and exp against `now`, and the iss/sub expected. Any failure is a FederationError.
 */
export async function verifyStatement(
  jwt: string,
  jwks: Jwks,
  expect: { iss?: string; sub?: string; now: Date; typ?: string },
): Promise<EntityStatement> {
  if (!hasKeys(jwks)) throw new FederationError('no keys to check the statement with');
  let payload: EntityStatement;
  try {
    const verified = await jwtVerify(jwt, createLocalJWKSet(jwks), {
      typ: expect.typ ?? ENTITY_STATEMENT_TYPE,
      currentDate: expect.now,
      algorithms: ['RS256', 'RS512', 'PS256', 'PS512', 'ES256', 'ES384', 'ES512'],
      requiredClaims: ['iss', 'sub', 'iat', 'exp'],
      clockTolerance: 30,
    });
    payload = verified.payload as EntityStatement;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    throw new FederationError(code === 'ERR_JWT_EXPIRED' ? 'statement expired' : `statement refused (${code ?? (cause as Error).message})`);
  }
  if (expect.iss && normalizeEntityId(payload.iss) !== normalizeEntityId(expect.iss)) throw new FederationError(`statement issued by ${payload.iss}, expected ${expect.iss}`);
  if (expect.sub && normalizeEntityId(payload.sub) !== normalizeEntityId(expect.sub)) throw new FederationError(`statement about ${payload.sub}, expected ${expect.sub}`);
  if ((expect.typ ?? ENTITY_STATEMENT_TYPE) === ENTITY_STATEMENT_TYPE && !hasKeys(payload.jwks)) throw new FederationError('statement without jwks');
  return payload;
}

export type Fetcher = (url: string) => Promise<Response>;

export const httpFetcher: Fetcher = (url) => fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000), headers: { accept: `${ENTITY_STATEMENT_CONTENT_TYPE}, application/json` } });

/** GET a statement (or a JSON list): 200 and a sensible size, else a FederationError. */
export async function fetchText(fetcher: Fetcher, url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (cause) {
    throw new FederationError(`cannot reach ${url}: ${(cause as Error).message}`);
  }
  const body = await response.text();
  if (response.status !== 200) throw new FederationError(`${url} answered ${response.status}`);
  if (body.length > 200_000) throw new FederationError(`${url}: answer too large`);
  return body.trim();
}

/** An entity's configuration, self-signed (checked against its own keys here). */
export async function fetchEntityConfiguration(fetcher: Fetcher, entityId: string, now: Date): Promise<{ jwt: string; statement: EntityStatement }> {
  const jwt = await fetchText(fetcher, entityConfigurationUrl(entityId));
  const unverified = peekStatement(jwt);
  const statement = await verifyStatement(jwt, unverified.jwks, { iss: entityId, sub: entityId, now });
  return { jwt, statement };
}

/** What a superior says about a subordinate, from its federation_fetch_endpoint, checked with the superior's keys. */
export async function fetchSubordinateStatement(
  fetcher: Fetcher,
  superior: EntityStatement,
  subject: string,
  now: Date,
  superiorKeys: Jwks = superior.jwks,
): Promise<EntityStatement> {
  const endpoint = superior.metadata?.federation_entity?.federation_fetch_endpoint;
  if (typeof endpoint !== 'string') throw new FederationError(`${superior.sub} has no federation_fetch_endpoint`);
  const url = new URL(endpoint);
  url.searchParams.set('sub', subject);
  const jwt = await fetchText(fetcher, url.toString());
  return verifyStatement(jwt, superiorKeys, { iss: superior.sub, sub: subject, now });
}

/** The entity ids a superior lists (federation_list_endpoint), optionally of one entity type. */
export async function fetchSubordinateList(fetcher: Fetcher, superior: EntityStatement, entityType?: string): Promise<string[]> {
  const endpoint = superior.metadata?.federation_entity?.federation_list_endpoint;
  if (typeof endpoint !== 'string') throw new FederationError(`${superior.sub} has no federation_list_endpoint`);
  const url = new URL(endpoint);
  if (entityType) url.searchParams.set('entity_type', entityType);
  let list: unknown;
  try {
    list = JSON.parse(await fetchText(fetcher, url.toString()));
  } catch (cause) {
    if (cause instanceof FederationError) throw cause;
    throw new FederationError(`${url.toString()}: not a JSON list`);
  }
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string')) throw new FederationError(`${url.toString()}: not a list of entity ids`);
  return list as string[];
}
