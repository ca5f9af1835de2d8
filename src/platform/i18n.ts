// The portal's own texts in Italian and English (the procedures carry theirs in their
// definitions), read from the catalogues the app assembles in src/messages.ts: every text a
// page shows exists in both languages (the type checker and tests/unit/platform check it).
import { messages, type MessageKey } from '../messages.ts';
import { LOCALES, type Locale } from './message-catalogue.ts';

export { LOCALES, type Locale, type MessageKey };
export const DEFAULT_LOCALE: Locale = 'it';

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => {
    const template = (messages[locale] as Record<string, string>)[key];
    if (template === undefined) throw new Error(`missing message ${key}`);
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

/** Every key of every catalogue in one language. */
export function messageKeys(locale: Locale): string[] {
  return Object.keys(messages[locale]);
}

/** Picks the person's language from a {it, en} text. */
export function localize(text: { it: string; en: string } | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.it;
}
