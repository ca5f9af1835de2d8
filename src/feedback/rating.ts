// The rating itself, pure: the stars (1-5), the reasons a person may pick after them (positive
// ones for 4-5 stars, negative ones for 1-3, as the Designers Italia "valuta il servizio"
// pattern asks), the page kind a vote counts under (a route's pattern, never a filing's id or a
// person's path), the safe way back to the page rated, and the rule that hides small counts.

export const STARS = [1, 2, 3, 4, 5] as const;

/** Codes of the reasons; their texts are in feedback.messages.ts (`feedback.reason.<code>`). */
export const NEGATIVE_REASONS = ['unclear', 'incomplete', 'lost', 'technical', 'other'] as const;
export const POSITIVE_REASONS = ['clear', 'complete', 'confident', 'no-problems', 'other'] as const;
export type Reason = (typeof NEGATIVE_REASONS)[number] | (typeof POSITIVE_REASONS)[number];

export function isPositive(stars: number): boolean {
  return stars >= 4;
}

/** The reasons offered after `stars`: positive for 4-5, negative for 1-3. */
export function reasonsFor(stars: number): readonly Reason[] {
  return isPositive(stars) ? POSITIVE_REASONS : NEGATIVE_REASONS;
}

/** The key of a reason's text: "other" reads the same either way, the others have their own. */
export function reasonKey(stars: number, reason: string): string {
  return `feedback.reason.${isPositive(stars) ? 'positive' : 'negative'}.${reason}`;
}

// Route parameters whose values are public and help read the figures: a procedure's slug.
// Every other parameter (a filing's public id, a draft, a token) is kept as its name.
const PUBLIC_PARAMS = new Set(['slug']);

/**
 * The page kind a vote on a page counts under: the route's pattern (Fastify's
 * request.routeOptions.url), with only public parameters filled in. `/area-personale/richieste/
 * :publicId` stays as it is whoever's filing it was; `/servizi/:slug` becomes `/servizi/<slug>`.
 * Null when there is no route (a page not found): nothing to rate.
 */
export function pageKind(pattern: string | undefined, params: unknown): string | null {
  if (!pattern) return null;
  const values = params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => {
    const value = values[name];
    return PUBLIC_PARAMS.has(name) && typeof value === 'string' && /^[a-z0-9-]{1,100}$/.test(value) ? value : whole;
  });
}

/**
 * Whether `path` is a page of kind `kind`: the kind with its parameters as wildcards of one path
 * segment. The kind posted with a vote is checked against the page it came back from, so a
 * script cannot invent kinds to fill the table.
 */
export function kindMatches(kind: string, path: string): boolean {
  const pattern = kind
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`).test(path);
}

/**
 * A way back that stays on this portal: a local path (one leading slash, no backslash, no
 * scheme, no control characters) or null. Never an address elsewhere: an open redirect would
 * let a link on the comune's site send people to any site.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  try {
    const url = new URL(value, 'http://portal.invalid');
    if (url.origin !== 'http://portal.invalid') return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/** The path of a way back, without its query. */
export function pathOf(returnTo: string): string {
  return returnTo.split('?')[0]!;
}

/** Below this many, a count is shown as "fewer than 5" and no share is computed on it. */
export const SMALL_COUNT = 5;

export type Shown = { kind: 'small' } | { kind: 'count'; value: number };

/** A count as the public may see it: "fewer than 5" when it is small (but not zero). */
export function shownCount(count: number): Shown {
  return count > 0 && count < SMALL_COUNT ? { kind: 'small' } : { kind: 'count', value: count };
}

/** A share in whole percent, or null when its base is too small to say anything (or empty). */
export function shownShare(part: number, whole: number): number | null {
  return whole < SMALL_COUNT ? null : Math.round((part / whole) * 100);
}
