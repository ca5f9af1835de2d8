// Texts of the protocol registry connector (src/protocol): what a filing's page says while the
// comune's registry has not given the number yet, and the refusal of an outgoing document that
// the external registry did not number (down or slow), in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'protocol.pending': 'Registrazione di protocollo in corso: il numero comparirà qui e sulla ricevuta appena il sistema di protocollo del Comune lo assegna.',
  'protocol.outgoingExternal.title': 'Documento non inviato',
  'protocol.outgoingExternal.text': 'Il protocollo del Comune è tenuto dal sistema documentale esterno, che non registra ancora i documenti in uscita generati dal portale. Registra il documento nel sistema di protocollo e invialo da lì.',
  'protocol.outgoingUnavailable.title': 'Documento non inviato',
  'protocol.outgoingUnavailable.text': 'Il sistema di protocollo non risponde: il documento non è stato inviato. Riprova tra poco.',
};

const en = {
  'protocol.pending': 'Protocol registration in progress: the number will appear here and on the receipt as soon as the comune\'s protocol system assigns it.',
  'protocol.outgoingExternal.title': 'Document not sent',
  'protocol.outgoingExternal.text': 'The comune\'s protocol register is kept by the external document-management system, which does not yet register the outgoing documents the portal generates. Register the document in the protocol system and send it from there.',
  'protocol.outgoingUnavailable.title': 'Document not sent',
  'protocol.outgoingUnavailable.text': 'The protocol system is not answering: the document was not sent. Please try again shortly.',
};

export const protocolMessages = defineMessages({ it, en });
