// Texts of the protocol registry connector (src/protocol): what a filing's page says while the
// comune's registry has not given the number yet, in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'protocol.pending': 'Registrazione di protocollo in corso: il numero comparirà qui e sulla ricevuta appena il sistema di protocollo del Comune lo assegna.',
};

const en = {
  'protocol.pending': 'Protocol registration in progress: the number will appear here and on the receipt as soon as the comune\'s protocol system assigns it.',
};

export const protocolMessages = defineMessages({ it, en });
