// The texts of the comune's fixed information pages (accessibility statement, privacy notice,
// legal notes) in Italian and English.
import { defineMessages } from '../platform/message-catalogue.ts';

export const sitePagesMessages = defineMessages({
  it: {
    'page.accessibility.title': 'Dichiarazione di accessibilità',
    'page.accessibility.body':
      'Il Comune si impegna a rendere accessibile questo sportello telematico in conformità alla legge 9 gennaio 2004, n. 4, e alle Linee guida AgID sull\'accessibilità degli strumenti informatici (norma EN 301 549, WCAG 2.1 livello AA).\n' +
      'Ogni pagina è verificata con strumenti automatici e si può usare con la sola tastiera e senza JavaScript. Se trovi un contenuto non accessibile, scrivi all\'Ufficio Relazioni con il Pubblico: risponderemo entro 30 giorni. In caso di risposta insoddisfacente puoi rivolgerti al Difensore civico per il digitale presso AgID.',
    'page.privacy.title': 'Informativa sul trattamento dei dati personali',
    'page.privacy.body':
      'Titolare del trattamento è il Comune. I dati che inserisci nelle domande sono trattati solo per svolgere il procedimento richiesto, in base all\'art. 6, par. 1, lett. c) ed e) del Regolamento (UE) 2016/679, e conservati per il tempo previsto dalle norme sugli archivi pubblici.\n' +
      'Non chiediamo dati che l\'amministrazione possiede già: i tuoi dati anagrafici arrivano dall\'identità digitale (SPID o CIE). Puoi esercitare i diritti degli articoli 15-22 del Regolamento scrivendo al Responsabile della protezione dei dati del Comune, e proporre reclamo al Garante per la protezione dei dati personali.',
    'page.legal.title': 'Note legali',
    'page.legal.body':
      'I contenuti di questo sito sono pubblicati con licenza Creative Commons Attribuzione 4.0, salvo dove indicato diversamente. Il software dello sportello è libero e distribuito con licenza EUPL 1.2.',
  },
  en: {
    'page.accessibility.title': 'Accessibility statement',
    'page.accessibility.body':
      'The municipality is committed to making this online desk accessible in accordance with Law no. 4 of 9 January 2004 and AgID\'s accessibility guidelines (EN 301 549, WCAG 2.1 level AA).\n' +
      'Every page is checked with automated tools and can be used with the keyboard alone and without JavaScript. If you find content that is not accessible, write to the Public Relations Office: we will answer within 30 days. If the answer does not satisfy you, you can turn to the Digital Ombudsman at AgID.',
    'page.privacy.title': 'Privacy notice',
    'page.privacy.body':
      'The data controller is the municipality. The data you enter in applications is processed only to carry out the procedure you request, under art. 6(1)(c) and (e) of Regulation (EU) 2016/679, and kept for the time set by the rules on public archives.\n' +
      'We do not ask for data the administration already has: your personal details come from your digital identity (SPID or CIE). You can exercise the rights of articles 15-22 of the Regulation by writing to the municipality\'s Data Protection Officer, and lodge a complaint with the Italian Data Protection Authority.',
    'page.legal.title': 'Legal notes',
    'page.legal.body':
      'The content of this site is published under the Creative Commons Attribution 4.0 licence unless stated otherwise. The software of the online desk is free software released under the EUPL 1.2 licence.',
  },
});
