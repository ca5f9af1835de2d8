// The builder's texts for the field types and properties of issue 18 (field-extras.ts).
import { defineMessages } from '../platform/message-catalogue.ts';

export const fieldExtrasMessages = defineMessages({
  it: {
    'admin.type.time': 'Ora',
    'admin.type.targa': 'Targa di veicolo',
    'admin.fieldExtras.patternLegend': 'Formato richiesto',
    'admin.fieldExtras.patternHint': 'Facoltativo. Un’espressione regolare che la risposta intera deve rispettare, ad esempio [A-Z]{2}-\\d{4}. Non sono ammessi gruppi ripetuti che contengono ripetizioni o alternative, riferimenti all’indietro e lookahead.',
    'admin.fieldExtras.patternRegex': 'Espressione regolare',
    'admin.fieldExtras.patternMessageIt': 'Messaggio se la risposta non rispetta il formato (italiano)',
    'admin.fieldExtras.patternMessageEn': 'Messaggio se la risposta non rispetta il formato (inglese)',
    'admin.fieldExtras.timeLegend': 'Orari ammessi',
    'admin.fieldExtras.earliest': 'Non prima delle (hh:mm)',
    'admin.fieldExtras.latest': 'Non dopo le (hh:mm)',
    'admin.fieldExtras.stepMinutes': 'Intervallo in minuti (ad esempio 15)',
    'admin.fieldExtras.time': 'Scrivi l’ora nel formato hh:mm, ad esempio 08:30',
    'admin.fieldExtras.unsafe': 'Espressione non accettata: {detail}',
    'admin.fieldExtras.messageNeeded': 'Scrivi il messaggio in entrambe le lingue',
  },
  en: {
    'admin.type.time': 'Time',
    'admin.type.targa': 'Vehicle number plate',
    'admin.fieldExtras.patternLegend': 'Required format',
    'admin.fieldExtras.patternHint': 'Optional. A regular expression the whole answer must match, like [A-Z]{2}-\\d{4}. Repeated groups holding repetitions or alternatives, backreferences and lookaheads are not allowed.',
    'admin.fieldExtras.patternRegex': 'Regular expression',
    'admin.fieldExtras.patternMessageIt': 'Message when the answer does not match (Italian)',
    'admin.fieldExtras.patternMessageEn': 'Message when the answer does not match (English)',
    'admin.fieldExtras.timeLegend': 'Times allowed',
    'admin.fieldExtras.earliest': 'Not before (hh:mm)',
    'admin.fieldExtras.latest': 'Not after (hh:mm)',
    'admin.fieldExtras.stepMinutes': 'Step in minutes (like 15)',
    'admin.fieldExtras.time': 'Write the time as hh:mm, like 08:30',
    'admin.fieldExtras.unsafe': 'Expression not accepted: {detail}',
    'admin.fieldExtras.messageNeeded': 'Write the message in both languages',
  },
});
