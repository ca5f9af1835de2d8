// The identifiers an identity provider hands over: a person's codice fiscale and a company's
// partita IVA, both prefixed by their country as SPID and CIE send them (`TINIT-<CF>`,
// `VATIT-<PIVA>`). Parsing checks the format and the check character (docs/specs/fiscal-codes.md), so
// that nothing malformed ever becomes the key of a person's data.

/** The shape of a natural person's codice fiscale (omocodia letters allowed), without the check character's test. */
export const CODICE_FISCALE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
// Value of a character in an odd position (1st, 3rd, ... 15th); a digit counts as the letter in
// the same place of the alphabet (0 = A, 1 = B, ...).
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function ordinal(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

export function fiscalCodeCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const value = ordinal(first15.charAt(i));
    sum += i % 2 === 0 ? (ODD_VALUES[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** A natural person's codice fiscale (16 characters, omocodia allowed, check character right). */
export function isValidFiscalCode(value: string): boolean {
  return CODICE_FISCALE.test(value) && fiscalCodeCheckChar(value.slice(0, 15)) === value.charAt(15);
}

export function vatCheckDigit(first10: string): number {
  let total = 0;
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48;
    const weighted = i % 2 === 0 ? digit : digit * 2;
    total += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (total % 10)) % 10;
}

/** A partita IVA: 11 digits with a valid check digit (all zeros is never issued). */
export function isValidVatNumber(value: string): boolean {
  return /^\d{11}$/.test(value) && !/^0{11}$/.test(value) && vatCheckDigit(value.slice(0, 10)) === value.charCodeAt(10) - 48;
}

/** A legal person's codice fiscale is 11 digits (most often equal to its partita IVA). */
export function isValidCompanyFiscalCode(value: string): boolean {
  return isValidVatNumber(value) || isValidFiscalCode(value);
}

/** Strips an ETSI-style prefix (`TINIT-`, `VATIT-`); bare values are accepted too. */
function withoutPrefix(value: string, prefix: 'TINIT' | 'VATIT'): string {
  const trimmed = value.trim().toUpperCase();
  if (trimmed.startsWith(`${prefix}-`)) return trimmed.slice(prefix.length + 1);
  // another country's identifier (e.g. TINDE-...) is not an Italian one
  if (/^(TIN|VAT)[A-Z]{2}-/.test(trimmed)) return '';
  return trimmed;
}

/** `TINIT-CSRGGL44L13H501E` -> `CSRGGL44L13H501E`; null when missing or not a valid codice fiscale. */
export function parseFiscalNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = withoutPrefix(value, 'TINIT');
  return isValidFiscalCode(code) ? code : null;
}

/** `TINIT-97735020584` (a company's codice fiscale) -> `97735020584`; null when not valid. */
export function parseCompanyFiscalNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = withoutPrefix(value, 'TINIT');
  return isValidCompanyFiscalCode(code) ? code : null;
}

/** `VATIT-97735020584` -> `97735020584`; null when not a valid partita IVA. */
export function parseVatNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = withoutPrefix(value, 'VATIT').replace(/^IT(?=\d{11}$)/, '');
  return isValidVatNumber(code) ? code : null;
}
