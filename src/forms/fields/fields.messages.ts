// The words of the field types added for issue 18 (time, vehicle plate, pattern, files and
// groups inside groups), in both languages of the portal. Kept apart from src/forms/messages.ts
// so that these types carry their own texts; the placeholders work the same way.
import type { Locale } from '../messages.ts';

const it = {
  timeInvalid: '«{label}»: inserisci un’ora nel formato hh:mm (24 ore), ad esempio 09:30',
  timeEarliest: '«{label}» non può essere prima delle {time}',
  timeLatest: '«{label}» non può essere dopo le {time}',
  timeStep: '«{label}»: scegli un orario a intervalli di {minutes} minuti, ad esempio {example}',
  timeHint: 'Nel formato hh:mm (24 ore), ad esempio 09:30',
  plateInvalid: '«{label}» non è una targa italiana valida: ad esempio AB 123 CD (auto), AB 12345 (moto) o X2B4C5 (ciclomotore)',
  plateHint: 'Senza spazi o con spazi, ad esempio AB 123 CD',
} as const;

export type FieldsMessageKey = keyof typeof it;

const en: Record<FieldsMessageKey, string> = {
  timeInvalid: '"{label}": enter a time as hh:mm (24-hour clock), like 09:30',
  timeEarliest: '"{label}" cannot be earlier than {time}',
  timeLatest: '"{label}" cannot be later than {time}',
  timeStep: '"{label}": choose a time in steps of {minutes} minutes, like {example}',
  timeHint: 'As hh:mm (24-hour clock), like 09:30',
  plateInvalid: '"{label}" is not a valid Italian number plate: like AB 123 CD (car), AB 12345 (motorcycle) or X2B4C5 (moped)',
  plateHint: 'With or without spaces, like AB 123 CD',
};

const dictionaries: Record<Locale, Record<FieldsMessageKey, string>> = { it, en };

/** The message in the locale, with `{name}` placeholders filled in. */
export function ft(locale: Locale, key: FieldsMessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
