// The texts of the digital domicile: the case log's lines (the back office's Storico tab) and
// the applicant's timeline, for each step of a notice with legal value sent by PEC.
import { defineMessages } from '../platform/message-catalogue.ts';

export const domicileMessages = defineMessages({
  it: {
    'domicile.event.sent': 'Comunicazione inviata per PEC al domicilio digitale {address} ({register}, consultato il {lookedUp})',
    'domicile.event.accettazione': 'PEC: ricevuta di accettazione del gestore ({address})',
    'domicile.event.avvenuta-consegna': 'PEC: ricevuta di avvenuta consegna al domicilio digitale {address}',
    'domicile.event.errore-consegna': 'PEC: avviso di mancata consegna a {address}. Inviare la comunicazione per posta ordinaria o raccomandata',
    'domicile.event.preavviso-errore-consegna': 'PEC: preavviso di mancata consegna a {address} (nessuna ricevuta di consegna entro 12 ore)',
    'domicile.event.non-accettazione': 'PEC: avviso di non accettazione del gestore ({address}). Inviare la comunicazione per posta ordinaria o raccomandata',
    'domicile.event.presa-in-carico': 'PEC: ricevuta di presa in carico ({address})',
    'domicile.event.rilevazione-virus': 'PEC: rilevazione di virus, messaggio non consegnato ({address})',
    'domicile.event.no-domicile': 'Nessun domicilio digitale in INAD e INI-PEC: comunicazione inviata per e-mail e App IO; spedire copia per posta ordinaria o consegnarla al ritiro (CAD art. 3-bis c. 4-bis)',
    'domicile.applicant.sent': 'Comunicazione inviata per PEC al tuo domicilio digitale {address}',
    'domicile.applicant.avvenuta-consegna': 'Consegnata al domicilio digitale {address} il {date}',
    'domicile.applicant.errore-consegna': 'Consegna al domicilio digitale {address} non riuscita: riceverai la comunicazione per posta',
    'domicile.applicant.non-accettazione': 'Invio al domicilio digitale {address} non riuscito: riceverai la comunicazione per posta',
  },
  en: {
    'domicile.event.sent': 'Notice sent by PEC to the digital domicile {address} ({register}, looked up on {lookedUp})',
    'domicile.event.accettazione': 'PEC: the provider\'s acceptance receipt ({address})',
    'domicile.event.avvenuta-consegna': 'PEC: delivery receipt from the digital domicile {address}',
    'domicile.event.errore-consegna': 'PEC: notice of failed delivery to {address}. Send the notice by ordinary or registered post',
    'domicile.event.preavviso-errore-consegna': 'PEC: warning of failed delivery to {address} (no delivery receipt within 12 hours)',
    'domicile.event.non-accettazione': 'PEC: the provider did not accept the message ({address}). Send the notice by ordinary or registered post',
    'domicile.event.presa-in-carico': 'PEC: taken in charge by the recipient\'s provider ({address})',
    'domicile.event.rilevazione-virus': 'PEC: virus detected, message not delivered ({address})',
    'domicile.event.no-domicile': 'No digital domicile in INAD or INI-PEC: notice sent by e-mail and App IO; send a copy by ordinary post or hand it over at the desk (CAD art. 3-bis c. 4-bis)',
    'domicile.applicant.sent': 'Notice sent by PEC to your digital domicile {address}',
    'domicile.applicant.avvenuta-consegna': 'Delivered to the digital domicile {address} on {date}',
    'domicile.applicant.errore-consegna': 'Delivery to the digital domicile {address} failed: you will receive the notice by post',
    'domicile.applicant.non-accettazione': 'Sending to the digital domicile {address} failed: you will receive the notice by post',
  },
});
