// Texts of the protocol registry connector (src/protocol): what a filing's page says while the
// comune's registry has not given the number yet, and the refusals of an outgoing document the
// external registry did not number (down or slow; or not asked first), in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'protocol.pending': 'Registrazione di protocollo in corso: il numero comparirà qui e sulla ricevuta appena il sistema di protocollo del Comune lo assegna.',
  'protocol.outgoingExternal.title': 'Documento non inviato',
  'protocol.outgoingExternal.text': 'Il documento non ha ricevuto il numero di protocollo dal sistema documentale esterno: non è stato inviato. Riprova dalla pagina della pratica.',
  'protocol.outgoingUnavailable.title': 'Documento non inviato',
  'protocol.outgoingUnavailable.text': 'Il sistema di protocollo non risponde: il documento non è stato inviato. Riprova tra poco.',
};

const en = {
  'protocol.pending': 'Protocol registration in progress: the number will appear here and on the receipt as soon as the comune\'s protocol system assigns it.',
  'protocol.outgoingExternal.title': 'Document not sent',
  'protocol.outgoingExternal.text': 'The document did not get its protocol number from the external document-management system: it was not sent. Try again from the case page.',
  'protocol.outgoingUnavailable.title': 'Document not sent',
  'protocol.outgoingUnavailable.text': 'The protocol system is not answering: the document was not sent. Please try again shortly.',
};

export const protocolMessages = defineMessages({ it, en });
