// The portal's own keys as an OpenID relying party: the private key that signs its client
// assertions (private_key_jwt) and request objects, and the public JWK set that providers
// fetch from /.well-known/jwks.json. From configuration in production; generated at start
// otherwise (the bundled test provider learns the public key at the same time).
import { createHash, generateKeyPair, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';

export type SigningAlg = 'RS256' | 'PS256' | 'ES256';

export interface PublicJwk {
  kty: string;
  kid: string;
  use: 'sig';
  alg: SigningAlg;
  [member: string]: unknown;
}

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: webcrypto.CryptoKey;
}

export interface KeyRing {
  /** The key that signs: the first one configured. */
  signing: SigningKey;
  /** All configured keys' public parts (a rotation publishes the next key before using it). */
  jwks: { keys: PublicJwk[] };
}

const PUBLIC_MEMBERS: Record<string, string[]> = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'] };

/** RFC 7638 thumbprint: the default key id. */
export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members = PUBLIC_MEMBERS[String(jwk.kty)] ?? [];
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function algFor(jwk: Record<string, unknown>): SigningAlg {
  if (jwk.kty === 'EC') {
    if (jwk.crv !== 'P-256') throw new Error('EC signing keys must use the P-256 curve (ES256)');
    return 'ES256';
  }
  return jwk.alg === 'PS256' ? 'PS256' : 'RS256';
}

function importParams(alg: SigningAlg): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  if (alg === 'ES256') return { name: 'ECDSA', namedCurve: 'P-256' };
  return { name: alg === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
}

function publicPart(jwk: Record<string, unknown>, kid: string, alg: SigningAlg): PublicJwk {
  const members = PUBLIC_MEMBERS[String(jwk.kty)] ?? [];
  return { ...Object.fromEntries(members.map((m) => [m, jwk[m]])), kty: String(jwk.kty), kid, use: 'sig', alg };
}

/** A fresh RSA key, as SPID relying parties use (RS256); generated off the event loop. */
export async function generatePrivateJwk(): Promise<Record<string, unknown>> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
}

export async function loadKeyRing(privateJwks: readonly Record<string, unknown>[] | null): Promise<KeyRing> {
  const jwks = privateJwks && privateJwks.length > 0 ? privateJwks : [await generatePrivateJwk()];
  const keys: PublicJwk[] = [];
  let signing: SigningKey | undefined;
  for (const jwk of jwks) {
    const alg = algFor(jwk);
    const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : jwkThumbprint(jwk);
    keys.push(publicPart(jwk, kid, alg));
    if (!signing) {
      const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = jwk;
      const privateKey = await webcrypto.subtle.importKey('jwk', material as webcrypto.JsonWebKey, importParams(alg), false, ['sign']);
      signing = { kid, alg, privateKey };
    }
  }
  return { signing: signing!, jwks: { keys } };
}

export interface EncryptionKey {
  kid: string;
  /** RSA-OAEP-256: the providers encrypt userinfo for this key (SPID/CIE federation). */
  privateKey: webcrypto.CryptoKey;
  jwk: { kty: string; kid: string; use: 'enc'; alg: 'RSA-OAEP-256'; [member: string]: unknown };
}

/** The key providers encrypt the userinfo response with: from configuration, or generated. */
export async function loadEncryptionKey(privateJwk: Record<string, unknown> | null): Promise<EncryptionKey> {
  const jwk = privateJwk ?? (await generatePrivateJwk());
  if (jwk.kty !== 'RSA') throw new Error('the encryption key must be an RSA key (RSA-OAEP-256)');
  const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : `enc-${jwkThumbprint(jwk)}`;
  const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = jwk;
  const privateKey = await webcrypto.subtle.importKey('jwk', material as webcrypto.JsonWebKey, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt', 'unwrapKey']);
  return { kid, privateKey, jwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, use: 'enc', alg: 'RSA-OAEP-256' } };
}
