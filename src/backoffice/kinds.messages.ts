// The texts of the kinds of procedure, in Italian and English: the names of the states every
// kind adds (`status.*`, used by the queue, the personal area and the case page), the clerk's
// and the head's forms on the case page (proposal, adoption, archiving, inadmissibility, the
// SCIA's conformation and prohibition, the steps of a CILA, a report and a booking, the
// reopening), the notices after them, and what the applicant is told of each step.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'status.proposed': 'Proposta di decisione',
  'status.inadmissible': 'Inammissibile',
  'status.archived': 'Archiviata',
  'status.effective': 'Efficace (controlli in corso)',
  'status.conformation_requested': 'Conformazione richiesta',
  'status.controls_closed': 'Controlli conclusi',
  'status.prohibited': 'Attività vietata',
  'status.consolidated': 'Efficace (termine dei controlli decorso)',
  'status.acknowledged': 'Ricevuta',
  'status.under_control': 'In verifica',
  'status.irregular': 'Irregolare',
  'status.taken_in_charge': 'Presa in carico',
  'status.solved': 'Risolta',
  'status.closed': 'Chiusa',
  'status.booked': 'Prenotata',
  'status.confirmed': 'Confermata',
  'status.cancelled': 'Annullata',

  'backoffice.case.requestKind.conformation': 'Ordine di conformazione, misure entro il {date}',
  'backoffice.event.clock_changed': 'Termine aggiornato: dal {from} al {to}',

  'kinds.term.target': 'Questa pratica non ha un termine di legge: la data indicata è l\'obiettivo di servizio dell\'ufficio.',

  'kinds.outcome.inadmissible': 'Dichiara inammissibile o improcedibile',
  'kinds.decision.inadmissibleHint': 'Inammissibilità o improcedibilità manifeste: provvedimento in forma semplificata, senza preavviso di rigetto (art. 2 c. 1, legge 241/1990).',
  'kinds.integration.later': 'Questa non è la prima richiesta di integrazione: il termine non viene sospeso di nuovo (art. 2 c. 7, legge 241/1990).',
  'kinds.refusal.competitive': 'Procedura concorsuale: il preavviso di rigetto non si applica (art. 10-bis, legge 241/1990).',

  'kinds.propose.heading': 'Proponi la decisione al dirigente',
  'kinds.propose.hint': 'In questo procedimento la decisione è adottata dal dirigente dell\'ufficio: il responsabile del procedimento la propone con la motivazione.',
  'kinds.propose.outcome': 'Esito proposto',
  'kinds.propose.approve': 'Accoglimento',
  'kinds.propose.reject': 'Rigetto',
  'kinds.propose.inadmissible': 'Inammissibilità o improcedibilità',
  'kinds.propose.motivation': 'Motivazione proposta',
  'kinds.propose.button': 'Invia la proposta',
  'kinds.proposal.summary': 'Proposta: {outcome}. Motivazione: {motivation}',

  'kinds.adopt.heading': 'Adotta la decisione proposta',
  'kinds.adopt.hint': 'Adottando la proposta il provvedimento è registrato e comunicato al richiedente.',
  'kinds.adopt.button': 'Adotta la decisione',
  'kinds.sendBack.heading': 'Restituisci la proposta all\'istruttoria',
  'kinds.sendBack.note': 'Osservazioni per il responsabile del procedimento',
  'kinds.sendBack.button': 'Restituisci all\'istruttoria',

  'kinds.archive.heading': 'Archivia la pratica',
  'kinds.archive.hint': 'Ad esempio una domanda doppia o non più di interesse per il richiedente. Il richiedente riceve il motivo.',
  'kinds.archive.reason': 'Motivo dell\'archiviazione',
  'kinds.archive.button': 'Archivia',

  'kinds.conformation.heading': 'Ordina la conformazione dell\'attività',
  'kinds.conformation.hint': 'Art. 19 c. 3, legge 241/1990: l\'ordine motivato indica le misure necessarie e un termine di almeno 30 giorni; il termine per i controlli ricomincia per intero da quando il privato comunica le misure adottate.',
  'kinds.conformation.text': 'Misure richieste e motivazione',
  'kinds.conformation.days': 'Giorni per conformarsi (da 30 a 180)',
  'kinds.conformation.button': 'Invia l\'ordine di conformazione',

  'kinds.prohibit.heading': 'Vieta la prosecuzione dell\'attività',
  'kinds.prohibit.hint': 'Art. 19 c. 3, legge 241/1990: divieto motivato di prosecuzione dell\'attività e di rimozione degli effetti, entro il termine per i controlli.',
  'kinds.prohibit.motivation': 'Motivazione del divieto',
  'kinds.prohibit.button': 'Vieta l\'attività',

  'kinds.closeControls.button': 'Concludi i controlli con esito positivo',

  'kinds.irregular.heading': 'Dichiara la comunicazione irregolare',
  'kinds.irregular.reason': 'Irregolarità riscontrate',
  'kinds.irregular.button': 'Dichiara irregolare',

  'kinds.step.acknowledge': 'Conferma la ricezione',
  'kinds.step.start_control': 'Avvia la verifica',
  'kinds.step.take_in_charge': 'Prendi in carico la segnalazione',
  'kinds.step.solve': 'Segna come risolta',
  'kinds.step.confirm': 'Conferma la prenotazione',
  'kinds.close.heading': 'Chiudi',
  'kinds.close.hint': 'Se la segnalazione non è stata risolta, indica il motivo: il segnalante lo riceve.',
  'kinds.close.reason': 'Motivo (obbligatorio se non risolta)',
  'kinds.close.button': 'Chiudi',
  'kinds.cancel.heading': 'Annulla la prenotazione',
  'kinds.cancel.reason': 'Motivo dell\'annullamento',
  'kinds.cancel.button': 'Annulla la prenotazione',

  'kinds.reopen.heading': 'Riesame in autotutela',
  'kinds.reopen.hint': 'Solo il dirigente dell\'ufficio (artt. 21-quinquies e 21-nonies, legge 241/1990). La pratica torna in istruttoria con un nuovo termine che decorre da oggi; il richiedente riceve il motivo.',
  'kinds.reopen.reason': 'Motivo del riesame',
  'kinds.reopen.button': 'Riapri la pratica',

  'kinds.error.reasonRequired': 'Indica il motivo della chiusura: la segnalazione non è stata risolta.',
  'kinds.error.conformationDays': 'Indica un numero di giorni tra 30 e 180.',
  'kinds.error.outcome': 'Scegli l\'esito.',

  'kinds.notice.integrationRunning': 'La richiesta di integrazione è stata inviata: il termine continua a decorrere.',
  'kinds.notice.proposed': 'La proposta è stata inviata al dirigente.',
  'kinds.notice.adopted': 'La decisione è stata adottata e comunicata al richiedente.',
  'kinds.notice.sentBack': 'La proposta è tornata all\'istruttoria.',
  'kinds.notice.archived': 'La pratica è stata archiviata.',
  'kinds.notice.conformation': 'L\'ordine di conformazione è stato inviato: il termine per i controlli è interrotto.',
  'kinds.notice.prohibited': 'Il divieto è stato registrato e comunicato.',
  'kinds.notice.controlsClosed': 'I controlli sono conclusi.',
  'kinds.notice.irregular': 'La comunicazione è stata dichiarata irregolare.',
  'kinds.notice.step': 'Lo stato della pratica è aggiornato.',
  'kinds.notice.reopened': 'La pratica è stata riaperta con un nuovo termine.',

  'kinds.tell.controls_closed': 'L\'ufficio ha concluso i controlli sulla segnalazione: l\'attività può proseguire.',
  'kinds.tell.acknowledged': 'L\'ufficio ha ricevuto la comunicazione.',
  'kinds.tell.taken_in_charge': 'L\'ufficio ha preso in carico la tua segnalazione.',
  'kinds.tell.solved': 'L\'ufficio ha risolto il problema che hai segnalato.',
  'kinds.tell.closed': 'La tua segnalazione è chiusa.',
  'kinds.tell.confirmed': 'La tua prenotazione è confermata.',
  'kinds.tell.cancelled': 'La tua prenotazione è annullata.',
  'kinds.tell.consolidated': 'Il termine per i controlli è decorso senza provvedimenti: la segnalazione ha prodotto i suoi effetti in via definitiva.',
  'kinds.tell.reopened': 'L\'ufficio ha riaperto la tua pratica in riesame: {reason}',
};

type Key = keyof typeof it;

const en: Record<Key, string> = {
  'status.proposed': 'Decision proposed',
  'status.inadmissible': 'Inadmissible',
  'status.archived': 'Archived',
  'status.effective': 'Effective (checks in progress)',
  'status.conformation_requested': 'Conformation ordered',
  'status.controls_closed': 'Checks completed',
  'status.prohibited': 'Activity prohibited',
  'status.consolidated': 'Effective (checking period over)',
  'status.acknowledged': 'Received',
  'status.under_control': 'Being checked',
  'status.irregular': 'Irregular',
  'status.taken_in_charge': 'Taken in charge',
  'status.solved': 'Solved',
  'status.closed': 'Closed',
  'status.booked': 'Booked',
  'status.confirmed': 'Confirmed',
  'status.cancelled': 'Cancelled',

  'backoffice.case.requestKind.conformation': 'Order to conform, measures due by {date}',
  'backoffice.event.clock_changed': 'Deadline updated: from {from} to {to}',

  'kinds.term.target': 'This case has no legal deadline: the date shown is the office\'s service target.',

  'kinds.outcome.inadmissible': 'Declare inadmissible',
  'kinds.decision.inadmissibleHint': 'Manifest inadmissibility: a decision in simplified form, without a notice of intended refusal (art. 2 c. 1, Law 241/1990).',
  'kinds.integration.later': 'This is not the first request for information: the clock is not paused again (art. 2 c. 7, Law 241/1990).',
  'kinds.refusal.competitive': 'A call for applications: the notice of intended refusal does not apply (art. 10-bis, Law 241/1990).',

  'kinds.propose.heading': 'Propose the decision to the head of office',
  'kinds.propose.hint': 'In this procedure the decision is adopted by the head of office: the case officer proposes it with its grounds.',
  'kinds.propose.outcome': 'Proposed outcome',
  'kinds.propose.approve': 'Approval',
  'kinds.propose.reject': 'Rejection',
  'kinds.propose.inadmissible': 'Inadmissibility',
  'kinds.propose.motivation': 'Proposed grounds',
  'kinds.propose.button': 'Send the proposal',
  'kinds.proposal.summary': 'Proposal: {outcome}. Grounds: {motivation}',

  'kinds.adopt.heading': 'Adopt the proposed decision',
  'kinds.adopt.hint': 'Adopting the proposal records the decision and sends it to the applicant.',
  'kinds.adopt.button': 'Adopt the decision',
  'kinds.sendBack.heading': 'Send the proposal back to review',
  'kinds.sendBack.note': 'Remarks for the case officer',
  'kinds.sendBack.button': 'Send back to review',

  'kinds.archive.heading': 'Archive the case',
  'kinds.archive.hint': 'For example a duplicate application, or one the applicant no longer needs. The applicant receives the reason.',
  'kinds.archive.reason': 'Reason for archiving',
  'kinds.archive.button': 'Archive',

  'kinds.conformation.heading': 'Order the activity to conform',
  'kinds.conformation.hint': 'Art. 19 c. 3, Law 241/1990: the motivated order states the measures needed and a term of at least 30 days; the checking period starts again in full when the applicant reports the measures taken.',
  'kinds.conformation.text': 'Measures required and grounds',
  'kinds.conformation.days': 'Days to conform (30 to 180)',
  'kinds.conformation.button': 'Send the order to conform',

  'kinds.prohibit.heading': 'Prohibit the activity',
  'kinds.prohibit.hint': 'Art. 19 c. 3, Law 241/1990: a motivated prohibition to continue the activity and removal of its effects, within the checking period.',
  'kinds.prohibit.motivation': 'Grounds for the prohibition',
  'kinds.prohibit.button': 'Prohibit the activity',

  'kinds.closeControls.button': 'Close the checks with a positive outcome',

  'kinds.irregular.heading': 'Declare the notice irregular',
  'kinds.irregular.reason': 'Irregularities found',
  'kinds.irregular.button': 'Declare irregular',

  'kinds.step.acknowledge': 'Confirm receipt',
  'kinds.step.start_control': 'Start the check',
  'kinds.step.take_in_charge': 'Take the report in charge',
  'kinds.step.solve': 'Mark as solved',
  'kinds.step.confirm': 'Confirm the booking',
  'kinds.close.heading': 'Close',
  'kinds.close.hint': 'If the report was not solved, give the reason: the reporter receives it.',
  'kinds.close.reason': 'Reason (required if not solved)',
  'kinds.close.button': 'Close',
  'kinds.cancel.heading': 'Cancel the booking',
  'kinds.cancel.reason': 'Reason for cancelling',
  'kinds.cancel.button': 'Cancel the booking',

  'kinds.reopen.heading': 'Review (autotutela)',
  'kinds.reopen.hint': 'The head of office only (arts. 21-quinquies and 21-nonies, Law 241/1990). The case goes back to review with a new deadline running from today; the applicant receives the reason.',
  'kinds.reopen.reason': 'Reason for the review',
  'kinds.reopen.button': 'Reopen the case',

  'kinds.error.reasonRequired': 'Give the reason for closing: the report was not solved.',
  'kinds.error.conformationDays': 'Enter a number of days from 30 to 180.',
  'kinds.error.outcome': 'Choose the outcome.',

  'kinds.notice.integrationRunning': 'The request for information has been sent: the clock keeps running.',
  'kinds.notice.proposed': 'The proposal has been sent to the head of office.',
  'kinds.notice.adopted': 'The decision has been adopted and sent to the applicant.',
  'kinds.notice.sentBack': 'The proposal is back in review.',
  'kinds.notice.archived': 'The case has been archived.',
  'kinds.notice.conformation': 'The order to conform has been sent: the checking period is interrupted.',
  'kinds.notice.prohibited': 'The prohibition has been recorded and sent.',
  'kinds.notice.controlsClosed': 'The checks are complete.',
  'kinds.notice.irregular': 'The notice has been declared irregular.',
  'kinds.notice.step': 'The status of the case has been updated.',
  'kinds.notice.reopened': 'The case has been reopened with a new deadline.',

  'kinds.tell.controls_closed': 'The office has completed its checks on your notice: the activity may continue.',
  'kinds.tell.acknowledged': 'The office has received your notice.',
  'kinds.tell.taken_in_charge': 'The office has taken your report in charge.',
  'kinds.tell.solved': 'The office has solved the problem you reported.',
  'kinds.tell.closed': 'Your report is closed.',
  'kinds.tell.confirmed': 'Your booking is confirmed.',
  'kinds.tell.cancelled': 'Your booking is cancelled.',
  'kinds.tell.consolidated': 'The checking period ended without measures: your notice has taken full effect.',
  'kinds.tell.reopened': 'The office has reopened your case for review: {reason}',
};

export const kindsMessages = defineMessages({ it, en });

/** A text for the applicant in their language, outside a request (the notifications' message). */
export function tellText(locale: string, key: Key & `kinds.tell.${string}`, params: Record<string, string> = {}): string {
  const text = (locale === 'en' ? en : it)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** The notice a page shows after one of these actions (`?fatto=`), by the action's word. */
export const KIND_NOTICES: Record<string, string> = {
  'integration-running': 'kinds.notice.integrationRunning',
  proposed: 'kinds.notice.proposed',
  adopted: 'kinds.notice.adopted',
  'sent-back': 'kinds.notice.sentBack',
  archived: 'kinds.notice.archived',
  conformation: 'kinds.notice.conformation',
  prohibited: 'kinds.notice.prohibited',
  'controls-closed': 'kinds.notice.controlsClosed',
  irregular: 'kinds.notice.irregular',
  step: 'kinds.notice.step',
  reopened: 'kinds.notice.reopened',
};
