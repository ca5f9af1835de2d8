// The bundled test federation, FOR TESTING ONLY (refused in production): on the test provider's
// listener, two trust anchors (one for SPID, one for CIE, as the real federations have) and one
// OpenID provider under each, so that the whole SPID/CIE OpenID federation runs on one machine.
//
//   /ta/spid, /ta/cie   trust anchors: entity configuration, fetch endpoint (subordinate
//                       statements with a metadata policy and trust marks), list endpoint
//   /op/spid, /op/cie   OpenID providers (oidc-provider, the test people's login page), each with
//                       its entity configuration, authority_hints to its anchor, and automatic
//                       registration: an unknown client_id that is an entity id is accepted once
//                       its trust chain to the anchor resolves.
// The portal is a subordinate of both anchors, with the federation keys it was started with.

import { generateKeyPair } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import nunjucks from 'nunjucks';
import type Provider from 'oidc-provider';
import {
  ENTITY_STATEMENT_CONTENT_TYPE,
  normalizeEntityId,
  signStatement,
  TRUST_MARK_TYPE,
  WELL_KNOWN_FEDERATION,
  type Jwks,
} from '../federation/entity-statement.ts';
import { TrustChainResolver } from '../federation/trust-chain.ts';
import { generatePrivateJwk, loadKeyRing, type KeyRing, type PublicJwk } from '../keys.ts';
import { VIEWS_DIR } from '../../platform/views.ts';
import { createProvider, listen, requestHandler, type IdpContext, type TestIdp, type TestIdpOptions } from './test-idp.ts';

export type FederationKind = 'spid' | 'cie';

export interface TestFederationOptions extends Omit<TestIdpOptions, 'clients' | 'clientAuth' | 'portalJwks'> {
  portal: { entityId: string; federationJwks: { keys: PublicJwk[] } };
  /** The statements' lifetime in seconds (default a day). */
  lifetimeSeconds?: number;
}

export interface TestFederation extends TestIdp {
  readonly anchors: readonly { kind: FederationKind; entityId: string; jwks: Jwks }[];
  readonly providers: readonly { kind: FederationKind; entityId: string; id: string }[];
  /** The trust marks the anchors issued to an entity. */
  trustMarksFor(entityId: string): Promise<{ id: string; trust_mark: string }[]>;
}

const KINDS: readonly FederationKind[] = ['spid', 'cie'];
const NAMES: Record<FederationKind, { anchor: string; provider: string }> = {
  spid: { anchor: 'Trust anchor SPID di prova', provider: 'SPID di prova (Sportello)' },
  cie: { anchor: 'Trust anchor CIE di prova', provider: 'CIE di prova (Sportello)' },
};

/** What each anchor imposes: the SPID/CIE rules' choices (private_key_jwt, PKCE S256, the code flow). */
const POLICY = {
  openid_provider: {
    token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt'], essential: true },
    code_challenge_methods_supported: { subset_of: ['S256'], essential: true },
    response_types_supported: { subset_of: ['code'] },
  },
  openid_relying_party: {
    token_endpoint_auth_method: { one_of: ['private_key_jwt'], essential: true },
    response_types: { subset_of: ['code'] },
    grant_types: { subset_of: ['authorization_code', 'refresh_token'] },
    client_registration_types: { subset_of: ['automatic'], essential: true },
  },
};

const CLIENT_MEMBERS = [
  'client_id', 'client_name', 'redirect_uris', 'response_types', 'token_endpoint_auth_method', 'jwks', 'id_token_signed_response_alg',
  'userinfo_signed_response_alg', 'userinfo_encrypted_response_alg', 'userinfo_encrypted_response_enc', 'application_type',
];

interface Entity {
  entityId: string;
  keys: KeyRing;
}

/** A federation key on P-256 (ES256): quick to make, and the test federation makes several at each start. */
async function federationKeys(): Promise<KeyRing> {
  const { privateKey } = await new Promise<{ privateKey: import('node:crypto').KeyObject }>((resolve, reject) =>
    generateKeyPair('ec', { namedCurve: 'P-256' }, (error, _publicKey, key) => (error ? reject(error) : resolve({ privateKey: key }))),
  );
  return loadKeyRing([privateKey.export({ format: 'jwk' }) as Record<string, unknown>]);
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

type TestProvider = Entity & { provider: Provider; ctx: IdpContext; signingJwk: Record<string, unknown>; metadata?: Record<string, unknown> };

/** One OpenID provider of the federation: oidc-provider under /op/<kind>, registering clients by their trust chain. */
async function createTestProvider(
  kind: FederationKind,
  input: { options: TestFederationOptions; origin: string; templates: nunjucks.Environment; anchor: Entity },
): Promise<TestProvider> {
  const { options, origin, anchor } = input;
  const [federation, signing] = await Promise.all([federationKeys(), generatePrivateJwk()]);
  const base: Entity = { entityId: `${origin}/op/${kind}`, keys: federation };
  // automatic registration: the client's metadata comes from its trust chain to this anchor
  const resolver = new TrustChainResolver({ anchors: [{ entityId: anchor.entityId, jwks: anchor.keys.jwks as Jwks }], now: () => new Date() });
  const findClient = async (clientId: string) => {
    if (!/^https?:\/\//.test(clientId)) return undefined;
    try {
      const resolved = await resolver.resolve(clientId, 'openid_relying_party');
      const metadata = Object.fromEntries(CLIENT_MEMBERS.filter((m) => resolved.metadata[m] !== undefined).map((m) => [m, resolved.metadata[m]]));
      return { ...metadata, client_id: clientId, grant_types: ['authorization_code'] };
    } catch {
      return undefined;
    }
  };
  const ctx: IdpContext = {
    options: { ...options, clients: [], clientAuth: 'private_key_jwt', portalJwks: { keys: [] } },
    issuer: base.entityId,
    assets: options.assetsBaseUrl ?? `${origin}/op/${kind}/assets`,
    templates: input.templates,
    secrets: new Map(),
    kinds: new Map(),
    logins: new Map(),
    mount: { path: `/op/${kind}`, kind, findClient, name: NAMES[kind].provider },
  };
  const signingJwk = { ...signing, kid: `test-${kind}-op-signing`, alg: 'RS256', use: 'sig' };
  return { ...base, provider: await createProvider(ctx, signingJwk), ctx, signingJwk };
}

/** A trust mark the anchor signs for a subordinate (public administration's relying party, or provider). */
async function issueTrustMark(anchor: Entity, sub: string, role: string, lifetime: number): Promise<{ id: string; trust_mark: string }> {
  const id = `${anchor.entityId}/${role}/public/`;
  const iat = Math.floor(Date.now() / 1000);
  const jwt = await signStatement({ iss: anchor.entityId, sub, trust_mark_id: id, id, iat, exp: iat + lifetime, organization_type: 'public' }, anchor.keys.signing, TRUST_MARK_TYPE);
  return { id, trust_mark: jwt };
}

/** The provider's metadata: its own discovery document, its keys inline, as the federation wants. */
async function providerMetadata(op: TestProvider): Promise<Record<string, unknown>> {
  if (!op.metadata) {
    const discovery = (await (await fetch(`${op.entityId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const { kty, n, e, kid, alg, use } = op.signingJwk;
    op.metadata = { ...discovery, jwks: { keys: [{ kty, n, e, kid, alg, use }] }, client_registration_types_supported: ['automatic'], request_authentication_methods_supported: { authorization_endpoint: ['request_object'] } };
  }
  return op.metadata;
}

export async function startTestFederation(options: TestFederationOptions): Promise<TestFederation> {
  if (options.env === 'production' || process.env.NODE_ENV === 'production') {
    throw new Error('The bundled test federation refuses to run in production (NODE_ENV=production).');
  }
  const lifetime = options.lifetimeSeconds ?? 86_400;
  const server = createServer();
  const port = await listen(server, options.port, options.host);
  const origin = options.publicUrl ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  const iat = () => Math.floor(Date.now() / 1000);

  const anchors = new Map<FederationKind, Entity>();
  const ops = new Map<FederationKind, TestProvider>();
  for (const kind of KINDS) anchors.set(kind, { entityId: `${origin}/ta/${kind}`, keys: await federationKeys() });
  const portalId = normalizeEntityId(options.portal.entityId);
  const subordinateKeys = (kind: FederationKind, sub: string): Jwks | undefined => {
    if (sub === portalId) return options.portal.federationJwks as Jwks;
    const op = ops.get(kind);
    return op && op.entityId === sub ? (op.keys.jwks as Jwks) : undefined;
  };

  const trustMark = (kind: FederationKind, sub: string) => issueTrustMark(anchors.get(kind)!, sub, sub === portalId ? 'openid_relying_party' : 'openid_provider', lifetime);

  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: options.env === 'development' }), { autoescape: true });
  let revocations = 0;
  const created = await Promise.all(KINDS.map((kind) => createTestProvider(kind, { options, origin, templates, anchor: anchors.get(kind)! })));
  for (const [i, op] of created.entries()) {
    op.provider.on('access_token.destroyed', () => {
      revocations += 1;
    });
    ops.set(KINDS[i]!, op);
  }

  const handlers = new Map([...ops].map(([kind, op]) => [kind, requestHandler(op.ctx, op.provider)]));

  async function anchorRoute(kind: FederationKind, rest: string, url: URL, res: ServerResponse) {
    const anchor = anchors.get(kind)!;
    if (rest === WELL_KNOWN_FEDERATION) {
      const jwt = await signStatement({
        iss: anchor.entityId, sub: anchor.entityId, iat: iat(), exp: iat() + lifetime, jwks: anchor.keys.jwks,
        metadata: {
          federation_entity: {
            organization_name: NAMES[kind].anchor,
            homepage_uri: origin,
            federation_fetch_endpoint: `${anchor.entityId}/fetch`,
            federation_list_endpoint: `${anchor.entityId}/list`,
          },
        },
      }, anchor.keys.signing);
      return send(res, 200, ENTITY_STATEMENT_CONTENT_TYPE, jwt);
    }
    if (rest === '/fetch') {
      const sub = normalizeEntityId(url.searchParams.get('sub') ?? '');
      const keys = subordinateKeys(kind, sub);
      if (!keys) return send(res, 404, 'application/json', JSON.stringify({ error: 'not_found', error_description: 'not a subordinate of this anchor' }));
      const jwt = await signStatement({
        iss: anchor.entityId, sub, iat: iat(), exp: iat() + lifetime, jwks: keys, metadata_policy: POLICY, trust_marks: [await trustMark(kind, sub)],
      }, anchor.keys.signing);
      return send(res, 200, ENTITY_STATEMENT_CONTENT_TYPE, jwt);
    }
    if (rest === '/list') {
      const type = url.searchParams.get('entity_type');
      const list = [...(type && type !== 'openid_provider' ? [] : [ops.get(kind)!.entityId]), ...(type && type !== 'openid_relying_party' ? [] : [portalId])];
      return send(res, 200, 'application/json', JSON.stringify(list));
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  async function providerRoute(kind: FederationKind, rest: string, search: string, req: IncomingMessage, res: ServerResponse) {
    const op = ops.get(kind)!;
    if (rest === WELL_KNOWN_FEDERATION) {
      const jwt = await signStatement({
        iss: op.entityId, sub: op.entityId, iat: iat(), exp: iat() + lifetime, jwks: op.keys.jwks,
        authority_hints: [anchors.get(kind)!.entityId],
        trust_marks: [await trustMark(kind, op.entityId)],
        metadata: {
          openid_provider: await providerMetadata(op),
          federation_entity: { organization_name: NAMES[kind].provider, homepage_uri: origin, contacts: ['test-idp@example.invalid'] },
        },
      }, op.keys.signing);
      return send(res, 200, ENTITY_STATEMENT_CONTENT_TYPE, jwt);
    }
    // oidc-provider under a path: it reads its mount path from originalUrl
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = `${rest || '/'}${search}`;
    return handlers.get(kind)!(req, res);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    const match = /^\/(ta|op)\/(spid|cie)(\/.*)?$/.exec(url.pathname);
    const work = !match
      ? url.pathname === '/' ? send(res, 200, 'text/plain; charset=utf-8', `Test SPID/CIE federation (NOT FOR PRODUCTION)\n${[...anchors.values(), ...ops.values()].map((e) => e.entityId).join('\n')}\n`) : send(res, 404, 'text/plain; charset=utf-8', 'Not found')
      : match[1] === 'ta'
        ? anchorRoute(match[2] as FederationKind, match[3] ?? '', url, res)
        : providerRoute(match[2] as FederationKind, match[3] ?? '', url.search, req, res);
    Promise.resolve(work).catch(() => {
      if (res.headersSent) return res.destroy();
      send(res, 500, 'text/plain; charset=utf-8', 'test federation error');
    });
  });

  return {
    issuer: origin,
    port,
    clientSecret: () => null,
    get revocations() {
      return revocations;
    },
    anchors: KINDS.map((kind) => ({ kind, entityId: anchors.get(kind)!.entityId, jwks: anchors.get(kind)!.keys.jwks as Jwks })),
    providers: KINDS.map((kind) => ({ kind, entityId: ops.get(kind)!.entityId, id: `test-${kind}` })),
    trustMarksFor: (entityId) => Promise.all(KINDS.map((kind) => trustMark(kind, normalizeEntityId(entityId)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

