// The export sections of the portal's own domains (sections.ts lists them): each asks its
// domain's personal-data service for what is about the person and shapes one JSON file. Internal
// ids and storage keys stay out; filings are named by the public id the person knows.
import { createAppointmentsPersonalData } from '../appointments/personal-data.service.ts';
import { createBackofficePersonalData, type CaseRecordsOfFiling } from '../backoffice/personal-data.service.ts';
import { officeByCode } from '../catalogue/catalogue.service.ts';
import { uniqueNames } from '../backoffice/zip.ts';
import { createIdentityPersonalData } from '../identity/personal-data.service.ts';
import { createNotificationsPersonalData } from '../notifications/personal-data.service.ts';
import { createPaymentsPersonalData } from '../payments/personal-data.service.ts';
import { createRepresentationPersonalData } from '../representation/personal-data.service.ts';
import type { ExportContext, ExportSection } from './sections.ts';

const caseRecords = (ctx: ExportContext) =>
  ctx.memo<Map<number, CaseRecordsOfFiling>>('case-records', () => createBackofficePersonalData(ctx.db).recordsOf(ctx.filings.map((f) => f.id)));

/** Office names by code, in both languages (the catalogue's offices). */
async function officeNames(ctx: ExportContext, codes: ReadonlyArray<string | null>) {
  const unique = [...new Set(codes.filter((c): c is string => Boolean(c)))];
  const rows = await Promise.all(unique.map(async (code) => [code, await officeByCode(ctx.db, code)] as const));
  return new Map(rows.map(([code, row]) => [code, { code, name_it: row?.name_it ?? code, name_en: row?.name_en ?? code }]));
}

const filingRef = (f: ExportContext['filings'][number]) => ({
  filing: f.publicId,
  procedure: f.procedure.slug,
  protocol: f.protocol ? `${f.protocol.number}/${f.protocol.year}` : null,
});

export const accountSection: ExportSection = {
  name: 'account',
  title: { it: 'Identità e accessi al portale', en: 'Identity and logins to the portal' },
  about: {
    it: 'Il tuo codice fiscale e le sessioni di accesso con SPID o CIE registrate dal portale.',
    en: 'Your fiscal code and the SPID or CIE login sessions the portal recorded.',
  },
  async load(ctx) {
    const sessions = await createIdentityPersonalData(ctx.db).sessionsOf(ctx.fiscalCode);
    return { count: sessions.length, data: { fiscalCode: ctx.fiscalCode, sessions } };
  },
};

export const filingsSection: ExportSection = {
  name: 'filings',
  title: { it: 'Richieste presentate', en: 'Filings' },
  about: {
    it: 'Le pratiche in cui compari come richiedente, co-richiedente o come chi le ha presentate per altri: risposte, stato, date, protocollo ed esito.',
    en: 'The filings that name you as applicant, co-applicant or as who filed them for someone else: answers, state, dates, protocol number and decision.',
  },
  async load(ctx) {
    const records = await caseRecords(ctx);
    const offices = await officeNames(ctx, ctx.filings.map((f) => f.officeCode));
    const data = ctx.filings.map((f) => {
      const r = records.get(f.id);
      return {
        filing: f.publicId,
        procedure: f.procedure,
        yourRoles: f.roles,
        applicant: f.applicant,
        company: f.company,
        filer: f.filer,
        channel: f.channel,
        language: f.locale,
        receivedAt: f.receivedAt,
        status: r?.case?.status ?? f.status,
        dueDate: r?.case?.dueDate ?? f.dueDate,
        office: offices.get(f.officeCode) ?? null,
        protocol: f.protocol,
        answers: f.answers,
        summary: f.summary,
        corrections: f.corrections,
        decision: r?.decision ?? null,
        satisfaction: f.satisfaction,
        attachments: f.attachments.map((a) => ({ name: a.name, sha256: a.sha256 })),
      };
    });
    return { count: data.length, data };
  },
};

export const attachmentsSection: ExportSection = {
  name: 'attachments',
  title: { it: 'Allegati', en: 'Attachments' },
  about: {
    it: 'I file allegati alle tue richieste: sono nell\'archivio, nella cartella "allegati", con la loro impronta SHA-256.',
    en: 'The files attached to your filings: they are in the archive, in the "allegati" folder, with their SHA-256 fingerprint.',
  },
  async load(ctx, { withFiles }) {
    const data = ctx.filings.flatMap((f) => {
      const paths = uniqueNames(f.attachments.map((a) => a.name));
      return f.attachments.map((a, i) => ({ ...filingRef(f), field: a.field, name: a.name, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256, uploadedAt: a.uploadedAt, path: `allegati/${f.publicId}/${paths[i]}`, storageKey: a.storageKey }));
    });
    const files = withFiles
      ? data.map((a) => ({ path: a.path, modified: a.uploadedAt, open: () => ctx.services.storage.get(a.storageKey) }))
      : undefined;
    return { count: data.length, data: data.map(({ storageKey: _key, ...rest }) => rest), ...(files ? { files } : {}) };
  },
};

export const messagesSection: ExportSection = {
  name: 'case-messages',
  title: { it: 'Messaggi e richieste dell\'ufficio', en: 'Messages and requests of the office' },
  about: {
    it: 'I messaggi scambiati con l\'ufficio sulle tue pratiche e le richieste di integrazione che ti ha fatto.',
    en: 'The messages exchanged with the office on your filings and the requests for documents it made.',
  },
  async load(ctx) {
    const records = await caseRecords(ctx);
    const data = ctx.filings.flatMap((f) => {
      const r = records.get(f.id);
      return r && (r.messages.length || r.requests.length) ? [{ ...filingRef(f), messages: r.messages, requests: r.requests }] : [];
    });
    return { count: data.reduce((n, d) => n + d.messages.length + d.requests.length, 0), data };
  },
};

const notificationsOf = (ctx: ExportContext) => createNotificationsPersonalData(ctx.db, { config: ctx.config, clock: ctx.clock });

export const inboxSection: ExportSection = {
  name: 'inbox',
  title: { it: 'Messaggi nell\'area personale', en: 'Messages in your personal area' },
  about: { it: 'I messaggi della tua casella nel portale, letti e non letti.', en: 'The messages of your inbox in the portal, read and unread.' },
  async load(ctx) {
    const data = await notificationsOf(ctx).inboxOf(ctx.fiscalCode, ctx.locale);
    return { count: data.length, data };
  },
};

export const notificationsSection: ExportSection = {
  name: 'notifications',
  title: { it: 'Notifiche inviate', en: 'Notifications sent' },
  about: {
    it: 'Ogni avviso che il portale ti ha inviato, con il canale (e-mail, App IO, PEC) e l\'esito della consegna.',
    en: 'Every notice the portal sent you, with its channel (e-mail, App IO, PEC) and the outcome of the delivery.',
  },
  async load(ctx) {
    const data = await notificationsOf(ctx).notificationsOf(ctx.fiscalCode);
    return { count: data.length, data };
  },
};

export const paymentsSection: ExportSection = {
  name: 'payments',
  title: { it: 'Pagamenti', en: 'Payments' },
  about: {
    it: 'Le posizioni di pagamento pagoPA tue o delle tue richieste: importi, IUV, stato e ricevute.',
    en: 'The pagoPA payment positions that are yours or your filings\': amounts, IUV, status and receipts.',
  },
  async load(ctx) {
    const positions = await createPaymentsPersonalData(ctx.db).positionsOf(ctx.fiscalCode, ctx.filings.map((f) => f.id));
    const data = positions.map(({ submissionId, ...p }) => ({ filing: ctx.publicIdOf(submissionId), ...p }));
    return { count: data.length, data };
  },
};

export const delegationsSection: ExportSection = {
  name: 'delegations',
  title: { it: 'Deleghe', en: 'Delegations' },
  about: { it: 'Le deleghe che hai dato e ricevuto, con la loro storia.', en: 'The delegations you gave and received, with their history.' },
  async load(ctx) {
    const data = await createRepresentationPersonalData(ctx.db).delegationsOf(ctx.fiscalCode);
    return { count: data.length, data };
  },
};

export const representationSection: ExportSection = {
  name: 'companies-and-profession',
  title: { it: 'Imprese e profilo professionale', en: 'Companies and professional profile' },
  about: {
    it: 'Le autorizzazioni a operare per imprese che ti riguardano e il tuo profilo professionale, se lo hai indicato.',
    en: 'The authorisations to act for companies that concern you and your professional profile, if you gave one.',
  },
  async load(ctx) {
    const reads = createRepresentationPersonalData(ctx.db);
    const [companyAuthorisations, professionalProfile] = await Promise.all([reads.authorisationsOf(ctx.fiscalCode), reads.professionalProfileOf(ctx.fiscalCode)]);
    return { count: companyAuthorisations.length + (professionalProfile ? 1 : 0), data: { companyAuthorisations, professionalProfile } };
  },
};

export const contactsSection: ExportSection = {
  name: 'contacts',
  title: { it: 'Contatti e preferenze', en: 'Contacts and preferences' },
  about: {
    it: 'L\'indirizzo e-mail per gli avvisi e la scelta di ricevere i messaggi su App IO. Puoi cancellarli qui sotto.',
    en: 'The e-mail address for notices and the choice of receiving messages on App IO. You can delete them below.',
  },
  async load(ctx) {
    const data = await notificationsOf(ctx).contactsOf(ctx.fiscalCode);
    return { count: (data.email ? 1 : 0) + (data.pendingEmail ? 1 : 0) + (data.appIo ? 1 : 0), data };
  },
};

export const appointmentsSection: ExportSection = {
  name: 'appointments',
  title: { it: 'Appuntamenti', en: 'Appointments' },
  about: { it: 'Gli appuntamenti che hai prenotato con gli uffici.', en: 'The appointments you booked with the offices.' },
  async load(ctx) {
    const data = await createAppointmentsPersonalData(ctx.db).bookingsOf(ctx.fiscalCode);
    return { count: data.length, data };
  },
};

/** The staff audit log's actions in words (an action not listed is shown by its code). */
const ACTIONS: Record<string, { it: string; en: string }> = {
  'case.view': { it: 'Apertura della pratica', en: 'Opened the filing' },
  'api.case.view': { it: 'Lettura della pratica da un sistema del Comune', en: 'Read by a system of the comune' },
  'attachment.download': { it: 'Scaricamento di un allegato', en: 'Downloaded an attachment' },
  'file.download': { it: 'Scaricamento di un documento della pratica', en: 'Downloaded a document of the case' },
  'receipt.download': { it: 'Scaricamento della ricevuta', en: 'Downloaded the receipt' },
  'case.zip': { it: 'Scaricamento di tutti i file della pratica', en: 'Downloaded all the files of the case' },
  'answers.export': { it: 'Esportazione delle risposte del servizio', en: 'Export of the service\'s answers' },
  'ranking.export': { it: 'Esportazione della graduatoria', en: 'Export of the ranking' },
};
const actionText = (action: string, locale: 'it' | 'en') =>
  ACTIONS[action]?.[locale] ?? (action.startsWith('payment.') ? { it: 'Operazione sul pagamento', en: 'Payment operation' }[locale] : action);

export const staffAccessSection: ExportSection = {
  name: 'staff-access',
  title: { it: 'Chi ha consultato le tue pratiche', en: 'Who read your filings' },
  about: {
    it: 'Per ogni tua pratica, quando un ufficio del Comune l\'ha aperta, ne ha scaricato gli allegati o l\'ha esportata (registro di sicurezza del personale).',
    en: 'For each of your filings, when an office of the comune opened it, downloaded its attachments or exported it (the staff security log).',
  },
  async load(ctx) {
    const accesses = await createBackofficePersonalData(ctx.db).staffAccessOf(ctx.filings.map((f) => ({ id: f.id, procedureId: f.procedure.id, officeCode: f.officeCode, receivedAt: f.receivedAt })));
    const offices = await officeNames(ctx, [...accesses.values()].flat().map((a) => a.officeCode));
    const data = ctx.filings.flatMap((f) => {
      const list = accesses.get(f.id) ?? [];
      return list.length ? [{ ...filingRef(f), accesses: list.map((a) => ({ at: a.at, action: a.action, description: actionText(a.action, ctx.locale), office: a.officeCode ? offices.get(a.officeCode) ?? null : null })) }] : [];
    });
    return { count: data.reduce((n, d) => n + d.accesses.length, 0), data };
  },
};
