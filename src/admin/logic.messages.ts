// The builder's texts for the form logic of issue 18 (comparisons of numbers and dates in the
// condition editor), in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'admin.op.atMost': 'è al massimo',
  'admin.op.above': 'è maggiore di',
  'admin.op.before': 'è prima del',
  'admin.op.after': 'è dopo il',
  'admin.op.onOrBefore': 'è non dopo il',
  'admin.op.onOrAfter': 'è non prima del',
  'admin.logic.error.comparison': 'Questo confronto vale solo per numeri e importi (almeno, al massimo, maggiore, minore) o per date (prima, dopo)',
  'admin.logic.error.date': 'Scrivi una data (13/12/2026) oppure «oggi», anche spostata: «oggi-18a», «oggi+10g», «oggi+1m»',
};

const en: Record<keyof typeof it, string> = {
  'admin.op.atMost': 'is at most',
  'admin.op.above': 'is more than',
  'admin.op.before': 'is before',
  'admin.op.after': 'is after',
  'admin.op.onOrBefore': 'is on or before',
  'admin.op.onOrAfter': 'is on or after',
  'admin.logic.error.comparison': 'This comparison is only for numbers and amounts (at least, at most, more, less) or for dates (before, after)',
  'admin.logic.error.date': 'Write a date (13/12/2026) or "today", also shifted: "today-18y", "today+10d", "today+1m"',
};

export const logicBuilderMessages = defineMessages({ it, en });
