// The CAP (codice di avviamento postale), the Italian postcode: exactly five digits.

export function normalizeCap(input: string): string {
  return input.replace(/\s+/g, '');
}

export function isValidCap(input: string): boolean {
  return /^\d{5}$/.test(normalizeCap(input));
}
