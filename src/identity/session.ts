// The login session: what the sealed session cookie holds for identity (the login in
// progress, then the person), and the rules that end it: 30 minutes without use, 12 hours
// after login whatever happens (both configurable), checked on the server from timestamps kept
// in the session (ms since the epoch), against the injected clock.
import { randomInt } from 'node:crypto';
import type { SpidLevel } from './levels.ts';
import type { SessionIdentity } from './user.ts';

/** A login started here and not yet completed at the callback. */
export interface PendingLogin {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  level: SpidLevel;
  returnTo: string;
  startedAt: number;
}

declare module '@fastify/secure-session' {
  interface SessionData {
    identity: SessionIdentity;
    login: PendingLogin;
  }
}

/** A login not completed within this time must start again. */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;
/** seenAt is rewritten at most this often, so that not every request reseals the cookie. */
export const SEEN_AT_GRANULARITY_MS = 60 * 1000;

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

export type SessionStatus = 'active' | 'idle' | 'expired';

export function sessionStatus(identity: Pick<SessionIdentity, 'authenticatedAt' | 'seenAt'>, now: number, limits: SessionLimits): SessionStatus {
  if (!(now - identity.authenticatedAt < limits.maxHours * 3600_000)) return 'expired';
  if (!(now - identity.seenAt < limits.idleMinutes * 60_000)) return 'idle';
  return 'active';
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `state` and `nonce`: random, alphanumeric, 48 characters (SPID asks for at least 32). */
export function randomAlphanumeric(length = 48): string {
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length));
  return value;
}

/**
 * Where to go after login: only a local path starting with a single "/" (never another site,
 * never "//host" or "/\host"), and never back into the login pages.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // control characters and backslashes are how browsers get talked into another origin
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f || char === '\\')) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://portal.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://portal.invalid') return '/';
  if (url.pathname.startsWith('/auth/')) return '/';
  // the value returned is the normalised one ("/.//evil.example" becomes "//evil.example"), so
  // it is checked again: a browser reads a leading "//" as another host
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('//') ? '/' : path;
}
