// The texts of the single-use check of revenue stamps (stamps.ts), in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

export const stampsMessages = defineMessages({
  it: {
    'stamps.alreadyUsed': 'La marca da bollo n. {identifier} è già stata usata per un’altra domanda presentata su questo portale: ogni marca vale per un solo documento. Acquista una nuova marca e inserisci il suo numero identificativo.',
    'stamps.twiceInOne': 'La marca da bollo n. {identifier} è indicata più di una volta in questa domanda: ogni marca vale per un solo documento.',
  },
  en: {
    'stamps.alreadyUsed': 'The revenue stamp no. {identifier} has already been used for another application made on this portal: each stamp is valid for one document only. Buy a new stamp and enter its identification number.',
    'stamps.twiceInOne': 'The revenue stamp no. {identifier} is given more than once in this application: each stamp is valid for one document only.',
  },
});
