// The builder's texts for the form logic of issue 18 (comparisons of numbers and dates in the
// condition editor, the box of computed values and exit pages), in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

const LOGIC_EXAMPLE = `computed:
  - name: importoContributo
    label: { it: Contributo stimato, en: Estimated grant }
    format: money
    expression:
      min: [{ product: [{ field: canoneMensile }, 3] }, 150000]
exits:
  - id: isee-oltre-soglia
    when: { field: valoreIsee, above: 1716000 }
    title: { it: ISEE oltre la soglia, en: ISEE above the threshold }
    reason:
      it: Non puoi presentare la domanda perché il valore ISEE supera 17.160,00 euro.
      en: You cannot apply because the ISEE value is above 17,160.00 euro.
    instead:
      it: Puoi chiedere un ISEE corrente se la tua situazione è cambiata.
      en: You can ask for a current ISEE if your situation has changed.`;

const it = {
  'admin.op.atMost': 'è al massimo',
  'admin.op.above': 'è maggiore di',
  'admin.op.before': 'è prima del',
  'admin.op.after': 'è dopo il',
  'admin.op.onOrBefore': 'è non dopo il',
  'admin.op.onOrAfter': 'è non prima del',
  'admin.logic.error.comparison': 'Questo confronto vale solo per numeri e importi (almeno, al massimo, maggiore, minore) o per date (prima, dopo)',
  'admin.logic.error.date': 'Scrivi una data (13/12/2026) oppure «oggi», anche spostata: «oggi-18a», «oggi+10g», «oggi+1m»',
  'admin.pnav.logic': 'Calcoli e uscite',
  'admin.section.logic.lead': 'I valori calcolati dalle risposte (importi, somme, età), mostrati alla persona e usabili in condizioni, pagamenti e instradamento; e le pagine di uscita, che fermano chi non può presentare la domanda e dicono cosa fare invece. Gli importi sono in centesimi.',
  'admin.section.logic.label': 'Valori calcolati (computed) e pagine di uscita (exits)',
  'admin.section.logic.example': LOGIC_EXAMPLE,
  'admin.section.logic.unknownKey': 'Qui si scrivono solo «computed» e «exits»: togli «{key}»',
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
  'admin.pnav.logic': 'Calculations and exits',
  'admin.section.logic.lead': 'Values worked out from the answers (amounts, sums, ages), shown to the person and usable in conditions, payments and routing; and exit pages, which stop a person who cannot apply and say what to do instead. Amounts are in cents.',
  'admin.section.logic.label': 'Computed values (computed) and exit pages (exits)',
  'admin.section.logic.example': LOGIC_EXAMPLE,
  'admin.section.logic.unknownKey': 'Only "computed" and "exits" go here: remove "{key}"',
};

export const logicBuilderMessages = defineMessages({ it, en });
