// The settings of the API for back-office systems and its webhooks (docs/api.md), read from the
// environment keys that src/config.ts parses and describes.
export interface ApiConfig {
  readonly tokenTtlSeconds: number;
  readonly secretGraceHours: number;
  readonly defaultRateLimit: number;
  readonly webhooksPollSeconds: number;
  readonly webhooksTimeoutMs: number;
  readonly webhooksAllowPrivate: boolean;
}

export interface ApiEnv {
  NODE_ENV: string;
  API_TOKEN_TTL_SECONDS: number;
  API_SECRET_GRACE_HOURS: number;
  API_RATE_LIMIT_PER_MINUTE: number;
  WEBHOOKS_POLL_SECONDS?: number | undefined;
  WEBHOOKS_TIMEOUT_MS: number;
  WEBHOOKS_ALLOW_PRIVATE_ADDRESSES?: boolean | undefined;
}

/** The API for back-office systems and its webhooks (src/api, docs/api.md). */
export function apiConfig(env: ApiEnv): ApiConfig {
  return Object.freeze({
    tokenTtlSeconds: env.API_TOKEN_TTL_SECONDS,
    secretGraceHours: env.API_SECRET_GRACE_HOURS,
    defaultRateLimit: env.API_RATE_LIMIT_PER_MINUTE,
    webhooksPollSeconds: env.WEBHOOKS_POLL_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 10),
    webhooksTimeoutMs: env.WEBHOOKS_TIMEOUT_MS,
    // outside production private addresses are allowed (a receiver on the same machine)
    webhooksAllowPrivate: env.NODE_ENV !== 'production' || (env.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES ?? false),
  });
}
