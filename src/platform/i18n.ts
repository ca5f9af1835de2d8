// The portal's own texts in Italian and English (the procedures carry theirs in their
// definitions). English must have every key Italian has: the type checker enforces it.
// Domains add their texts under their own prefix.

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'it';

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

const it = {
  'site.skipToContent': 'Vai al contenuto principale',
  'site.skipToFooter': 'Vai al piè di pagina',
  'site.home': 'Home',
  'site.language': 'Lingua',
  'site.languageName.it': 'Italiano',
  'site.languageName.en': 'English',
  'site.switchTo': 'Read in English',
  'site.portalName': 'Sportello telematico',
  'site.tagline': 'I servizi online del Comune, in un unico sportello',
  'site.login': 'Accedi all\'area personale',
  'site.logout': 'Esci',
  'site.personalArea': 'Area personale',
  'site.mainMenu': 'Menu principale',
  'site.services': 'Servizi',
  'site.searchLabel': 'Cerca un servizio',
  'site.searchButton': 'Cerca',
  'site.breadcrumb': 'Percorso di navigazione',
  'site.openMenu': 'Apri il menu',
  'site.closeMenu': 'Chiudi il menu',
  'footer.accessibility': 'Dichiarazione di accessibilità',
  'footer.privacy': 'Informativa privacy',
  'footer.legalNotes': 'Note legali',
  'footer.contacts': 'Contatti',
  'footer.openSource': 'Sportello è software libero, distribuito con licenza EUPL 1.2.',
  'footer.apiDocs': 'API dei dati aperti del catalogo',
  'home.title': 'Servizi online',
  'home.lead': 'Presenta le tue domande al Comune quando vuoi, da qualsiasi dispositivo, con SPID o CIE. Ogni richiesta arriva subito all\'ufficio competente e puoi seguirla fino alla risposta.',
  'home.areas': 'Esplora per argomento',
  'home.featured': 'I servizi più richiesti',
  'home.allServices': 'Vedi tutti i servizi',
  'home.servicesCount': '{count} servizi',
  'catalogue.title': 'Tutti i servizi',
  'catalogue.lead': 'Cerca tra i servizi del Comune o scegli un argomento.',
  'catalogue.results': '{count} servizi trovati',
  'catalogue.resultsFor': '{count} servizi trovati per «{q}»',
  'catalogue.noResults': 'Nessun servizio trovato per «{q}». Prova con un\'altra parola, o scegli un argomento.',
  'catalogue.allAreas': 'Tutti gli argomenti',
  'catalogue.filterArea': 'Argomento',
  'catalogue.filter': 'Filtra',
  'catalogue.clear': 'Mostra tutti',
  'procedure.fillOnline': 'Compila online',
  'procedure.contents': 'Indice della pagina',
  'procedure.description': 'Cos\'è',
  'procedure.whoCanApply': 'A chi è rivolto',
  'procedure.howTo': 'Come fare',
  'procedure.requirements': 'Cosa serve',
  'procedure.documents': 'Documenti da allegare',
  'procedure.cost': 'Quanto costa',
  'procedure.times': 'Tempi e scadenze',
  'procedure.timesText': 'L\'ufficio risponde entro {days} giorni dalla presentazione della domanda (legge 241/1990).',
  'procedure.silenceConsent': 'Se l\'ufficio non risponde entro questo termine, la domanda si considera accolta (silenzio-assenso, art. 20 legge 241/1990).',
  'procedure.office': 'Ufficio responsabile',
  'procedure.openingHours': 'Orari',
  'procedure.legalReferences': 'Riferimenti normativi',
  'procedure.access': 'Accesso',
  'procedure.accessText': 'Per presentare la domanda serve SPID o CIE di livello {level} o superiore.',
  'procedure.audience.citizens': 'Cittadini',
  'procedure.audience.businesses': 'Imprese',
  'procedure.audience.both': 'Cittadini e imprese',
  'procedure.area': 'Argomento',
  'procedure.free': 'Gratuito',
  'procedure.howLong': 'Durata',
  'procedure.days': '{days} giorni',
  'error.notFound.title': 'Pagina non trovata',
  'error.notFound.text': 'La pagina che cerchi non esiste o non è più disponibile. Se hai seguito un collegamento, potrebbe essere vecchio.',
  'error.forbidden.title': 'Accesso non consentito',
  'error.forbidden.text': 'La richiesta non è stata accettata perché il modulo è scaduto o non è valido. Torna indietro, ricarica la pagina e riprova.',
  'error.server.title': 'Si è verificato un errore',
  'error.server.text': 'Non siamo riusciti a completare la richiesta. Nessun dato inviato è andato perso: riprova tra qualche minuto.',
  'error.overload.title': 'Servizio molto richiesto',
  'error.overload.text': 'In questo momento il servizio riceve moltissime richieste. Riprova tra qualche secondo: i dati che hai inserito non sono stati persi.',
  'error.tooMany.title': 'Troppe richieste',
  'error.tooMany.text': 'Hai fatto troppe richieste in poco tempo. Attendi un minuto e riprova.',
  'error.badRequest.title': 'Richiesta non valida',
  'error.badRequest.text': 'La richiesta non è stata capita. Torna indietro e riprova.',
  'error.reference': 'Codice di riferimento: {id}',
  'error.goHome': 'Torna alla home',
  'error.goServices': 'Vai ai servizi',
} as const;

export type MessageKey = keyof typeof it;

const en: Record<MessageKey, string> = {
  'site.skipToContent': 'Skip to main content',
  'site.skipToFooter': 'Skip to footer',
  'site.home': 'Home',
  'site.language': 'Language',
  'site.languageName.it': 'Italiano',
  'site.languageName.en': 'English',
  'site.switchTo': 'Leggi in italiano',
  'site.portalName': 'Online desk',
  'site.tagline': 'The municipality\'s online services, in one place',
  'site.login': 'Log in to your personal area',
  'site.logout': 'Log out',
  'site.personalArea': 'Personal area',
  'site.mainMenu': 'Main menu',
  'site.services': 'Services',
  'site.searchLabel': 'Search for a service',
  'site.searchButton': 'Search',
  'site.breadcrumb': 'Breadcrumb',
  'site.openMenu': 'Open the menu',
  'site.closeMenu': 'Close the menu',
  'footer.accessibility': 'Accessibility statement',
  'footer.privacy': 'Privacy notice',
  'footer.legalNotes': 'Legal notes',
  'footer.contacts': 'Contacts',
  'footer.openSource': 'Sportello is free software, released under the EUPL 1.2 licence.',
  'footer.apiDocs': 'Open data API of the catalogue',
  'home.title': 'Online services',
  'home.lead': 'Apply to the municipality whenever you like, from any device, with SPID or CIE. Every request reaches the competent office at once and you can follow it until the answer.',
  'home.areas': 'Browse by topic',
  'home.featured': 'Most requested services',
  'home.allServices': 'See all services',
  'home.servicesCount': '{count} services',
  'catalogue.title': 'All services',
  'catalogue.lead': 'Search the municipality\'s services or choose a topic.',
  'catalogue.results': '{count} services found',
  'catalogue.resultsFor': '{count} services found for “{q}”',
  'catalogue.noResults': 'No service found for “{q}”. Try another word, or choose a topic.',
  'catalogue.allAreas': 'All topics',
  'catalogue.filterArea': 'Topic',
  'catalogue.filter': 'Filter',
  'catalogue.clear': 'Show all',
  'procedure.fillOnline': 'Apply online',
  'procedure.contents': 'On this page',
  'procedure.description': 'What it is',
  'procedure.whoCanApply': 'Who can apply',
  'procedure.howTo': 'How to apply',
  'procedure.requirements': 'What you need',
  'procedure.documents': 'Documents to attach',
  'procedure.cost': 'Cost',
  'procedure.times': 'Times and deadlines',
  'procedure.timesText': 'The office answers within {days} days of the application (Law 241/1990).',
  'procedure.silenceConsent': 'If the office does not answer within this time, the application is deemed accepted (silence means consent, art. 20 of Law 241/1990).',
  'procedure.office': 'Responsible office',
  'procedure.openingHours': 'Opening hours',
  'procedure.legalReferences': 'Legal references',
  'procedure.access': 'Access',
  'procedure.accessText': 'To apply you need SPID or CIE at level {level} or higher.',
  'procedure.audience.citizens': 'Citizens',
  'procedure.audience.businesses': 'Businesses',
  'procedure.audience.both': 'Citizens and businesses',
  'procedure.area': 'Topic',
  'procedure.free': 'Free of charge',
  'procedure.howLong': 'Duration',
  'procedure.days': '{days} days',
  'error.notFound.title': 'Page not found',
  'error.notFound.text': 'The page you are looking for does not exist or is no longer available. If you followed a link, it may be out of date.',
  'error.forbidden.title': 'Request not allowed',
  'error.forbidden.text': 'The request was not accepted because the form has expired or is not valid. Go back, reload the page and try again.',
  'error.server.title': 'Something went wrong',
  'error.server.text': 'We could not complete the request. Nothing you sent has been lost: please try again in a few minutes.',
  'error.overload.title': 'Service in high demand',
  'error.overload.text': 'The service is receiving a very large number of requests right now. Try again in a few seconds: what you entered has not been lost.',
  'error.tooMany.title': 'Too many requests',
  'error.tooMany.text': 'You made too many requests in a short time. Wait a minute and try again.',
  'error.badRequest.title': 'Bad request',
  'error.badRequest.text': 'The request was not understood. Go back and try again.',
  'error.reference': 'Reference code: {id}',
  'error.goHome': 'Back to the home page',
  'error.goServices': 'Go to the services',
};

const catalogues: Record<Locale, Record<string, string>> = { it, en };

/**
 * Domains register their own texts (both languages at once, so neither can be forgotten).
 * A key registered twice is a programming error.
 */
export function registerMessages<K extends string>(texts: { it: Record<K, string>; en: Record<K, string> }): void {
  for (const locale of LOCALES) {
    for (const [key, value] of Object.entries<string>(texts[locale])) {
      if (key in catalogues[locale] && catalogues[locale][key] !== value) throw new Error(`message ${key} registered twice`);
      catalogues[locale][key] = value;
    }
  }
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => {
    const template = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key];
    if (template === undefined) throw new Error(`missing message ${key}`);
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}

/** Every key of every catalogue, to test that both languages are complete. */
export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

/** Picks the person's language from a {it, en} text. */
export function localize(text: { it: string; en: string } | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.it;
}
