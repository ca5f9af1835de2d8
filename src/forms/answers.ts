// The answers of a form as the engine stores them: plain JSON values keyed by field name,
// normalised (codice fiscale uppercase, IBAN without spaces, money in integer euro cents,
// dates as yyyy-mm-dd). This is what a draft and a submission keep.

/** A file already uploaded elsewhere; the form engine only keeps and checks references. */
export interface FileRef {
  id: string;
  name: string;
  /** bytes */
  size: number;
  /** decided from the bytes by the upload service */
  contentType: string;
  /** hex SHA-256 of the bytes, as registered in the protocol */
  sha256: string;
  /** a digitally signed file: its signature as verified when it was uploaded */
  signature?: FileSignature;
}

/** How a file's digital signature was found at upload (src/submissions/signatures). */
export const SIGNATURE_STATUSES = ['valid', 'invalid', 'expired', 'not_yet_valid', 'untrusted'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

export interface FileSignature {
  status: SignatureStatus;
  /** the signer's name from the certificate */
  signer: string | null;
  /** the type of what was signed: a .p7m's content, or application/pdf */
  contentType: string;
}

export interface AddressAnswer {
  street: string;
  number: string;
  cap: string;
  city: string;
  /** two-letter code, uppercase */
  province: string;
}

export interface CadastralAnswer {
  foglio: string;
  particella: string;
  subalterno?: string;
}

export interface MarcaDaBolloAnswer {
  serial: string;
  /** yyyy-mm-dd */
  issuedOn: string;
}

/** A comune of the ISTAT list (src/places/comuni.ts): its code, and its name as filed. */
export interface ComuneAnswer {
  /** ISTAT code, six digits */
  code: string;
  name: string;
  /** two-letter code, uppercase */
  province: string;
}

/** A street of the comune's stradario (its code) or, with no stradario loaded, as typed (no code). */
export interface StreetAnswer {
  code?: string;
  street: string;
  number: string;
}

export type GroupItemAnswer = { [name: string]: Answer };

/**
 * text, textarea, email, phone, radio, select, codiceFiscale, partitaIva, iban, cap, date: string;
 * integer, decimal: number; money: integer cents; yesno, declaration: boolean;
 * checkboxes: string[]; address, cadastral, marcaDaBollo: objects; file: FileRef[];
 * group: one object per item.
 */
export type Answer =
  | string
  | number
  | boolean
  | string[]
  | AddressAnswer
  | CadastralAnswer
  | MarcaDaBolloAnswer
  | ComuneAnswer
  | StreetAnswer
  | FileRef[]
  | GroupItemAnswer[];

export type Answers = { [name: string]: Answer };

/** True when the answer says something (an empty list or a blank string says nothing). */
export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
