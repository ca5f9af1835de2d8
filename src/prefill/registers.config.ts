// The registers' settings (REGISTERS, ANPR_*, INPS_ISEE_* and the PDND client's keys shared with
// the company register, listed with the others in src/config.ts and .env.example): which
// registers the portal asks to prefill forms, how long a call may take, and each e-service's
// URL and purpose through PDND. Production refuses the stand-in; PDND needs every key.
import { privateKeyFrom, type CompaniesEnv } from '../representation/companies.config.ts';

export type RegistersKind = 'stand-in' | 'pdnd' | 'none';

export interface RegistersConfig {
  /** stand-in: the local test registers (never in production); pdnd: ANPR and INPS; none: identity data only */
  readonly kind: RegistersKind;
  readonly timeoutMs: number;
  /** port of the in-process stand-in (0: any free port) */
  readonly standInPort: number;
  readonly pdnd: { readonly voucherUrl: string; readonly audience: string; readonly clientId: string; readonly keyId: string; readonly privateKeyPem: string } | null;
  readonly anpr: { readonly url: string; readonly purposeId: string } | null;
  readonly inps: { readonly url: string; readonly purposeId: string } | null;
}

export interface RegistersEnv extends Pick<CompaniesEnv, 'NODE_ENV' | 'PDND_VOUCHER_URL' | 'PDND_AUDIENCE' | 'PDND_CLIENT_ID' | 'PDND_KEY_ID' | 'PDND_PRIVATE_KEY' | 'PDND_PRIVATE_KEY_FILE'> {
  REGISTERS?: RegistersKind | undefined;
  REGISTERS_TIMEOUT_MS: number;
  DEV_REGISTERS_PORT?: number | undefined;
  ANPR_URL?: string | undefined;
  ANPR_PURPOSE_ID?: string | undefined;
  INPS_ISEE_URL?: string | undefined;
  INPS_ISEE_PURPOSE_ID?: string | undefined;
}

export function registersConfig(env: RegistersEnv): { config: RegistersConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const kind = env.REGISTERS ?? (production ? 'none' : 'stand-in');
  if (production && kind === 'stand-in') problems.push('REGISTERS=pdnd or none (the registers stand-in is for testing only)');
  let pdnd: RegistersConfig['pdnd'] = null;
  let anpr: RegistersConfig['anpr'] = null;
  let inps: RegistersConfig['inps'] = null;
  if (kind === 'pdnd') {
    const missing: string[] = (['PDND_VOUCHER_URL', 'PDND_CLIENT_ID', 'PDND_KEY_ID', 'ANPR_URL', 'ANPR_PURPOSE_ID', 'INPS_ISEE_URL', 'INPS_ISEE_PURPOSE_ID'] as const).filter((key) => !env[key]);
    if (!env.PDND_PRIVATE_KEY_FILE && !env.PDND_PRIVATE_KEY) missing.push('PDND_PRIVATE_KEY or PDND_PRIVATE_KEY_FILE');
    const privateKeyPem = privateKeyFrom(env, problems);
    if (missing.length > 0) problems.push(`REGISTERS=pdnd needs ${missing.join(', ')}`);
    if (privateKeyPem && missing.length === 0) {
      pdnd = Object.freeze({ voucherUrl: env.PDND_VOUCHER_URL!, audience: env.PDND_AUDIENCE, clientId: env.PDND_CLIENT_ID!, keyId: env.PDND_KEY_ID!, privateKeyPem });
      anpr = Object.freeze({ url: env.ANPR_URL!.replace(/\/$/, ''), purposeId: env.ANPR_PURPOSE_ID! });
      inps = Object.freeze({ url: env.INPS_ISEE_URL!.replace(/\/$/, ''), purposeId: env.INPS_ISEE_PURPOSE_ID! });
    }
  }
  return {
    problems,
    config: Object.freeze({ kind, timeoutMs: env.REGISTERS_TIMEOUT_MS, standInPort: env.DEV_REGISTERS_PORT ?? (env.NODE_ENV === 'test' ? 0 : 2640), pdnd, anpr, inps }),
  };
}
