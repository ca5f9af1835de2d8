// Numbers and amounts as people type them in Italy and elsewhere ("1.234,56", "1,234.56",
// "12,5"), read into exact values. Money is integer euro cents end to end: it is parsed from
// the digits as text and never passes through a float.

const SPACES = /[\s\u00a0\u202f']+/g;

type Split = { intPart: string; fraction: string | null; negative: boolean } | null;

/**
 * Splits a typed number into its integer digits and fraction digits. A separator that appears
 * twice, or that is followed by the other separator, groups thousands; otherwise it is the
 * decimal separator, except where `lonelyThousands` says a single "." followed by exactly
 * three digits groups thousands ("1.234" euro is one thousand and more, the Italian way). A
 * single "," never does: "12,505" is read as decimals (and refused for money), because taking
 * an Italian's mistyped cents for thousands would multiply the amount by a thousand.
 */
function splitNumber(input: string, options: { allowNegative: boolean; lonelyThousands: boolean }): Split {
  let text = input.replace(SPACES, '');
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text.startsWith('-');
    if (negative && !options.allowNegative) return null;
    text = text.slice(1);
  }
  if (!/^[\d.,]+$/.test(text) || !/^\d/.test(text)) return null;
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  const grouping = (digits: string, sep: string) =>
    new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(digits) ? digits.split(sep).join('') : null;

  if (dots === 0 && commas === 0) return { intPart: text, fraction: null, negative };
  if (dots > 0 && commas > 0) {
    const decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    if ((decimal === '.' ? dots : commas) !== 1) return null;
    const [whole = '', fraction = ''] = text.split(decimal);
    const intPart = grouping(whole, thousands);
    if (intPart === null || !/^\d+$/.test(fraction)) return null;
    return { intPart, fraction, negative };
  }
  const sep = dots > 0 ? '.' : ',';
  const count = dots + commas;
  if (count > 1) {
    const intPart = grouping(text, sep);
    return intPart === null ? null : { intPart, fraction: null, negative };
  }
  const [whole = '', fraction = ''] = text.split(sep);
  if (options.lonelyThousands && sep === '.' && /^[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction)) {
    return { intPart: whole + fraction, fraction: null, negative };
  }
  if (!/^\d+$/.test(whole) || !/^\d+$/.test(fraction)) return null;
  return { intPart: whole, fraction, negative };
}

export type MoneyParse = { ok: true; cents: number } | { ok: false; problem: 'invalid' | 'decimals' };

/** "12,50", "12.50", "1.234,56", "1,234.56", "€ 12" -> integer cents; never negative. */
export function parseMoney(input: string): MoneyParse {
  const text = input.replace(/€|\bEUR\b|\beuro\b/gi, '');
  const split = splitNumber(text, { allowNegative: false, lonelyThousands: true });
  if (!split) return { ok: false, problem: 'invalid' };
  const euros = split.intPart.replace(/^0+(?=\d)/, '');
  // 12 digits of euros keep cents well inside Number.MAX_SAFE_INTEGER
  if (euros.length > 12) return { ok: false, problem: 'invalid' };
  const fraction = split.fraction ?? '';
  if (fraction.length > 2) return { ok: false, problem: 'decimals' };
  return { ok: true, cents: Number(euros) * 100 + Number(fraction.padEnd(2, '0')) };
}

function groupThousands(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** "€ 1.234,56" (it) or "€1,234.56" (en), from integer cents. */
export function formatMoney(cents: number, locale: 'it' | 'en'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const euros = String(Math.floor(abs / 100));
  const rest = String(abs % 100).padStart(2, '0');
  return locale === 'it' ? `${sign}€ ${groupThousands(euros, '.')},${rest}` : `${sign}€${groupThousands(euros, ',')}.${rest}`;
}

/** The amount as a person would type it back into the field ("1234,56" / "1234.56"). */
export function moneyToInput(cents: number, locale: 'it' | 'en'): string {
  const euros = String(Math.floor(cents / 100));
  const rest = String(cents % 100).padStart(2, '0');
  return `${euros}${locale === 'it' ? ',' : '.'}${rest}`;
}

/** Whole numbers, with optional thousands grouping ("1.234" or "1,234"). */
export function parseInteger(input: string): number | null {
  const split = splitNumber(input, { allowNegative: true, lonelyThousands: true });
  if (!split || split.fraction !== null) return null;
  const value = Number(split.intPart) * (split.negative ? -1 : 1);
  return Number.isSafeInteger(value) ? (Object.is(value, -0) ? 0 : value) : null;
}

/**
 * Decimal numbers (surfaces, quantities; not money). A single "." or "," is the decimal
 * separator ("1.5" and "1,5" are both one and a half).
 */
export function parseDecimal(input: string): number | null {
  const split = splitNumber(input, { allowNegative: true, lonelyThousands: false });
  if (!split || split.intPart.length > 15 || (split.fraction?.length ?? 0) > 10) return null;
  const value = Number(`${split.negative ? '-' : ''}${split.intPart}.${split.fraction ?? '0'}`);
  return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
}

/** A number with the decimal separator of the locale, without thousands grouping. */
export function formatNumber(value: number, locale: 'it' | 'en'): string {
  // never exponent notation (String(1e-7) is "1e-7"): the text must read back through parseDecimal
  return new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB', { useGrouping: false, maximumFractionDigits: 10 }).format(value);
}
