// The identification number of a marca da bollo (the revenue stamp bought at a tobacconist's),
// which a person types in to show the stamp duty was paid and that the stamp is not reused.
//
// Why 14 digits: since 2007 the stamp sold is the "contrassegno telematico", printed on the spot
// by the tobacconist's terminal; its "identificativo" (under the bar code) is 14 digits, with the
// date and time of issue beside it (docs/fields.md). The earlier 16-digit "serial" this field
// asked for is not printed on any stamp a person can buy, so it is no longer accepted.
export const MARCA_DA_BOLLO_DIGITS = 14;

export function normalizeMarcaDaBolloSerial(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

export function isValidMarcaDaBolloSerial(input: string): boolean {
  return new RegExp(`^\\d{${MARCA_DA_BOLLO_DIGITS}}$`).test(normalizeMarcaDaBolloSerial(input));
}
