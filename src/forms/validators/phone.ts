// A telephone number as people write it: Italian (06 1234567, 333 1234567) or international
// (+39 333 1234567, 0039 ...). Stored compact: digits with a leading "+" when international.

/** Without spaces, dots, dashes, slashes and brackets; "00" as international prefix becomes "+". */
export function normalizePhone(input: string): string {
  const compact = input.replace(/[\s.\-/()]+/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/** E.164 allows at most 15 digits; the shortest Italian numbers (landlines) have 6. */
export function isValidPhone(input: string): boolean {
  return /^\+?\d{6,15}$/.test(normalizePhone(input));
}
