// Trust chains over real HTTP: a small federation (anchor, intermediate, providers) served by a
// local server from statements signed on each request, and the resolver's answers: a chain that
// resolves with the policies applied, and each refusal (a broken signature, an expired
// statement, an anchor not trusted, a provider the anchor does not know, a policy violated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTITY_STATEMENT_CONTENT_TYPE, signStatement, TRUST_MARK_TYPE, type Jwks } from '../../../../src/identity/federation/entity-statement.ts';
import { TrustChainResolver } from '../../../../src/identity/federation/trust-chain.ts';
import { generatePrivateJwk, loadKeyRing, type KeyRing } from '../../../../src/identity/keys.ts';

let server: Server;
let origin: string;
let clock = Date.now();
const requests: string[] = [];
const keys: Record<string, KeyRing> = {};
const ids = (name: string) => `${origin}/${name}`;
const seconds = () => Math.floor(clock / 1000);

const OP_METADATA = {
  issuer: '',
  authorization_endpoint: 'https://op/auth',
  token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
  id_token_signing_alg_values_supported: ['RS256'],
};

/** Who says what about whom: the superior of each entity, and the tweaks of the refusal cases. */
const SUPERIOR: Record<string, string> = { im: 'ta', op: 'im', 'op-direct': 'ta', 'op-broken': 'im', 'op-expired': 'im', 'op-hs': 'ta', 'op-unlisted': 'ta', stranger: 'fake-ta' };
const KNOWN_BY: Record<string, string[]> = { ta: ['im', 'op-direct', 'op-hs'], im: ['op', 'op-broken', 'op-expired'], 'fake-ta': ['stranger'] };

async function entityConfiguration(name: string): Promise<string> {
  const superior = SUPERIOR[name];
  const isAuthority = name in KNOWN_BY;
  const metadata: Record<string, unknown> = isAuthority
    ? { federation_entity: { organization_name: name, federation_fetch_endpoint: `${ids(name)}/fetch`, federation_list_endpoint: `${ids(name)}/list` } }
    : {
        federation_entity: { organization_name: `Provider ${name}` },
        openid_provider: { ...OP_METADATA, issuer: ids(name), ...(name === 'op-hs' ? { id_token_signing_alg_values_supported: ['HS256'] } : {}) },
      };
  const trustMarks = name === 'op-direct'
    ? [{ id: `${ids('ta')}/openid_provider/public/`, trust_mark: await signStatement({ iss: ids('ta'), sub: ids(name), id: `${ids('ta')}/openid_provider/public/`, iat: seconds(), exp: seconds() + 3600 }, keys.ta!.signing, TRUST_MARK_TYPE) }]
    : undefined;
  return signStatement({
    iss: ids(name), sub: ids(name), iat: seconds(), exp: seconds() + 86_400, jwks: keys[name]!.jwks,
    ...(superior ? { authority_hints: [ids(superior)] } : {}), metadata, ...(trustMarks ? { trust_marks: trustMarks } : {}),
  }, keys[name]!.signing);
}

async function subordinateStatement(issuer: string, sub: string): Promise<string | null> {
  const name = sub.slice(origin.length + 1);
  if (!KNOWN_BY[issuer]!.includes(name)) return null;
  const policy = issuer === 'ta'
    ? { openid_provider: { token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt'] }, id_token_signing_alg_values_supported: { subset_of: ['RS256', 'ES256'] } } }
    : { openid_provider: { contacts: { add: ['federation@example.it'] } } };
  const exp = seconds() + (name === 'op-expired' ? -60 : name === 'op' ? 3600 : 86_400);
  // a statement signed with a key that is not the issuer's
  const signer = name === 'op-broken' ? keys.stranger! : keys[issuer]!;
  return signStatement({ iss: ids(issuer), sub, iat: seconds() - 120, exp, jwks: keys[name]!.jwks, metadata_policy: policy }, signer.signing);
}

beforeAll(async () => {
  for (const name of ['ta', 'im', 'op', 'op-direct', 'op-broken', 'op-expired', 'op-hs', 'op-unlisted', 'stranger', 'fake-ta']) keys[name] = await loadKeyRing([await generatePrivateJwk()]);
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname);
    const [, name, ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const answer = async (): Promise<[number, string, string]> => {
      if (path === '/.well-known/openid-federation' && keys[name!]) return [200, ENTITY_STATEMENT_CONTENT_TYPE, await entityConfiguration(name!)];
      if (path === '/fetch' && KNOWN_BY[name!]) {
        const jwt = await subordinateStatement(name!, url.searchParams.get('sub') ?? '');
        return jwt ? [200, ENTITY_STATEMENT_CONTENT_TYPE, jwt] : [404, 'application/json', '{"error":"not_found"}'];
      }
      if (path === '/list' && KNOWN_BY[name!]) return [200, 'application/json', JSON.stringify(KNOWN_BY[name!]!.map(ids))];
      return [404, 'text/plain', 'not found'];
    };
    void answer().then(([status, type, body]) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  clock = Date.now();
  requests.length = 0;
});

const resolver = (anchorKeys?: Jwks) => new TrustChainResolver({ anchors: [{ entityId: ids('ta'), jwks: anchorKeys ?? (keys.ta!.jwks as Jwks) }], now: () => new Date(clock) });

describe('a trust chain that resolves', () => {
  it('goes from the provider through the intermediate to the pinned anchor and applies both policies', async () => {
    const resolved = await resolver().resolve(ids('op'), 'openid_provider');
    expect(resolved.path).toEqual([ids('op'), ids('im'), ids('ta')]);
    expect(resolved.trustAnchor).toBe(ids('ta'));
    expect(resolved.metadata.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
    expect(resolved.metadata.contacts).toEqual(['federation@example.it']);
    expect(resolved.federationEntity.organization_name).toBe('Provider op');
    // the intermediate's statement about the provider lives an hour: the earliest expiry
    expect(resolved.expiresAt).toBe((seconds() + 3600) * 1000);
  });

  it("keeps the trust marks the anchor signed", async () => {
    const resolved = await resolver().resolve(ids('op-direct'), 'openid_provider');
    expect(resolved.trustMarks).toEqual([`${ids('ta')}/openid_provider/public/`]);
  });

  it('lists the subordinates the anchor lists', async () => {
    expect(await resolver().listSubordinates(ids('ta'), 'openid_provider')).toContain(ids('op-direct'));
  });
});

describe('refusals', () => {
  it('refuses a subordinate statement with a broken signature', async () => {
    await expect(resolver().resolve(ids('op-broken'), 'openid_provider')).rejects.toThrow(/statement refused/);
  });

  it('refuses an expired statement', async () => {
    await expect(resolver().resolve(ids('op-expired'), 'openid_provider')).rejects.toThrow(/expired/);
  });

  it('refuses a provider whose chain leads to an anchor not configured', async () => {
    await expect(resolver().resolve(ids('stranger'), 'openid_provider')).rejects.toThrow(/no authority hint|not/);
  });

  it('refuses a provider the anchor does not know', async () => {
    await expect(resolver().resolve(ids('op-unlisted'), 'openid_provider')).rejects.toThrow(/404/);
  });

  it('refuses metadata the policy forbids', async () => {
    await expect(resolver().resolve(ids('op-hs'), 'openid_provider')).rejects.toThrow(/id_token_signing_alg_values_supported/);
  });

  it('refuses an anchor whose keys are not the pinned ones', async () => {
    await expect(resolver(keys.stranger!.jwks as Jwks).resolve(ids('op-direct'), 'openid_provider')).rejects.toThrow(/statement refused/);
  });
});

describe('the cache', () => {
  it('answers from memory until the earliest expiry in the chain, then resolves again', async () => {
    const chains = resolver();
    await chains.resolve(ids('op'), 'openid_provider');
    const fetched = requests.length;
    expect(fetched).toBeGreaterThan(0);
    clock += 3500_000;
    await chains.resolve(ids('op'), 'openid_provider');
    expect(requests.length).toBe(fetched);
    clock += 200_000;
    await chains.resolve(ids('op'), 'openid_provider');
    expect(requests.length).toBe(2 * fetched);
  });
});
