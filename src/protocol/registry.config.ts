// The protocol registry settings (PROTOCOL_REGISTRY and its keys, listed with the others in
// src/config.ts and .env.example): which register numbers the filings, and how the portal
// reaches an external one. The built-in register is the default in production and tests, the
// stand-in in development (`npm start`); production refuses the stand-in and needs the URL and a
// signing key for an external registry.
export type RegistryKind = 'built-in' | 'external' | 'stand-in';

export interface ProtocolRegistryConfig {
  /** built-in: the portal's own gapless register; external: the comune's system; stand-in: the local one (never in production) */
  readonly kind: RegistryKind;
  /** external: the registry's base URL; stand-in: one running elsewhere (unset: started in process) */
  readonly url: string | null;
  readonly auth: { readonly bearer: string } | { readonly user: string; readonly password: string } | null;
  readonly timeoutMs: number;
  /** how often the queue is worked */
  readonly pollMs: number;
  /** the first retry's wait; it doubles up to an hour */
  readonly backoffMs: number;
  /** CodiceRegistro of the portal's messages (their stable Identificatore) */
  readonly senderRegister: string;
  readonly classification: { readonly code: string; readonly name: string };
  readonly signingKey: string;
  /** port of the in-process stand-in (0: any free port) */
  readonly standInPort: number;
}

export interface ProtocolRegistryEnv {
  NODE_ENV: 'development' | 'production' | 'test';
  PROTOCOL_REGISTRY?: RegistryKind | undefined;
  PROTOCOL_REGISTRY_URL?: string | undefined;
  PROTOCOL_REGISTRY_TOKEN?: string | undefined;
  PROTOCOL_REGISTRY_USER?: string | undefined;
  PROTOCOL_REGISTRY_PASSWORD?: string | undefined;
  PROTOCOL_REGISTRY_TIMEOUT_MS: number;
  PROTOCOL_REGISTRY_POLL_MS: number;
  PROTOCOL_REGISTRY_BACKOFF_MS: number;
  PROTOCOL_REGISTRY_SENDER_REGISTER: string;
  PROTOCOL_REGISTRY_CLASSIFICATION: string;
  PROTOCOL_REGISTRY_CLASSIFICATION_NAME: string;
  PROTOCOL_REGISTRY_SIGNING_KEY?: string | undefined;
  DEV_PROTOCOL_PORT?: number | undefined;
}

const DEVELOPMENT_SIGNING_KEY = 'sportello-development-segnatura-key';

export function protocolRegistryConfig(env: ProtocolRegistryEnv): { config: ProtocolRegistryConfig; problems: string[] } {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  // `npm start` in development runs the whole chain locally, the stand-in registry included, as it
  // runs the test identity provider and the payment sandbox; tests and production number in the
  // built-in register unless told otherwise
  const chosen: RegistryKind = env.PROTOCOL_REGISTRY ?? (env.NODE_ENV === 'development' ? 'stand-in' : 'built-in');
  if (production && chosen === 'stand-in') problems.push('PROTOCOL_REGISTRY=stand-in (set external or built-in)');
  if (chosen === 'external' && !env.PROTOCOL_REGISTRY_URL && production) problems.push('PROTOCOL_REGISTRY_URL (PROTOCOL_REGISTRY=external)');
  if (chosen === 'external' && production && !env.PROTOCOL_REGISTRY_SIGNING_KEY) problems.push('PROTOCOL_REGISTRY_SIGNING_KEY (PROTOCOL_REGISTRY=external)');
  if (env.PROTOCOL_REGISTRY_USER && !env.PROTOCOL_REGISTRY_PASSWORD) problems.push('PROTOCOL_REGISTRY_PASSWORD (with PROTOCOL_REGISTRY_USER)');
  // external without a URL outside production: the stand-in plays the registry
  const kind: RegistryKind = chosen === 'external' && !env.PROTOCOL_REGISTRY_URL && !production ? 'stand-in' : chosen;
  const auth = env.PROTOCOL_REGISTRY_TOKEN
    ? { bearer: env.PROTOCOL_REGISTRY_TOKEN }
    : env.PROTOCOL_REGISTRY_USER
      ? { user: env.PROTOCOL_REGISTRY_USER, password: env.PROTOCOL_REGISTRY_PASSWORD ?? '' }
      : null;
  return {
    problems,
    config: Object.freeze({
      kind,
      url: env.PROTOCOL_REGISTRY_URL?.replace(/\/$/, '') ?? null,
      auth,
      timeoutMs: env.PROTOCOL_REGISTRY_TIMEOUT_MS,
      pollMs: env.PROTOCOL_REGISTRY_POLL_MS,
      backoffMs: env.PROTOCOL_REGISTRY_BACKOFF_MS,
      senderRegister: env.PROTOCOL_REGISTRY_SENDER_REGISTER,
      classification: Object.freeze({ code: env.PROTOCOL_REGISTRY_CLASSIFICATION, name: env.PROTOCOL_REGISTRY_CLASSIFICATION_NAME }),
      signingKey: env.PROTOCOL_REGISTRY_SIGNING_KEY ?? DEVELOPMENT_SIGNING_KEY,
      standInPort: env.DEV_PROTOCOL_PORT ?? (env.NODE_ENV === 'test' ? 0 : 2610),
    }),
  };
}
