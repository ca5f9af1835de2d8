// SPID (and CIE) assurance levels: 1 (password), 2 (two factors), 3 (smart card or CIE). A
// procedure names the lowest level it accepts; the provider says in the ID token's `acr` at
// which level it authenticated the person, which may be higher than asked but never lower.

export type SpidLevel = 1 | 2 | 3;
export const SPID_LEVELS: readonly SpidLevel[] = [1, 2, 3];
export const DEFAULT_LEVEL: SpidLevel = 2;
/** Staff areas need at least this level, whatever the person's roles. */
export const STAFF_MIN_LEVEL: SpidLevel = 2;

export function acrForLevel(level: SpidLevel): string {
  return `https://www.spid.gov.it/SpidL${level}`;
}

/** The level an `acr` value stands for; null for anything else. */
export function levelFromAcr(acr: unknown): SpidLevel | null {
  if (typeof acr !== 'string') return null;
  const match = /^https:\/\/www\.spid\.gov\.it\/SpidL([123])$/.exec(acr.trim());
  return match ? (Number(match[1]) as SpidLevel) : null;
}

/** The acr value standing for each level at one provider: SPID's URIs unless configured. */
export type AcrValues = Readonly<Record<SpidLevel, string>>;
export const SPID_ACR_VALUES: AcrValues = Object.freeze({ 1: acrForLevel(1), 2: acrForLevel(2), 3: acrForLevel(3) });

/**
 * The level whose acr value the provider sent (the lowest, when a provider uses one value for
 * several levels: never more than it proved); null when none matches.
 */
export function levelFromProviderAcr(acr: unknown, values: AcrValues): SpidLevel | null {
  if (typeof acr !== 'string') return null;
  for (const level of [1, 2, 3] as const) if (values[level] === acr.trim()) return level;
  return null;
}
