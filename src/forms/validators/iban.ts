// The IBAN (ISO 13616): country code, two check digits verified with mod 97 (ISO 7064), and
// for Italian accounts the national layout (27 characters: CIN letter, ABI, CAB, account).

/** Uppercase, without spaces or dashes: people copy it from a bank statement in groups of 4. */
export function normalizeIban(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Groups of four characters, as printed on a statement. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

const GENERIC_IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
export const ITALIAN_IBAN = /^IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}$/;

/** ISO 7064 mod 97-10 over the rearranged IBAN; valid when the remainder is 1. */
export function ibanChecksumIsValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : char; // A = 10 ... Z = 35
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export type IbanProblem = 'format' | 'italianLength' | 'check';

/** Why a (normalised) IBAN is not valid, or null when it is. */
export function ibanProblem(iban: string): IbanProblem | null {
  if (iban.startsWith('IT')) {
    if (iban.length !== 27) return 'italianLength';
    if (!ITALIAN_IBAN.test(iban)) return 'format';
  } else if (!GENERIC_IBAN.test(iban)) {
    return 'format';
  }
  return ibanChecksumIsValid(iban) ? null : 'check';
}

export function isValidIban(input: string): boolean {
  return ibanProblem(normalizeIban(input)) === null;
}
