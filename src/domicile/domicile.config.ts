// The digital domicile settings (listed with the others in src/config.ts and .env.example):
// which registers the portal asks (INAD and INI-PEC through PDND, or the stand-in), how long an
// answer is reused, and the comune's PEC mailbox (SMTP to send, IMAP to read the receipts).
// Production refuses the stand-ins. The PDND client (PDND_* keys) is the one the company
// register uses; each e-service has its own purpose.
import { privateKeyFrom } from '../representation/companies.config.ts';

export type DomicileRegistryKind = 'stand-in' | 'pdnd' | 'none';

export interface DomicileConfig {
  readonly registry: DomicileRegistryKind;
  /** INAD's e-service base URL (…/rest/inad/v1/domiciliodigitale); stand-in: unset */
  readonly inadUrl: string | null;
  /** INI-PEC's e-service base URL; stand-in: unset */
  readonly iniPecUrl: string | null;
  /** the purposes (finalità) declared on PDND for each e-service */
  readonly inadPurposeId: string | null;
  readonly iniPecPurposeId: string | null;
  /** pdnd: the comune's PDND client */
  readonly pdnd: { readonly voucherUrl: string; readonly audience: string; readonly clientId: string; readonly keyId: string; readonly privateKeyPem: string } | null;
  readonly cacheSeconds: number;
  readonly timeoutMs: number;
  readonly standInPort: number;
  /** the comune's PEC mailbox; null: the stand-in provider (never in production) */
  readonly pec: { readonly smtpUrl: string; readonly imapUrl: string; readonly from: string } | null;
  readonly pecSmtpPort: number;
  readonly pecImapPort: number;
  /** how often the receipts are read from the mailbox (0: not in this process) */
  readonly receiptsPollSeconds: number;
}

export interface DomicileEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  DOMICILE_REGISTRY?: DomicileRegistryKind | undefined;
  INAD_URL?: string | undefined;
  INIPEC_URL?: string | undefined;
  INAD_PDND_PURPOSE_ID?: string | undefined;
  INIPEC_PDND_PURPOSE_ID?: string | undefined;
  DOMICILE_CACHE_SECONDS: number;
  DOMICILE_TIMEOUT_MS: number;
  DEV_DOMICILE_PORT?: number | undefined;
  PEC_SMTP_URL?: string | undefined;
  PEC_IMAP_URL?: string | undefined;
  PEC_FROM?: string | undefined;
  DEV_PEC_SMTP_PORT?: number | undefined;
  DEV_PEC_IMAP_PORT?: number | undefined;
  PEC_RECEIPTS_POLL_SECONDS?: number | undefined;
  PDND_VOUCHER_URL?: string | undefined;
  PDND_AUDIENCE: string;
  PDND_CLIENT_ID?: string | undefined;
  PDND_KEY_ID?: string | undefined;
  PDND_PRIVATE_KEY?: string | undefined;
  PDND_PRIVATE_KEY_FILE?: string | undefined;
}

export function domicileConfig(env: DomicileEnv): { config: DomicileConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const test = env.NODE_ENV === 'test';
  const registry = env.DOMICILE_REGISTRY ?? (production ? 'none' : 'stand-in');
  if (production && registry === 'stand-in') problems.push('DOMICILE_REGISTRY=pdnd or none (the INAD/INI-PEC stand-in is for testing only)');
  let pdnd: DomicileConfig['pdnd'] = null;
  if (registry === 'pdnd') {
    const missing: string[] = (['INAD_URL', 'INIPEC_URL', 'INAD_PDND_PURPOSE_ID', 'INIPEC_PDND_PURPOSE_ID', 'PDND_VOUCHER_URL', 'PDND_CLIENT_ID', 'PDND_KEY_ID'] as const).filter((key) => !env[key]);
    if (!env.PDND_PRIVATE_KEY && !env.PDND_PRIVATE_KEY_FILE) missing.push('PDND_PRIVATE_KEY or PDND_PRIVATE_KEY_FILE');
    const privateKeyPem = privateKeyFrom(env, problems);
    if (missing.length > 0) problems.push(`DOMICILE_REGISTRY=pdnd needs ${missing.join(', ')}`);
    else if (privateKeyPem) pdnd = Object.freeze({ voucherUrl: env.PDND_VOUCHER_URL!, audience: env.PDND_AUDIENCE, clientId: env.PDND_CLIENT_ID!, keyId: env.PDND_KEY_ID!, privateKeyPem });
  }
  const pecKeys = [env.PEC_SMTP_URL, env.PEC_IMAP_URL, env.PEC_FROM];
  if (pecKeys.some(Boolean) && !pecKeys.every(Boolean)) problems.push('PEC_SMTP_URL, PEC_IMAP_URL and PEC_FROM together');
  if (production && registry !== 'none' && !env.PEC_SMTP_URL) problems.push('PEC_SMTP_URL, PEC_IMAP_URL and PEC_FROM (the comune\'s PEC mailbox; the stand-in provider is for testing only)');
  const pec = env.PEC_SMTP_URL && env.PEC_IMAP_URL && env.PEC_FROM ? Object.freeze({ smtpUrl: env.PEC_SMTP_URL, imapUrl: env.PEC_IMAP_URL, from: env.PEC_FROM }) : null;
  return {
    problems,
    config: Object.freeze({
      registry,
      inadUrl: env.INAD_URL?.replace(/\/$/, '') ?? null,
      iniPecUrl: env.INIPEC_URL?.replace(/\/$/, '') ?? null,
      inadPurposeId: env.INAD_PDND_PURPOSE_ID ?? null,
      iniPecPurposeId: env.INIPEC_PDND_PURPOSE_ID ?? null,
      pdnd,
      cacheSeconds: env.DOMICILE_CACHE_SECONDS,
      timeoutMs: env.DOMICILE_TIMEOUT_MS,
      standInPort: env.DEV_DOMICILE_PORT ?? (test ? 0 : 2630),
      pec,
      pecSmtpPort: env.DEV_PEC_SMTP_PORT ?? (test ? 0 : 2625),
      pecImapPort: env.DEV_PEC_IMAP_PORT ?? (test ? 0 : 2643),
      receiptsPollSeconds: env.PEC_RECEIPTS_POLL_SECONDS ?? (test ? 0 : 60),
    }),
  };
}
