// The journey's texts about the field capabilities of issue 18, in Italian and English: the
// single-use check of revenue stamps (stamps.ts) and the limit of files in one application
// (item-files.ts).
import { defineMessages } from '../platform/message-catalogue.ts';

export const journeyFieldsMessages = defineMessages({
  it: {
    'stamps.alreadyUsed': 'La marca da bollo n. {identifier} è già stata usata per un’altra domanda presentata su questo portale: ogni marca vale per un solo documento. Acquista una nuova marca e inserisci il suo numero identificativo.',
    'stamps.twiceInOne': 'La marca da bollo n. {identifier} è indicata più di una volta in questa domanda: ogni marca vale per un solo documento.',
    'journey.uploadRefused.tooManyInFiling': 'Il file «{name}» non è stato caricato: una domanda può avere al massimo {total} allegati in tutto',
  },
  en: {
    'stamps.alreadyUsed': 'The revenue stamp no. {identifier} has already been used for another application made on this portal: each stamp is valid for one document only. Buy a new stamp and enter its identification number.',
    'stamps.twiceInOne': 'The revenue stamp no. {identifier} is given more than once in this application: each stamp is valid for one document only.',
    'journey.uploadRefused.tooManyInFiling': 'The file “{name}” was not uploaded: an application can have at most {total} attachments in all',
  },
});
