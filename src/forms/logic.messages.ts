// The words of the form logic (comparisons, date limits, computed values, exit pages), in
// Italian and English. Kept apart from forms/messages.ts so that the logic's texts live with
// the logic; the form engine stays free of the portal's translator.
import type { Locale } from './messages.ts';

const it = {
  onlyIfCompared: 'Rispondi solo se «{subject}» è {relation} {value}.',
  atLeast: 'almeno',
  atMost: 'al massimo',
  above: 'più di',
  below: 'meno di',
  before: 'prima del',
  after: 'dopo il',
  onOrBefore: 'non dopo il',
  onOrAfter: 'non prima del',
  today: 'oggi',
  todayShifted: 'la data di oggi {shift}',
  years: '{n} anni',
  months: '{n} mesi',
  days: '{n} giorni',
  plus: 'più',
  minus: 'meno',
  dateMin: '«{label}»: la data non può essere precedente al {date}',
  dateMax: '«{label}»: la data non può essere successiva al {date}',
  computedTitle: 'Calcolato dalle tue risposte',
  exitHeading: 'Non puoi presentare la domanda',
  exitBecause: 'Perché',
  exitInstead: 'Cosa puoi fare invece',
  exitBack: 'Torna indietro e modifica le risposte',
  exitRefused: 'Non puoi presentare la domanda: {title}',
};

const en: Record<keyof typeof it, string> = {
  onlyIfCompared: 'Answer only if "{subject}" is {relation} {value}.',
  atLeast: 'at least',
  atMost: 'at most',
  above: 'more than',
  below: 'less than',
  before: 'before',
  after: 'after',
  onOrBefore: 'on or before',
  onOrAfter: 'on or after',
  today: 'today',
  todayShifted: "today's date {shift}",
  years: '{n} years',
  months: '{n} months',
  days: '{n} days',
  plus: 'plus',
  minus: 'minus',
  dateMin: '"{label}": the date cannot be earlier than {date}',
  dateMax: '"{label}": the date cannot be later than {date}',
  computedTitle: 'Worked out from your answers',
  exitHeading: 'You cannot file this application',
  exitBecause: 'Why',
  exitInstead: 'What you can do instead',
  exitBack: 'Go back and change your answers',
  exitRefused: 'You cannot file this application: {title}',
};

export type LogicMessageKey = keyof typeof it;

/** The message in the locale, with `{name}` placeholders filled in. */
export function lt(locale: Locale, key: LogicMessageKey, params: Record<string, string | number> = {}): string {
  return (locale === 'en' ? en : it)[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
