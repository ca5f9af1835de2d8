// The company roles settings (COMPANY_REGISTRY and the PDND keys, listed with the others in
// src/config.ts and .env.example): which company register the portal asks, for how long an
// answer is reused, and how it reaches the register through PDND. Production refuses the
// stand-in, and PDND needs every key of its client.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type RegistryKind = 'stand-in' | 'pdnd' | 'none';

export interface CompaniesConfig {
  /** stand-in: the local test register (never in production); pdnd: the national register; none: not asked */
  readonly registry: RegistryKind;
  /** pdnd: the e-service's base URL; stand-in: a stand-in running elsewhere (unset: started in process) */
  readonly registryUrl: string | null;
  /** how long an answer of the register is reused */
  readonly cacheSeconds: number;
  readonly timeoutMs: number;
  /** port of the in-process stand-in (0: any free port) */
  readonly standInPort: number;
  readonly pdnd: {
    readonly voucherUrl: string;
    readonly audience: string;
    readonly clientId: string;
    readonly keyId: string;
    readonly purposeId: string;
    readonly privateKeyPem: string;
  } | null;
}

export interface CompaniesEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  COMPANY_REGISTRY?: RegistryKind | undefined;
  COMPANY_REGISTRY_URL?: string | undefined;
  COMPANY_REGISTRY_CACHE_SECONDS: number;
  COMPANY_REGISTRY_TIMEOUT_MS: number;
  DEV_COMPANY_REGISTRY_PORT?: number | undefined;
  PDND_VOUCHER_URL?: string | undefined;
  PDND_AUDIENCE: string;
  PDND_CLIENT_ID?: string | undefined;
  PDND_KEY_ID?: string | undefined;
  PDND_PURPOSE_ID?: string | undefined;
  PDND_PRIVATE_KEY?: string | undefined;
  PDND_PRIVATE_KEY_FILE?: string | undefined;
}

/** The client's private key, from the variable (newlines may be written \n) or the file. */
export function privateKeyFrom(env: Pick<CompaniesEnv, 'PDND_PRIVATE_KEY' | 'PDND_PRIVATE_KEY_FILE'>, problems: string[]): string | null {
  let pem = env.PDND_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (!pem && env.PDND_PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(env.PDND_PRIVATE_KEY_FILE, 'utf8');
    } catch {
      problems.push(`PDND_PRIVATE_KEY_FILE: cannot read ${env.PDND_PRIVATE_KEY_FILE}`);
      return null;
    }
  }
  if (!pem) return null;
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    problems.push('PDND_PRIVATE_KEY must be an RSA private key in PEM (the pair of the public key uploaded to the PDND client)');
    return null;
  }
  return pem;
}

export function companiesConfig(env: CompaniesEnv): { config: CompaniesConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const registry = env.COMPANY_REGISTRY ?? (production ? 'none' : 'stand-in');
  if (production && registry === 'stand-in') problems.push('COMPANY_REGISTRY=pdnd or none (the company register stand-in is for testing only)');

  let pdnd: CompaniesConfig['pdnd'] = null;
  if (registry === 'pdnd') {
    const missing: string[] = (['PDND_VOUCHER_URL', 'PDND_CLIENT_ID', 'PDND_KEY_ID', 'PDND_PURPOSE_ID', 'COMPANY_REGISTRY_URL'] as const).filter((key) => !env[key]);
    const privateKeyPem = privateKeyFrom(env, problems);
    if (!env.PDND_PRIVATE_KEY_FILE && !env.PDND_PRIVATE_KEY) missing.push('PDND_PRIVATE_KEY or PDND_PRIVATE_KEY_FILE');
    if (missing.length > 0) problems.push(`COMPANY_REGISTRY=pdnd needs ${missing.join(', ')}`);
    if (privateKeyPem && missing.length === 0) {
      pdnd = Object.freeze({
        voucherUrl: env.PDND_VOUCHER_URL!,
        audience: env.PDND_AUDIENCE,
        clientId: env.PDND_CLIENT_ID!,
        keyId: env.PDND_KEY_ID!,
        purposeId: env.PDND_PURPOSE_ID!,
        privateKeyPem,
      });
    }
  }
  return {
    problems,
    config: Object.freeze({
      registry,
      registryUrl: env.COMPANY_REGISTRY_URL ? env.COMPANY_REGISTRY_URL.replace(/\/$/, '') : null,
      cacheSeconds: env.COMPANY_REGISTRY_CACHE_SECONDS,
      timeoutMs: env.COMPANY_REGISTRY_TIMEOUT_MS,
      standInPort: env.DEV_COMPANY_REGISTRY_PORT ?? (env.NODE_ENV === 'test' ? 0 : 2590),
      pdnd,
    }),
  };
}
