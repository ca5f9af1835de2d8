// The identification number of a marca da bollo (the revenue stamp bought at a tobacconist's),
// which a person types in to show the stamp duty was paid and that the stamp is not reused.
//
// Why 16 digits: the issue that asked for this field specifies a "16-digit serial", and the
// team chose to follow it. Beware that the "identificativo" printed on the stamps sold today
// (contrassegno telematico) is reported to have 14 digits; if applicants cannot enter real
// stamps, change MARCA_DA_BOLLO_DIGITS (one place: messages and labels read it).
export const MARCA_DA_BOLLO_DIGITS = 16;

export function normalizeMarcaDaBolloSerial(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

export function isValidMarcaDaBolloSerial(input: string): boolean {
  return new RegExp(`^\\d{${MARCA_DA_BOLLO_DIGITS}}$`).test(normalizeMarcaDaBolloSerial(input));
}
