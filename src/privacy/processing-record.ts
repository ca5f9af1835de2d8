// The record of processing (GDPR art. 30) of one procedure, and the privacy notice (art. 13)
// made from it: purpose, legal basis, the categories of data (read from the form's field types
// and labels), the data subjects, the recipients (the competent office, the protocol system,
// pagoPA when there are fees, App IO and e-mail for the messages) and the retention in force.
// Pure: the caller gives the definition, its office and the comune's settings.
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import type { FieldDefinition, LocalizedText } from '../forms/definition.ts';
import { resolvePolicy, type RetentionPolicy } from './retention-policy.ts';

export type DataCategory = 'identity' | 'contact' | 'residence' | 'financial' | 'economic' | 'property' | 'business' | 'documents' | 'health' | 'minors' | 'judicial';

export type Recipient = 'office' | 'protocol' | 'pagopa' | 'appio' | 'email';

export type DataSubject = 'applicant' | 'representative' | 'others';

export interface RecordOfProcessing {
  slug: string;
  title: LocalizedText;
  area: string;
  controller: { name: string };
  dpo: { email: string; pec: string | null };
  office: { name: LocalizedText; email: string | null };
  purpose: LocalizedText;
  legalReferences: string[];
  policy: RetentionPolicy;
  categories: DataCategory[];
  /** special categories (art. 9) or data about minors are processed */
  special: boolean;
  subjects: DataSubject[];
  recipients: Recipient[];
}

export interface RecordContext {
  comuneName: string;
  dpoEmail: string;
  dpoPec: string | null;
  office: { name_it: string; name_en: string; email: string | null } | undefined;
  /** App IO messages are sent (the comune has a service on IO) */
  ioEnabled: boolean;
}

const HEALTH = /salute|sanitar|disabil|invalid|handicap|medic|diagnos|patolog|health|disab|medical/i;
const MINORS = /minor|figli|bambin|alunn|student|child|pupil/i;
const JUDICIAL = /penal|condann|casellario|criminal|conviction/i;
const ECONOMIC = /isee|reddit|income|patrimon|stipend|salary/i;
const NAMES = /\bnome\b|cognome|name|surname/i;

function allFields(fields: readonly FieldDefinition[]): FieldDefinition[] {
  return fields.flatMap((f) => [f, ...allFields(f.fields ?? [])]);
}

function labelOf(field: FieldDefinition): string {
  return `${field.name} ${field.label.it} ${field.label.en}`;
}

/** The categories of personal data a form collects, from its fields' types and labels. */
export function dataCategories(definition: Pick<ProcedureDefinition, 'form' | 'area'>): DataCategory[] {
  // every filing carries the applicant's identity (SPID/CIE) and an address to answer them
  const found = new Set<DataCategory>(['identity', 'contact']);
  const fields = allFields(definition.form.steps.flatMap((s) => s.fields));
  for (const field of fields) {
    const label = labelOf(field);
    switch (field.type) {
      case 'address':
      case 'street':
      case 'comune':
      case 'cap':
        found.add('residence');
        break;
      case 'iban':
        found.add('financial');
        break;
      case 'cadastral':
        found.add('property');
        break;
      case 'partitaIva':
        found.add('business');
        break;
      case 'file':
        found.add('documents');
        break;
      case 'money':
      case 'decimal':
      case 'integer':
        if (ECONOMIC.test(label)) found.add('economic');
        break;
      default:
        break;
    }
    if (HEALTH.test(label)) found.add('health');
    if (MINORS.test(label)) found.add('minors');
    if (JUDICIAL.test(label)) found.add('judicial');
    if (field.type === 'codiceFiscale' || (field.type === 'text' && NAMES.test(label))) found.add('identity');
  }
  if (definition.area === 'servizi-sociali') found.add('health');
  if (definition.area === 'scuola-istruzione') found.add('minors');
  const order: DataCategory[] = ['identity', 'contact', 'residence', 'financial', 'economic', 'property', 'business', 'documents', 'health', 'minors', 'judicial'];
  return order.filter((c) => found.has(c));
}

/** Whom the data is about: the applicant, whoever acts for them, others the form names. */
export function dataSubjects(definition: Pick<ProcedureDefinition, 'form' | 'audience' | 'filingForOthers'>): DataSubject[] {
  const subjects: DataSubject[] = ['applicant'];
  if (definition.audience !== 'citizens' || definition.filingForOthers !== false) subjects.push('representative');
  const fields = allFields(definition.form.steps.flatMap((s) => s.fields));
  if (fields.some((f) => f.type === 'codiceFiscale' || f.type === 'group')) subjects.push('others');
  return subjects;
}

export function recordOfProcessing(definition: ProcedureDefinition, context: RecordContext): RecordOfProcessing {
  const categories = dataCategories(definition);
  const recipients: Recipient[] = ['office', 'protocol'];
  if (definition.fees) recipients.push('pagopa');
  recipients.push('email');
  if (context.ioEnabled) recipients.push('appio');
  return {
    slug: definition.slug,
    title: definition.title,
    area: definition.area,
    controller: { name: context.comuneName },
    dpo: { email: context.dpoEmail, pec: context.dpoPec },
    office: { name: { it: context.office?.name_it ?? definition.office, en: context.office?.name_en ?? definition.office }, email: context.office?.email ?? null },
    purpose: definition.summary,
    legalReferences: definition.legalReferences.map((r) => r.title),
    policy: resolvePolicy(definition),
    categories,
    special: categories.some((c) => c === 'health' || c === 'minors' || c === 'judicial'),
    subjects: dataSubjects(definition),
    recipients,
  };
}

/** One CSV line per procedure for the DPO (semicolon-separated, as Italian spreadsheets open it). */
export function recordsCsv(records: readonly RecordOfProcessing[], words: (key: string) => string, locale: 'it' | 'en'): string {
  const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const header = ['procedure', 'controller', 'dpo', 'office', 'purpose', 'legalBasis', 'categories', 'special', 'subjects', 'recipients', 'filingYears', 'attachmentYears', 'messageYears', 'policySource'].map((k) => words(`privacy.csv.${k}`));
  const lines = records.map((r) =>
    [
      r.title[locale],
      r.controller.name,
      r.dpo.email,
      r.office.name[locale],
      r.purpose[locale],
      `${r.policy.legalBasis[locale]}; ${r.legalReferences.join('; ')}`,
      r.categories.map((c) => words(`privacy.category.${c}`)).join(', '),
      words(r.special ? 'privacy.yes' : 'privacy.no'),
      r.subjects.map((s) => words(`privacy.subject.${s}`)).join(', '),
      r.recipients.map((x) => words(`privacy.recipient.${x}`)).join(', '),
      String(r.policy.filingYears),
      String(r.policy.attachmentYears),
      String(r.policy.messageYears),
      words(`privacy.source.${r.policy.source}`),
    ]
      .map(cell)
      .join(';'),
  );
  // a byte order mark so that spreadsheets read the accents right
  return `\uFEFF${[header.map(cell).join(';'), ...lines].join('\r\n')}\r\n`;
}
