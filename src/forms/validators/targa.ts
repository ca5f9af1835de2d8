// Italian vehicle number plates (targhe), in the formats issued today and those still on the
// road (docs/fields.md lists them with their sources):
//   car, van, lorry, trailer (since 1994)   AA 000 AA   letters without I, O, Q, U
//   motorcycle (since 1999)                 AA 00000    same letters
//   moped, "ciclomotore" (since 2006)       6 letters and digits (the "targa personale")
//   moped, before 2006                      5 letters and digits (the old "contrassegno")
// Older provincial plates (MI 123456, RM A12345...), special series (EE, CD, army, police) and
// foreign plates are not accepted: a procedure that needs them uses a text field.
export type PlateKind = 'auto' | 'moto' | 'ciclomotore';

const LETTER = '[A-HJ-NPR-TV-Z]';
const FORMATS: Array<[PlateKind, RegExp]> = [
  ['auto', new RegExp(`^${LETTER}{2}\\d{3}${LETTER}{2}$`)],
  ['moto', new RegExp(`^${LETTER}{2}\\d{5}$`)],
  // a moped's plate mixes letters and digits
  ['ciclomotore', /^(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{5,6}$/],
];

/** Upper case, without spaces, dashes or dots. */
export function normalizeTarga(input: string): string {
  return input.replace(/[\s.-]+/g, '').toUpperCase();
}

/** The kind of plate, or null when it is none of the formats above. */
export function targaKind(input: string): PlateKind | null {
  const plate = normalizeTarga(input);
  return FORMATS.find(([, format]) => format.test(plate))?.[0] ?? null;
}

export function isValidTarga(input: string): boolean {
  return targaKind(input) !== null;
}

/** As printed: AB 123 CD, AB 12345; a moped's as it is. */
export function formatTarga(plate: string): string {
  const kind = targaKind(plate);
  if (kind === 'auto') return `${plate.slice(0, 2)} ${plate.slice(2, 5)} ${plate.slice(5)}`;
  if (kind === 'moto') return `${plate.slice(0, 2)} ${plate.slice(2)}`;
  return plate;
}
