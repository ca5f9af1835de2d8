// The expected decision date as a page writes it, in the reader's language: the line with the
// date and its bound, the notes that say why (a case waiting for the applicant, a date held at
// the deadline, too little history) and the method, for the person's request page and the case
// page alike (views/backoffice/expected-date.njk and case/expected-date.njk).
import { formatDate, formatNumber } from '../platform/format.ts';
import type { Locale, Translate } from '../platform/i18n.ts';
import type { ExpectedDateView, QueueExpected } from './expected-date.service.ts';

export interface ExpectedDateModel {
  line: string;
  notes: string[];
  how: string[];
}

/** The texts of an estimate; null when there is none (a decided or closed filing). */
export function expectedDateModel(t: Translate, locale: Locale, e: ExpectedDateView | null, audience: 'applicant' | 'office'): ExpectedDateModel | null {
  if (!e) return null;
  const date = (d: string) => formatDate(d, locale);
  const notes: string[] = [];
  if (e.suspended) notes.push(t(audience === 'applicant' ? 'expected.suspended' : 'expected.suspendedOffice'));
  if (e.basis === 'no-history') notes.push(t('expected.noHistory', { min: e.minDecisions }));
  else if (e.basis === 'deadline') notes.push(t('expected.capped'));
  return {
    line: t(e.legalTerm ? 'expected.line' : 'expected.lineTarget', { date: date(e.date), deadline: date(e.deadline) }),
    notes,
    how: [
      t('expected.how.position', { position: e.position }),
      t('expected.how.pace', { decisions: e.decisions, perDay: formatNumber(e.decisionsPerDay, locale) }),
      t('expected.how.rule'),
      t('expected.how.estimate'),
    ],
  };
}

/** A queue row's cell: the date (with why, when it is the deadline), or the wait for the applicant. */
export function queueExpectedText(t: Translate, locale: Locale, e: QueueExpected | undefined): string {
  if (!e) return '';
  if ('waiting' in e) return t('expected.waiting');
  const date = formatDate(e.date, locale);
  return e.basis === 'queue' ? date : `${date} (${t(`expected.basis.${e.basis}`)})`;
}
