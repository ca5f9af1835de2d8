// Filing any seeded procedure from tests, through the real submissions service: valid answers
// generated for each visible field (files uploaded for real), overridden where a test cares
// (e.g. the answers a routing rule reads), then submitted. Also the people of the test
// identity provider as the back office and the personal area see them.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ApplicantActor, StaffActor } from '../../../src/backoffice/backoffice.service.ts';
import { isStepVisible, validateAll, visibleSteps, type Answers, type FieldDefinition } from '../../../src/forms/index.ts';
import type { Locale } from '../../../src/platform/i18n.ts';
import { selfApplicant, viewpointOf, type Applicant, type DraftContext } from '../../../src/submissions/submissions.service.ts';
import { signedTestPdf } from '../../helpers/signatures.ts';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** Test provider people (src/identity/test-idp/people.ts) as applicants. */
export const CITIZEN: Applicant = selfApplicant({ fiscalCode: 'CSRGGL44L13H501E', givenName: 'Giulio', familyName: 'Cesare', spidLevel: 2, email: 'giulio.cesare@example.it' });
export const CITIZEN2: Applicant = selfApplicant({ fiscalCode: 'LVLDAA85T50G702B', givenName: 'Ada', familyName: 'Lovelace', spidLevel: 2 });
export const REPRESENTATIVE: Applicant = selfApplicant({
  fiscalCode: 'NREGNN70H70F205U',
  givenName: 'Giovanna',
  familyName: 'Neri',
  spidLevel: 2,
  company: { name: 'Neri Forniture S.r.l.', fiscalCode: '01199250158', vatNumber: '01199250158' },
});

export const CLERK_ANAGRAFE: StaffActor = { fiscalCode: 'FRRNNA75C55A944U', name: 'Anna Ferri', offices: ['anagrafe'], headOf: [] };
export const CLERK_EDILIZIA: StaffActor = { fiscalCode: 'GLLBRN68S02F257U', name: 'Bruno Galli', offices: ['sportello-unico-edilizia', 'suap'], headOf: [] };
export const CLERK_TRIBUTI: StaffActor = { fiscalCode: 'GRCDVD90P09F839Q', name: 'Davide Greco', offices: ['tributi'], headOf: [] };

export function applicantActor(a: Applicant): ApplicantActor {
  return { fiscalCode: a.filer.fiscalCode, name: `${a.givenName} ${a.familyName}`, viewpoint: viewpointOf(a.filer.fiscalCode, a.filer.acting) };
}

const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

function textOf(field: FieldDefinition): string {
  const text = 'Testo di prova per la pratica';
  const min = field.minLength ?? 0;
  const padded = text.length >= min ? text : text.padEnd(min, ' x');
  return field.maxLength ? padded.slice(0, field.maxLength) : padded;
}

export async function valueFor(app: FastifyInstance, context: DraftContext, field: FieldDefinition): Promise<unknown> {
  const first = field.options?.[0]?.value;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return textOf(field);
    case 'integer':
      return Math.max(field.min ?? 1, 1);
    case 'decimal':
      return Math.max(field.min ?? 1, 1);
    case 'money':
      return Math.max(field.min ?? 10000, 100);
    case 'date':
      return TODAY;
    case 'email':
      return 'persona@example.it';
    case 'phone':
      return '+393331234567';
    case 'radio':
    case 'select':
      return first;
    case 'checkboxes':
      return field.options!.slice(0, Math.max(1, field.min ?? 1)).map((o) => o.value);
    case 'yesno':
      return false;
    case 'declaration':
      return true;
    case 'codiceFiscale':
      return 'RSSMRA80A01H501U';
    case 'partitaIva':
      return '01199250158';
    case 'iban':
      return 'IT60X0542811101000000123456';
    case 'cap':
      return '29121';
    case 'address':
      return { street: 'Via Roma', number: '10', cap: '29122', city: 'Piacenza', province: 'PC' };
    case 'cadastral':
      return { foglio: '12', particella: '345' };
    case 'comune':
      return { code: '033032', name: 'Piacenza', province: 'PC' };
    case 'street':
      return { street: 'Via Roma', number: '10' };
    case 'marcaDaBollo':
      // a stamp is used once in the portal: each generated filing has its own
      return { serial: String(10_000_000_000_000 + Math.floor(Math.random() * 89_999_999_999_999)), issuedOn: TODAY };
    case 'file': {
      const accept = field.accept ?? ['application/pdf'];
      const bytes = accept.includes('application/pdf') ? PDF : PNG;
      // a field that asks for a signature gets the PDF signed (.p7m) by a test signer
      if (field.signature) return [await app.services.submissions.storeUpload(context, field, { stream: Readable.from([await signedTestPdf()]), fileName: 'documento.pdf.p7m' }, 0)];
      const ref = await app.services.submissions.storeUpload(context, field, { stream: Readable.from([bytes]), fileName: accept.includes('application/pdf') ? 'documento.pdf' : 'foto.png' }, 0);
      return [ref];
    }
    case 'group': {
      const items = Math.max(field.min ?? 1, 1);
      const list: Record<string, unknown>[] = [];
      for (let i = 0; i < items; i++) {
        const item: Record<string, unknown> = {};
        for (const sub of field.fields ?? []) item[sub.name] = await valueFor(app, context, sub);
        list.push(item);
      }
      return list;
    }
  }
}

/**
 * Files the procedure as `person` with generated answers, `overrides` winning, in `locale`;
 * returns the filing's public and internal ids.
 */
export async function fileProcedure(app: FastifyInstance, person: Applicant, slug: string, overrides: Answers = {}, locale: Locale = 'it'): Promise<{ publicId: string; id: number }> {
  const service = app.services.submissions;
  let context = await service.begin(person, slug);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  const form = context.definition.form;
  let answers: Answers = {};
  for (const step of form.steps) {
    if (!isStepVisible(step, answers)) continue;
    const stepAnswers: Answers = {};
    for (const field of step.fields) {
      if (field.name in overrides) stepAnswers[field.name] = overrides[field.name]!;
      else stepAnswers[field.name] = (await valueFor(app, context, field)) as Answers[string];
    }
    context = (await service.loadDraft(person, slug))!;
    answers = await service.completeStep(context, step.id, stepAnswers);
  }
  const check = validateAll(form, answers, 'it');
  if (!check.ok) throw new Error(`generated answers for ${slug} are not valid: ${JSON.stringify(check.errors.slice(0, 5))} (steps ${visibleSteps(form, answers).map((s) => s.id).join(', ')})`);
  context = (await service.loadDraft(person, slug))!;
  const result = await service.submit(person, slug, context.draft.idempotency_key, locale);
  if (!result.ok) throw new Error(`filing ${slug} stopped at step ${result.stepId}`);
  const row = await app.db.selectFrom('submissions').select('id').where('public_id', '=', result.publicId).executeTakeFirstOrThrow();
  return { publicId: result.publicId, id: row.id };
}

/** The residence certificate (the simplest seeded procedure), filed as `person`. */
export function fileResidence(app: FastifyInstance, person: Applicant = CITIZEN) {
  return fileProcedure(app, person, 'certificato-residenza', { intestatario: 'se-stesso', uso: 'esente-pensione' });
}

/** A multipart/form-data body for app.inject: text fields and files. */
export function multipart(fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; bytes: Buffer }> = []) {
  const boundary = `----sportello${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The steps of a procedure before `stepId`, answered through the service as the person would (each value from valueFor). */
export async function answerStepsBefore(app: FastifyInstance, person: Applicant, slug: string, stepId: string): Promise<void> {
  const service = app.services.submissions;
  let context = await service.begin(person, slug);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  let answers: Answers = {};
  for (const step of context.definition.form.steps) {
    if (step.id === stepId) break;
    if (!isStepVisible(step, answers)) continue;
    const stepAnswers: Answers = {};
    for (const field of step.fields) stepAnswers[field.name] = (await valueFor(app, context, field)) as Answers[string];
    context = (await service.loadDraft(person, slug))!;
    answers = await service.completeStep(context, step.id, stepAnswers);
  }
}
