// The merge data of a document: what a template may name, built from a case (or from a sample
// case of a procedure, for an administrator's preview and for the check at save). The names are
// Italian, like the office's letters; the same in both languages' templates:
//   pratica.{protocollo, dataProtocollo, procedimento, ufficio, responsabile, scadenza, codice}
//   richiedente.{nome, codiceFiscale, indirizzo, email}   impresa.{nome, codiceFiscale, partitaIva}
//   risposte.<field id> (the answer as the summary shows it)   testo   oggi   comune
import { summaryView, type Answers, type FieldDefinition, type FormDefinition, type Locale } from '../forms/index.ts';
import { formatDate } from '../platform/format.ts';
import { romeDate } from '../platform/time.ts';
import { protocolNumberText } from '../submissions/receipt.ts';

export interface MergeCase {
  protocol: { year: number; number: number } | null;
  receivedAt: Date;
  procedureTitle: string;
  officeName: string;
  responsible: string;
  applicant: { name: string; fiscalCode: string; email?: string | undefined };
  company: { name: string; fiscalCode: string; vatNumber?: string | undefined } | null;
  dueDate: string;
  answers: Answers;
  form: FormDefinition | undefined;
}

function allFields(form: FormDefinition | undefined): FieldDefinition[] {
  return (form?.steps ?? []).flatMap((s) => s.fields);
}

/** The answer of every field by id, as the summary words it ('' when not answered). */
function answersText(form: FormDefinition | undefined, answers: Answers, locale: Locale): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(allFields(form).map((f) => [f.name, '']));
  if (!form) return out;
  for (const step of summaryView(form, answers, locale).steps) for (const row of step.rows) out[row.field] = row.answered ? row.lines.join(', ') : '';
  return out;
}

export function mergeData(c: MergeCase, extra: { text: string; today: string; comune: string; locale: Locale }): Record<string, unknown> {
  const date = (d: string) => formatDate(d, extra.locale);
  const risposte = answersText(c.form, c.answers, extra.locale);
  const address = allFields(c.form).find((f) => f.type === 'address');
  return {
    pratica: {
      protocollo: c.protocol ? `${protocolNumberText(c.protocol.number)}/${c.protocol.year}` : '-',
      dataProtocollo: date(romeDate(c.receivedAt)),
      procedimento: c.procedureTitle,
      ufficio: c.officeName,
      responsabile: c.responsible,
      scadenza: date(c.dueDate),
      codice: c.protocol ? String(c.protocol.number) : '-',
    },
    richiedente: { nome: c.applicant.name, codiceFiscale: c.applicant.fiscalCode, indirizzo: address ? (risposte[address.name] ?? '') : '', email: c.applicant.email ?? '' },
    impresa: { nome: c.company?.name ?? '', codiceFiscale: c.company?.fiscalCode ?? '', partitaIva: c.company?.vatNumber ?? '' },
    risposte,
    testo: extra.text,
    oggi: date(extra.today),
    comune: extra.comune,
  };
}

/** A case of the procedure made up for previews: each answer shows its field's label. */
export function sampleCase(procedureTitle: string, officeName: string, form: FormDefinition | undefined, locale: Locale, now: Date): MergeCase {
  return {
    protocol: { year: Number(romeDate(now).slice(0, 4)), number: 1234 },
    receivedAt: now,
    procedureTitle,
    officeName,
    responsible: locale === 'it' ? 'Mario Rossi' : 'Mario Rossi',
    applicant: { name: 'Maria Bianchi', fiscalCode: 'BNCMRA80A41H501X', email: 'maria.bianchi@example.it' },
    company: null,
    dueDate: romeDate(now),
    answers: {},
    form,
  };
}

/** The sample's answers: the field's label in brackets, so the preview shows where each goes. */
export function sampleAnswers(form: FormDefinition | undefined, locale: Locale): Record<string, string> {
  return Object.fromEntries(allFields(form).map((f) => [f.name, `[${f.label[locale]}]`]));
}

/** The top-level names a template may use. */
export const MERGE_NAMES = ['pratica', 'richiedente', 'impresa', 'risposte', 'testo', 'oggi', 'comune'] as const;
