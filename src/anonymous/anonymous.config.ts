// The settings of filing without login (listed with the others in src/config.ts and
// .env.example; docs/anonymous.md explains the defaults): the abuse limits per e-mail address
// and per network, the proof of work's difficulty, and how long a confirmation link lives.
export interface AnonymousConfig {
  /** pending or confirmed filings one address may make in an hour and in a day */
  readonly perAddressHour: number;
  readonly perAddressDay: number;
  /** the same per network (IPv4 /24, IPv6 /56); halved for filings proved by the text question */
  readonly perNetworkHour: number;
  readonly perNetworkDay: number;
  /** leading zero bits of SHA-256 the browser must find (16: about a second or two on a phone) */
  readonly powBits: number;
  /** how long a challenge may be answered */
  readonly challengeMinutes: number;
  /** how long the confirmation link mailed to the person works */
  readonly confirmHours: number;
}

export interface AnonymousEnv {
  ANONYMOUS_LIMIT_ADDRESS_HOUR: number;
  ANONYMOUS_LIMIT_ADDRESS_DAY: number;
  ANONYMOUS_LIMIT_NETWORK_HOUR: number;
  ANONYMOUS_LIMIT_NETWORK_DAY: number;
  ANONYMOUS_POW_BITS: number;
  ANONYMOUS_CONFIRM_HOURS: number;
}

export function anonymousConfig(env: AnonymousEnv): AnonymousConfig {
  return Object.freeze({
    perAddressHour: env.ANONYMOUS_LIMIT_ADDRESS_HOUR,
    perAddressDay: env.ANONYMOUS_LIMIT_ADDRESS_DAY,
    perNetworkHour: env.ANONYMOUS_LIMIT_NETWORK_HOUR,
    perNetworkDay: env.ANONYMOUS_LIMIT_NETWORK_DAY,
    powBits: env.ANONYMOUS_POW_BITS,
    challengeMinutes: 30,
    confirmHours: env.ANONYMOUS_CONFIRM_HOURS,
  });
}
