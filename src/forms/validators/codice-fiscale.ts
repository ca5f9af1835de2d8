// The codice fiscale of a natural person (16 characters): format, omocodia and the check
// character, as set by DM 23/12/1976 (see docs/specs/fiscal-codes.md). Only validity is decided here;
// nothing is extracted (birth date, sex, place), because the portal must not infer personal data.

/** Positions 7,8,10,11,13,14,15 may hold a digit or its omocodia letter (L..V). */
export const CODICE_FISCALE_PATTERN =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

// Value of each character in an odd position (1st, 3rd, ... 15th); digits share the values of
// the letters in the same place of the alphabet (0 = A, 1 = B, ...).
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function ordinal(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65; // '0'..'9' -> 0..9, 'A'..'Z' -> 0..25
}

/** Uppercase, without spaces: how people paste it from a card or a document. */
export function normalizeCodiceFiscale(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** The check character of the first 15 characters (already in the right format). */
export function codiceFiscaleCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const value = ordinal(first15.charAt(i));
    // i is 0-based: i = 0 is position 1, an odd position
    sum += i % 2 === 0 ? (ODD_VALUES[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

export type CodiceFiscaleProblem = 'format' | 'check';

/** Why a (normalised) codice fiscale is not valid, or null when it is. */
export function codiceFiscaleProblem(cf: string): CodiceFiscaleProblem | null {
  if (!CODICE_FISCALE_PATTERN.test(cf)) return 'format';
  return codiceFiscaleCheckChar(cf.slice(0, 15)) === cf.charAt(15) ? null : 'check';
}

export function isValidCodiceFiscale(input: string): boolean {
  return codiceFiscaleProblem(normalizeCodiceFiscale(input)) === null;
}
