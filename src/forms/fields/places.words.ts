// The words of the comune and street field types, in both languages (kept beside them rather
// than in ../messages.ts so that these types stay one unit).
import type { Locale } from '../messages.ts';

const it = {
  comuneRequired: 'Indica il comune per «{label}»',
  comuneUnknown: '«{label}»: «{typed}» non è un comune italiano. Scrivi il nome come nell’elenco ISTAT, ad esempio «Piacenza» o «Piacenza (PC)»',
  comuneAmbiguous: '«{label}»: ci sono più comuni di nome {name}. Aggiungi la provincia tra parentesi: {choices}',
  comuneWrongProvince: '«{label}»: in provincia di {province} non c’è un comune di nome {name}. Forse intendevi: {choices}',
  comuneHint: 'Scrivi il nome del comune; se più comuni hanno lo stesso nome, aggiungi la sigla della provincia, ad esempio «Castro (LE)».',
  streetRequired: 'Indica la via o piazza',
  streetUnknown: '«{typed}» non è nello stradario del comune. Controlla come è scritta o scegli tra i suggerimenti, ad esempio «Via Roma»',
  streetAmbiguous: 'Più vie corrispondono a «{typed}»: scrivi la denominazione completa, ad esempio {choices}',
  streetTooLong: 'La via può avere al massimo {max} caratteri',
  houseNumberRequired: 'Inserisci il numero civico',
  houseNumberInvalid: 'Inserisci il numero civico come 12, 12/A oppure snc se non c’è',
  houseNumberAbsent: 'In {street} non esiste il civico {number}. I civici di questa via sono: {ranges}',
  rangeOdd: 'dispari',
  rangeEven: 'pari',
  rangeUp: 'dal {from} in su',
  streetLabel: 'Via o piazza',
  houseNumberLabel: 'Numero civico',
  streetFreeText: 'Scrivi la via per intero, ad esempio «Via Roma». (Lo stradario del comune non è ancora disponibile.)',
  streetWithList: 'Scegli la via dallo stradario del comune: puoi scrivere anche abbreviato, ad esempio «V. Roma».',
  streetSummary: '{street} {number}',
} as const;

export type PlacesWord = keyof typeof it;

const en: Record<PlacesWord, string> = {
  comuneRequired: 'Enter the comune for "{label}"',
  comuneUnknown: '"{label}": "{typed}" is not an Italian comune. Write its name as in the ISTAT list, for example "Piacenza" or "Piacenza (PC)"',
  comuneAmbiguous: '"{label}": more than one comune is called {name}. Add the province in brackets: {choices}',
  comuneWrongProvince: '"{label}": there is no comune called {name} in the province {province}. Did you mean: {choices}',
  comuneHint: 'Write the name of the comune; where several comuni share a name, add the province code, for example "Castro (LE)".',
  streetRequired: 'Enter the street',
  streetUnknown: '"{typed}" is not in the comune’s street list. Check the spelling or pick one of the suggestions, for example "Via Roma"',
  streetAmbiguous: 'Several streets match "{typed}": write the full name, for example {choices}',
  streetTooLong: 'The street can be {max} characters at most',
  houseNumberRequired: 'Enter the house number',
  houseNumberInvalid: 'Enter the house number like 12, 12/A, or snc if there is none',
  houseNumberAbsent: '{street} has no house number {number}. The numbers of this street are: {ranges}',
  rangeOdd: 'odd',
  rangeEven: 'even',
  rangeUp: 'from {from} up',
  streetLabel: 'Street',
  houseNumberLabel: 'House number',
  streetFreeText: 'Write the full street name, for example "Via Roma". (The comune’s street list is not available yet.)',
  streetWithList: 'Pick the street from the comune’s street list: abbreviations work too, for example "V. Roma".',
  streetSummary: '{street} {number}',
};

const words: Record<Locale, Record<PlacesWord, string>> = { it, en };

export function say(locale: Locale, key: PlacesWord, params: Record<string, string | number> = {}): string {
  return words[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
