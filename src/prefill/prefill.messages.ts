// Texts of prefilled answers: the note beside a value that came from a register, the note of a
// register that could not answer, the refusal of a changed value the procedure keeps as the
// register gave it, and the clerk's mark, in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

export const prefillMessages = defineMessages({
  it: {
    'prefill.register.identity': 'identità digitale',
    'prefill.register.anpr': 'ANPR',
    'prefill.register.inps': 'INPS',
    'prefill.register.company': 'Registro imprese',
    'prefill.from': 'Dato da {register}, {date}',
    'prefill.fromLocked': 'Dato da {register}, {date}: non si può modificare qui.',
    'prefill.unavailable': 'Non è stato possibile recuperare il dato da {register}: inseriscilo tu.',
    'prefill.changed': 'Questo dato viene da {register} e non si può modificare qui: se non è corretto, chiedi di correggerlo a chi lo tiene.',
    'prefill.caseMark': 'da {register}, {date}',
  },
  en: {
    'prefill.register.identity': 'digital identity',
    'prefill.register.anpr': 'ANPR',
    'prefill.register.inps': 'INPS',
    'prefill.register.company': 'Company register',
    'prefill.from': 'From {register}, {date}',
    'prefill.fromLocked': 'From {register}, {date}: it cannot be changed here.',
    'prefill.unavailable': 'It was not possible to get this from {register}: please fill it in yourself.',
    'prefill.changed': 'This comes from {register} and cannot be changed here: if it is wrong, ask whoever keeps it to correct it.',
    'prefill.caseMark': 'from {register}, {date}',
  },
});
