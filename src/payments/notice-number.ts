// The pagoPA notice number (numero avviso): the 18 digits a person types at a tobacconist's or
// in a bank app to pay a position. It is the aux digit, then (for the layouts with check digits)
// a base and two check digits: the first 16 digits as one number, mod 93. The IUV (the
// creditor's reference for the payment) is derived from it. Pure: no I/O.

export type AuxDigit = 0 | 1 | 2 | 3;

export interface NoticeParts {
  aux: AuxDigit;
  /** aux 0: the application code (2 digits). */
  applicationCode?: string;
  /** aux 3: the segregation code (2 digits) given by the intermediary. */
  segregationCode?: string;
  iuv: string;
}

export const NOTICE_NUMBER_PATTERN = /^[0-3][0-9]{17}$/;
/** aux 3 leaves 13 digits for the base. */
export const BASE_DIGITS = 13;
export const MAX_BASE = 10n ** BigInt(BASE_DIGITS) - 1n;

/** Two check digits (00..92) of the first 16 digits, as pagoPA computes them. */
export function checkDigits(first16: string): string {
  if (!/^[0-9]{16}$/.test(first16)) throw new Error('check digits need exactly 16 digits');
  return (BigInt(first16) % 93n).toString().padStart(2, '0');
}

/** The number's structure when it is well formed and its check digits match; null otherwise. */
export function parseNoticeNumber(input: string): NoticeParts | null {
  const notice = input.replace(/\s+/g, '');
  if (!NOTICE_NUMBER_PATTERN.test(notice)) return null;
  const aux = Number(notice[0]) as AuxDigit;
  if (aux !== 1 && checkDigits(notice.slice(0, 16)) !== notice.slice(16)) return null;
  switch (aux) {
    case 0:
      return { aux, applicationCode: notice.slice(1, 3), iuv: notice.slice(3) };
    case 1:
    case 2:
      return { aux, iuv: notice.slice(1) };
    case 3:
      return { aux, segregationCode: notice.slice(1, 3), iuv: notice.slice(1) };
  }
}

export function isValidNoticeNumber(input: string): boolean {
  return parseNoticeNumber(input) !== null;
}

export function iuvOf(noticeNumber: string): string {
  const parts = parseNoticeNumber(noticeNumber);
  if (!parts) throw new Error(`not a valid notice number: ${noticeNumber}`);
  return parts.iuv;
}

/**
 * The aux 3 notice number for a base (a sequence value the database hands out once): 3, the
 * segregation code, the base on 13 digits, the check digits.
 */
export function buildNoticeNumber(segregationCode: string, base: bigint | number): string {
  if (!/^[0-9]{2}$/.test(segregationCode)) throw new Error('the segregation code is two digits');
  const value = BigInt(base);
  if (value < 0n || value > MAX_BASE) throw new Error(`notice base out of range: ${value}`);
  const first16 = `3${segregationCode}${value.toString().padStart(BASE_DIGITS, '0')}`;
  return first16 + checkDigits(first16);
}

/** "3020 3200 2700 0002 51": how a printed notice shows it. */
export function formatNoticeNumber(noticeNumber: string): string {
  return noticeNumber.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The text of the QR code on a payment notice: PAGOPA|002|notice|creditor|amount in cents.
 * The code is printed with error correction level M.
 */
export function qrPayload(noticeNumber: string, creditorFiscalCode: string, amountCents: number): string {
  if (!isValidNoticeNumber(noticeNumber)) throw new Error('invalid notice number');
  if (!/^[0-9]{11}$/.test(creditorFiscalCode)) throw new Error('the creditor fiscal code is 11 digits');
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new Error('the amount is a positive integer of cents');
  return `PAGOPA|002|${noticeNumber}|${creditorFiscalCode}|${amountCents}`;
}

export const QR_ERROR_CORRECTION = 'M' as const;
