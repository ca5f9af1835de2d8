// What a document of the office is for (its purpose), as data keyed by a string: how it is sent
// (with the decision, with a request that pauses the clock, or as a letter) and the default
// template the comune ships for it, in Italian and English. An administrator overrides a default
// per procedure (documents.service.ts); a new purpose is one entry here.
import type { Locale } from '../platform/i18n.ts';

/** How a document leaves the office: the case action it goes with. */
export type SendAs = 'decision-approved' | 'decision-rejected' | 'decision-inadmissible' | 'integration' | 'refusal' | 'conformation' | 'prohibition' | 'letter';

export interface TemplateText {
  title: string;
  body: string;
}

export interface Purpose {
  key: string;
  sendAs: SendAs;
  name: Record<Locale, string>;
  defaults: Record<Locale, TemplateText>;
}

const HEAD_IT = `Oggetto: {{ pratica.procedimento }} - domanda prot. n. {{ pratica.protocollo }} del {{ pratica.dataProtocollo }}

Gentile {{ richiedente.nome }} (codice fiscale {{ richiedente.codiceFiscale }}){% if impresa.nome %}, per {{ impresa.nome }}{% endif %},
`;
const HEAD_EN = `Subject: {{ pratica.procedimento }} - application ref. no. {{ pratica.protocollo }} of {{ pratica.dataProtocollo }}

Dear {{ richiedente.nome }} (tax code {{ richiedente.codiceFiscale }}){% if impresa.nome %}, for {{ impresa.nome }}{% endif %},
`;
const FOOT_IT = `
{{ comune }}, {{ oggi }}

Il responsabile del procedimento: {{ pratica.responsabile }} - {{ pratica.ufficio }}`;
const FOOT_EN = `
{{ comune }}, {{ oggi }}

The officer responsible: {{ pratica.responsabile }} - {{ pratica.ufficio }}`;

function purpose(key: string, sendAs: SendAs, name: Record<Locale, string>, it: { title: string; body: string }, en: { title: string; body: string }): Purpose {
  return {
    key,
    sendAs,
    name,
    defaults: {
      it: { title: it.title, body: `${HEAD_IT}\n${it.body}\n${FOOT_IT}\n` },
      en: { title: en.title, body: `${HEAD_EN}\n${en.body}\n${FOOT_EN}\n` },
    },
  };
}

export const PURPOSES: readonly Purpose[] = [
  purpose(
    'accoglimento',
    'decision-approved',
    { it: 'Provvedimento di accoglimento', en: 'Decision of approval' },
    {
      title: 'Provvedimento di accoglimento',
      body: `## Il responsabile del procedimento

visti gli atti dell'istruttoria,

**dispone l'accoglimento** della domanda indicata in oggetto.

## Motivazione

{{ testo }}`,
    },
    {
      title: 'Decision of approval',
      body: `## The officer responsible

having examined the case,

**approves** the application named above.

## Reasons

{{ testo }}`,
    },
  ),
  purpose(
    'rigetto',
    'decision-rejected',
    { it: 'Provvedimento di rigetto', en: 'Decision of rejection' },
    {
      title: 'Provvedimento di rigetto',
      body: `## Il responsabile del procedimento

visti gli atti dell'istruttoria e il preavviso di rigetto comunicato ai sensi dell'art. 10-bis della legge 241/1990,

**dispone il rigetto** della domanda indicata in oggetto.

## Motivazione

{{ testo }}

Contro il presente provvedimento è ammesso ricorso al TAR entro 60 giorni o ricorso straordinario al Presidente della Repubblica entro 120 giorni.`,
    },
    {
      title: 'Decision of rejection',
      body: `## The officer responsible

having examined the case and the notice of refusal given under art. 10-bis of Law 241/1990,

**rejects** the application named above.

## Reasons

{{ testo }}

An appeal lies to the regional administrative court (TAR) within 60 days, or to the President of the Republic within 120 days.`,
    },
  ),
  purpose(
    'inammissibilita',
    'decision-inadmissible',
    { it: 'Dichiarazione di inammissibilità', en: 'Declaration of inadmissibility' },
    { title: 'Dichiarazione di inammissibilità', body: `La domanda indicata in oggetto è **inammissibile** per i seguenti motivi:\n\n{{ testo }}` },
    { title: 'Declaration of inadmissibility', body: `The application named above is **inadmissible** for these reasons:\n\n{{ testo }}` },
  ),
  purpose(
    'richiesta-integrazione',
    'integration',
    { it: 'Richiesta di integrazione', en: 'Request for further documents' },
    {
      title: 'Richiesta di integrazione documentale',
      body: `Ai sensi dell'art. 2, comma 7, della legge 241/1990, per completare l'istruttoria si chiede di presentare:\n\n{{ testo }}\n\nI termini del procedimento sono sospesi fino alla ricezione di quanto richiesto.`,
    },
    {
      title: 'Request for further documents',
      body: `Under art. 2(7) of Law 241/1990, to complete the review please provide:\n\n{{ testo }}\n\nThe time limit of the procedure is suspended until we receive it.`,
    },
  ),
  purpose(
    'preavviso-rigetto',
    'refusal',
    { it: 'Preavviso di rigetto (art. 10-bis)', en: 'Notice of refusal (art. 10-bis)' },
    {
      title: 'Comunicazione dei motivi ostativi (art. 10-bis L. 241/1990)',
      body: `Si comunicano i motivi che ostano all'accoglimento della domanda:\n\n{{ testo }}\n\nEntro 10 giorni dal ricevimento può presentare per iscritto osservazioni, eventualmente corredate da documenti.`,
    },
    {
      title: 'Notice of the reasons against the application (art. 10-bis Law 241/1990)',
      body: `These are the reasons that prevent us from approving the application:\n\n{{ testo }}\n\nWithin 10 days of receipt you may send written comments, with documents if you wish.`,
    },
  ),
  purpose(
    'comunicazione',
    'letter',
    { it: 'Comunicazione generica', en: 'Letter' },
    { title: 'Comunicazione', body: '{{ testo }}' },
    { title: 'Letter', body: '{{ testo }}' },
  ),
  // the measures on a SCIA (art. 19 c. 3) go with their actions; an archiving's notice is a letter
  purpose(
    'ordine-conformazione',
    'conformation',
    { it: 'Ordine di conformazione', en: 'Order to conform' },
    { title: 'Ordine di conformazione (art. 19, c. 3, L. 241/1990)', body: `Si ordina di conformare l'attività alla normativa vigente entro il termine indicato:\n\n{{ testo }}\n\nIn mancanza, l'attività si intende vietata.` },
    { title: 'Order to conform (art. 19(3) Law 241/1990)', body: `You are ordered to bring the activity into line with the rules within the time given:\n\n{{ testo }}\n\nOtherwise the activity is prohibited.` },
  ),
  purpose(
    'divieto-prosecuzione',
    'prohibition',
    { it: 'Divieto di prosecuzione dell’attività', en: 'Prohibition to continue' },
    { title: 'Divieto di prosecuzione dell’attività', body: `Si **vieta la prosecuzione** dell'attività segnalata e si ordina la rimozione degli eventuali effetti dannosi.\n\n## Motivazione\n\n{{ testo }}` },
    { title: 'Prohibition to continue the activity', body: `The activity notified is **prohibited** and any harmful effects must be removed.\n\n## Reasons\n\n{{ testo }}` },
  ),
  purpose(
    'archiviazione',
    'letter',
    { it: 'Archiviazione', en: 'Closing of the file' },
    { title: 'Comunicazione di archiviazione', body: `La pratica indicata in oggetto è archiviata.\n\n{{ testo }}` },
    { title: 'Notice of closing of the file', body: `The case named above is closed.\n\n{{ testo }}` },
  ),
];

export function purposeOf(key: string): Purpose | undefined {
  return PURPOSES.find((p) => p.key === key);
}
