// How people read dates and money, one home per locale: every page, PDF, message and export
// formats through these, so that a date or an amount is written the same way everywhere.
// Times are shown in Rome's time zone; a calendar date ('YYYY-MM-DD') is read at UTC noon so
// that no time zone moves it to another day.
import type { Locale } from './i18n.ts';

const INTL_LOCALE: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };

// Formatters are built once per locale and style: building one costs far more than using it.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, build: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = build();
    cache.set(key, formatter);
  }
  return formatter;
}

function toInstant(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
}

export type DateStyle = 'long' | 'numeric';

/**
 * A date (optionally with the time) in Rome: 'long' is "2 marzo 2026" / "2 March 2026",
 * 'numeric' is "02/03/2026" (what forms and PDFs print).
 */
export function formatDate(value: Date | string | null | undefined, locale: Locale, options: { style?: DateStyle; withTime?: boolean } = {}): string {
  if (!value) return '';
  const style = options.style ?? 'long';
  const withTime = options.withTime ?? false;
  const formatter = cached(`date:${locale}:${style}:${withTime}`, () =>
    style === 'long'
      ? new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'Europe/Rome' })
      : new Intl.DateTimeFormat(INTL_LOCALE[locale], {
          day: '2-digit',
          month: '2-digit',
          year: 'numeric',
          ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
          timeZone: 'Europe/Rome',
        }),
  ) as Intl.DateTimeFormat;
  return formatter.format(toInstant(value));
}

/** Date and time with seconds, "2 marzo 2026 alle ore 09:00:00" (the receipt's time of filing). */
export function formatTimestamp(value: Date | string, locale: Locale): string {
  const formatter = cached(`stamp:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Rome' })) as Intl.DateTimeFormat;
  return formatter.format(toInstant(value));
}

/**
 * An amount in euro cents as people read it, "€ 16,00" / "€16.00". Narrow and non-breaking
 * spaces become plain spaces where the text goes into a PDF (its standard fonts lack them).
 */
export function formatMoney(cents: number, locale: Locale, options: { plainSpaces?: boolean } = {}): string {
  const formatter = cached(`money:${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'EUR' })) as Intl.NumberFormat;
  const text = formatter.format(cents / 100);
  return options.plainSpaces ? text.replace(/[\u00a0\u202f]/g, ' ') : text;
}

/** A plain number with at most `digits` decimals, grouped as the locale groups. */
export function formatNumber(value: number, locale: Locale, digits = 1): string {
  return (cached(`number:${locale}:${digits}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: digits })) as Intl.NumberFormat).format(value);
}

/**
 * A file's size as people read it: "850 byte" / "850 bytes" (English has a plural, Italian
 * does not: "byte" is invariable), "120 KB", "2,4 MB".
 */
export function formatFileSize(bytes: number, locale: Locale): string {
  if (bytes < 1024) return locale === 'en' && bytes !== 1 ? `${bytes} bytes` : `${bytes} byte`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale)} MB`;
}
