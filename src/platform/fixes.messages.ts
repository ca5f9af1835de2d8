// Texts added while fixing issue 21's small bugs, where a page needed a word of its own: the
// payment's due date ("Pay by", not the answer's "Answer by"), the singular of the catalogue's
// result count, the CIE provider's level, and the comune's default pagoPA taxonomy code.
import { defineMessages } from './message-catalogue.ts';

export const fixesMessages = defineMessages({
  it: {
    'area.payBy': 'Da pagare entro',
    'catalogue.results.one': '{count} servizio trovato',
    'catalogue.resultsFor.one': '{count} servizio trovato per «{q}»',
    'testIdp.level.cie': 'Livello di sicurezza CIE',
    'backoffice.payments.taxonomyComune': 'Se lo lasci vuoto si usa quello predefinito del Comune: {code}.',
  },
  en: {
    'area.payBy': 'Pay by',
    'catalogue.results.one': '{count} service found',
    'catalogue.resultsFor.one': '{count} service found for “{q}”',
    'testIdp.level.cie': 'CIE security level',
    'backoffice.payments.taxonomyComune': 'Leave it empty to use the comune\'s default: {code}.',
  },
});
