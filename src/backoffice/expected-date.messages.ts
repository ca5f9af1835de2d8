// Texts of the expected decision date: the line on the person's request page and on the case
// page, the note of a case waiting for the applicant, the method ("Come calcoliamo questa
// data"), and the queue's column, in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

export const expectedDateMessages = defineMessages({
  it: {
    'expected.heading': 'Data prevista della decisione',
    'expected.line': 'Data prevista della decisione: {date} (entro il termine di legge: {deadline})',
    'expected.lineTarget': 'Data prevista della decisione: {date} (data obiettivo del servizio: {deadline})',
    'expected.noHistory': "Nelle ultime 4 settimane l'ufficio ha concluso meno di {min} pratiche: troppo poche per stimare i suoi tempi, perciò indichiamo il termine.",
    'expected.capped': "Al ritmo attuale dell'ufficio la coda arriverebbe oltre il termine: indichiamo il termine, entro cui l'ufficio deve decidere.",
    'expected.suspended': "La pratica è sospesa in attesa della tua risposta: finché l'ufficio ti aspetta, la data si sposta in avanti. Quella indicata vale se rispondi oggi.",
    'expected.suspendedOffice': "Pratica sospesa in attesa del richiedente: la data si sposta finché non risponde (quella indicata vale se risponde oggi).",
    'expected.how': 'Come calcoliamo questa data',
    'expected.how.position': "La pratica è la numero {position} nella coda dell'ufficio: contiamo le pratiche aperte dell'ufficio ricevute prima di questa, più questa.",
    'expected.how.pace': "Nelle ultime 4 settimane l'ufficio ha concluso {decisions} pratiche, circa {perDay} per giorno lavorativo (sabati, domeniche e festività esclusi).",
    'expected.how.rule': 'Dividiamo il posto in coda per le pratiche concluse al giorno e contiamo altrettanti giorni lavorativi da oggi. La data non è mai successiva al termine né precedente a oggi.',
    'expected.how.estimate': "È una stima, non un impegno: la calcoliamo ogni giorno dalla coda reale dell'ufficio e può cambiare. Il termine resta quello che vale.",
    'expected.col': 'Decisione prevista',
    'expected.waiting': 'In attesa del richiedente',
    'expected.basis.deadline': 'al termine',
    'expected.basis.no-history': 'termine (storico insufficiente)',
  },
  en: {
    'expected.heading': 'Expected decision date',
    'expected.line': 'Expected decision date: {date} (within the legal deadline: {deadline})',
    'expected.lineTarget': 'Expected decision date: {date} (service target date: {deadline})',
    'expected.noHistory': 'In the last 4 weeks the office closed fewer than {min} cases: too few to estimate its pace, so we show the deadline.',
    'expected.capped': "At the office's current pace the queue would go past the deadline: we show the deadline, by which the office must decide.",
    'expected.suspended': 'The case is suspended waiting for your reply: while the office waits for you, the date moves forward. The date shown holds if you reply today.',
    'expected.suspendedOffice': 'Case suspended waiting for the applicant: the date moves until they reply (the date shown holds if they reply today).',
    'expected.how': 'How we estimate this date',
    'expected.how.position': "The case is number {position} in the office's queue: we count the office's open cases received before this one, plus this one.",
    'expected.how.pace': 'In the last 4 weeks the office closed {decisions} cases, about {perDay} per working day (Saturdays, Sundays and holidays excluded).',
    'expected.how.rule': 'We divide the place in the queue by the cases closed per day and count as many working days from today. The date is never later than the deadline nor earlier than today.',
    'expected.how.estimate': "It is an estimate, not a commitment: we work it out every day from the office's real queue and it may change. The deadline is still the one that applies.",
    'expected.col': 'Expected decision',
    'expected.waiting': 'Waiting for the applicant',
    'expected.basis.deadline': 'at the deadline',
    'expected.basis.no-history': 'deadline (too little history)',
  },
});
