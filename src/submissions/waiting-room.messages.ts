// The waiting room's texts in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

export const waitingRoomMessages = defineMessages({
  it: {
    'waitingRoom.title': 'Sala d\'attesa virtuale',
    'waitingRoom.lead': 'In questo momento molte persone stanno presentando la domanda. Per non rallentare il servizio entrate in ordine di arrivo: il tuo posto è conservato.',
    'waitingRoom.next': 'Sei il prossimo a entrare.',
    'waitingRoom.ahead': 'Davanti a te ci sono {ahead} persone.',
    'waitingRoom.aheadOne': 'Davanti a te c\'è una persona.',
    'waitingRoom.wait': 'Attesa stimata: circa {minutes} minuti.',
    'waitingRoom.waitShort': 'Attesa stimata: meno di un minuto.',
    'waitingRoom.refresh': 'Questa pagina si aggiorna da sola ogni {seconds} secondi: non serve ricaricarla. Se chiudi la pagina, tornando qui manterrai il tuo posto.',
    'waitingRoom.order': 'L\'ordine della graduatoria dipende dall\'ora di ricezione della domanda inviata, registrata dal server, non dall\'ingresso in sala d\'attesa.',
    'waitingRoom.check': 'Controlla ora',
    'waitingRoom.notOpen': 'Le domande si aprono il {when}: prima dell\'apertura non entra nessuno.',
    'waitingRoom.position': 'Il tuo posto in fila è il numero {position}.',
    'waitingRoom.fromOpening': 'Dall\'apertura entrano {rate} persone al secondo, in ordine di arrivo in sala d\'attesa. La stima comprende il tempo che manca all\'apertura.',
    'waitingRoom.sameTicket': 'Aprire altre schede, ricaricare la pagina o accedere da un altro dispositivo non fa guadagnare posti: a ogni persona corrisponde un solo posto in fila per questo servizio.',
  },
  en: {
    'waitingRoom.title': 'Virtual waiting room',
    'waitingRoom.lead': 'Many people are applying right now. So that the service does not slow down, you go in in order of arrival: your place is kept.',
    'waitingRoom.next': 'You are next.',
    'waitingRoom.ahead': 'There are {ahead} people ahead of you.',
    'waitingRoom.aheadOne': 'There is one person ahead of you.',
    'waitingRoom.wait': 'Estimated wait: about {minutes} minutes.',
    'waitingRoom.waitShort': 'Estimated wait: less than a minute.',
    'waitingRoom.refresh': 'This page refreshes itself every {seconds} seconds: there is no need to reload it. If you close it, coming back here keeps your place.',
    'waitingRoom.order': 'The ranking follows the time the server received the application you send, not the time you entered the waiting room.',
    'waitingRoom.check': 'Check now',
    'waitingRoom.notOpen': 'Applications open on {when}: nobody goes in before the opening.',
    'waitingRoom.position': 'Your place in the line is number {position}.',
    'waitingRoom.fromOpening': 'From the opening {rate} people go in each second, in the order they arrived in the waiting room. The estimate includes the time left until the opening.',
    'waitingRoom.sameTicket': 'Opening more tabs, reloading the page or logging in from another device gains no places: each person has one place in the line for this service.',
  },
});
