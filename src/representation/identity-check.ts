// What the help desk checks of the person at the desk before acting for them: the codice fiscale
// (check character, and the birth date, sex and names it encodes), the birth date, and the
// identity document shown (the number's pattern for its type, an issuer, an expiry neither past
// nor absurdly far). Plausibility only: the operator looks at the document; this catches the
// typing mistakes. Pure: "today" is given by the caller.
import { isValidFiscalCode } from '../identity/fiscal-code.ts';
import { addDays, isCalendarDate } from '../platform/time.ts';
import type { IdentityDocument } from './acting.ts';

export const DOCUMENT_TYPES = ['carta-identita', 'cie', 'passaporto', 'patente'] as const satisfies readonly IdentityDocument['type'][];

/** The Italian documents' numbers, and an example of each for the error message. */
export const DOCUMENT_NUMBERS: Record<IdentityDocument['type'], { pattern: RegExp; example: string }> = {
  // paper identity card: two letters, seven digits
  'carta-identita': { pattern: /^[A-Z]{2}\d{7}$/, example: 'AU1234567' },
  // electronic identity card (CIE 3.0): two letters, five digits, two letters
  cie: { pattern: /^[A-Z]{2}\d{5}[A-Z]{2}$/, example: 'CA12345AB' },
  // passport: two letters, seven digits
  passaporto: { pattern: /^[A-Z]{2}\d{7}$/, example: 'YA1234567' },
  // driving licence: the province's two letters (or U1), seven characters, a letter
  patente: { pattern: /^(?:[A-Z]{2}\d{7}|U1[A-Z0-9]{7})[A-Z]$/, example: 'U1A12345BC' },
};

/** No Italian identity document lasts more than ten years (a CIE up to the birthday after them): a year more is allowed. */
export const MAX_DOCUMENT_YEARS = 11;
const MAX_AGE_YEARS = 120;

export interface PersonInput {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'M' | 'F';
  /** null when the form left every document field empty */
  document: IdentityDocument | null;
  /** the operator confirmed names that do not match the codice fiscale (as on the document) */
  namesConfirmed: boolean;
}

/** A refused input: the form field and the message key (with its parameters). */
export interface InputProblem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

// ---------------------------------------------------------------- what a codice fiscale says

const MONTHS = 'ABCDEHLMPRST';
// omocodia: a digit replaced by a letter when two people would have the same code
const OMOCODIA = 'LMNPQRSTUV';

function digit(char: string): number {
  const letter = OMOCODIA.indexOf(char);
  return letter >= 0 ? letter : Number(char);
}

function twoDigits(code: string, at: number): number {
  return digit(code.charAt(at)) * 10 + digit(code.charAt(at + 1));
}

/** Year (two digits), month, day and sex encoded in a well-formed codice fiscale. */
export function decodeFiscalCode(code: string): { year: number; month: number; day: number; sex: 'M' | 'F' } {
  const rawDay = twoDigits(code, 9);
  return { year: twoDigits(code, 6), month: MONTHS.indexOf(code.charAt(8)) + 1, day: rawDay > 40 ? rawDay - 40 : rawDay, sex: rawDay > 40 ? 'F' : 'M' };
}

/** The birth date a codice fiscale most likely means: the latest past date with its two-digit year. */
export function likelyBirthDate(code: string, today: string): string | null {
  const { year, month, day } = decodeFiscalCode(code);
  const pad = (n: number) => String(n).padStart(2, '0');
  const century = Number(today.slice(0, 2)) * 100;
  for (const base of [century, century - 100]) {
    const date = `${base + year}-${pad(month)}-${pad(day)}`;
    if (isCalendarDate(date) && date <= today) return date;
  }
  return null;
}

function plainLetters(text: string): string[] {
  return [
    ...text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z]/g, ''),
  ];
}

function threeLetters(text: string, givenName: boolean): string {
  const letters = plainLetters(text);
  const consonants = letters.filter((c) => !'AEIOU'.includes(c));
  const vowels = letters.filter((c) => 'AEIOU'.includes(c));
  // a given name with four consonants or more takes the first, third and fourth
  if (givenName && consonants.length >= 4) return `${consonants[0]}${consonants[2]}${consonants[3]}`;
  return [...consonants, ...vowels, 'X', 'X', 'X'].slice(0, 3).join('');
}

/** The first six characters a codice fiscale has for these names. */
export function namesCode(familyName: string, givenName: string): string {
  return `${threeLetters(familyName, false)}${threeLetters(givenName, true)}`;
}

// ---------------------------------------------------------------- the checks

function fiscalCodeProblems(input: PersonInput): InputProblem[] {
  if (!isValidFiscalCode(input.fiscalCode)) return [{ field: 'fiscalCode', key: 'helpDesk.error.fiscalCode' }];
  const problems: InputProblem[] = [];
  const encoded = decodeFiscalCode(input.fiscalCode);
  if (isCalendarDate(input.birthDate)) {
    const [year, month, day] = input.birthDate.split('-').map(Number) as [number, number, number];
    if (year % 100 !== encoded.year || month !== encoded.month || day !== encoded.day) problems.push({ field: 'birthDate', key: 'helpDesk.error.birthDateMismatch' });
  }
  if (input.sex !== encoded.sex) problems.push({ field: 'sex', key: 'helpDesk.error.sexMismatch' });
  if (!input.namesConfirmed && namesCode(input.familyName, input.givenName) !== input.fiscalCode.slice(0, 6)) {
    problems.push({ field: 'confirmNames', key: 'helpDesk.error.namesMismatch' });
  }
  return problems;
}

function birthDateProblems(birthDate: string, today: string): InputProblem[] {
  if (!isCalendarDate(birthDate)) return [{ field: 'birthDate', key: 'helpDesk.error.date' }];
  if (birthDate > today) return [{ field: 'birthDate', key: 'helpDesk.error.birthDateFuture' }];
  if (birthDate < addDays(today, -MAX_AGE_YEARS * 366)) return [{ field: 'birthDate', key: 'helpDesk.error.birthDatePast' }];
  return [];
}

/** The document's problems; `required` when the portal does not know the person. */
export function documentProblems(document: IdentityDocument | null, today: string, required: boolean): InputProblem[] {
  if (!document) return required ? [{ field: 'documentType', key: 'helpDesk.error.documentRequired' }] : [];
  const problems: InputProblem[] = [];
  const format = DOCUMENT_NUMBERS[document.type];
  if (!format.pattern.test(document.number)) problems.push({ field: 'documentNumber', key: `helpDesk.error.documentNumber.${document.type}`, params: { example: format.example } });
  if (document.issuer.length < 3) problems.push({ field: 'documentIssuer', key: 'helpDesk.error.documentIssuer' });
  if (!isCalendarDate(document.expiresOn)) problems.push({ field: 'documentExpiry', key: 'helpDesk.error.date' });
  else if (document.expiresOn < today) problems.push({ field: 'documentExpiry', key: 'helpDesk.error.documentExpired' });
  else if (document.expiresOn > addDays(today, MAX_DOCUMENT_YEARS * 366)) problems.push({ field: 'documentExpiry', key: 'helpDesk.error.documentExpiryFar', params: { years: MAX_DOCUMENT_YEARS } });
  return problems;
}

/** Everything wrong with the person's identity as typed, in the form's order; none when plausible. */
export function identityProblems(input: PersonInput, today: string, documentRequired: boolean): InputProblem[] {
  return [...fiscalCodeProblems(input), ...birthDateProblems(input.birthDate, today), ...documentProblems(input.document, today, documentRequired)];
}
