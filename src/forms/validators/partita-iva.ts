// The partita IVA (Italian VAT number): 11 digits, the last one a Luhn-style check digit
// (see docs/specs/fiscal-codes.md).

/** Without spaces and without the "IT" prefix of the EU VAT number. */
export function normalizePartitaIva(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase().replace(/^IT(?=\d{11}$)/, '');
}

/** The check digit of the first 10 digits. */
export function partitaIvaCheckDigit(first10: string): number {
  let total = 0;
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      total += digit; // positions 1,3,5,7,9
    } else {
      const doubled = digit * 2; // positions 2,4,6,8,10
      total += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (total % 10)) % 10;
}

export type PartitaIvaProblem = 'format' | 'check';

export function partitaIvaProblem(piva: string): PartitaIvaProblem | null {
  if (!/^\d{11}$/.test(piva)) return 'format';
  // all zeros passes the arithmetic but is never issued
  if (/^0{11}$/.test(piva)) return 'check';
  return partitaIvaCheckDigit(piva.slice(0, 10)) === piva.charCodeAt(10) - 48 ? null : 'check';
}

export function isValidPartitaIva(input: string): boolean {
  return partitaIvaProblem(normalizePartitaIva(input)) === null;
}
