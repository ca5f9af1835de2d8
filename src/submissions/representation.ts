// What a draft made for someone else needs beyond the form: the co-applicants named with the
// applicant, and the procura speciale a professional attaches when no delegation in the portal
// covers the filing (the upload is an attachment of the draft under the reserved field name
// `_procura`, moved to the filing with the form's files). Checked again at "Invia".
import type { Readable } from 'node:stream';
import type { DB } from '../db/database.ts';
import type { FieldDefinition, FileRef } from '../forms/index.ts';
import type { ProcedureRef } from '../representation/acting.ts';
import type { Applicant } from './access.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import type { DraftContext, DraftsService } from './drafts.service.ts';
import type { DraftRepresentation } from './submissions.table.ts';
import type { UploadsService } from './uploads.service.ts';
import { DomainError } from '../platform/errors.ts';
import { isValidFiscalCode } from '../identity/fiscal-code.ts';

/** The reserved field name of the procura speciale among a draft's attachments. */
export const PROCURA_FIELD = '_procura';
/** The journey page where a professional attaches it (/servizi/:slug/domanda/procura). */
export const JOURNEY_PROCURA = 'procura';

export const MAX_CO_APPLICANTS = 5;

export function coApplicantsOf(representation: DraftRepresentation | null | undefined): Array<{ fiscalCode: string; name: string }> {
  return representation?.coApplicants ?? [];
}

/** A co-applicant refused: why, for the message. */
export class CoApplicantRefusedError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly reason: 'fiscalCode' | 'name' | 'applicant' | 'duplicate' | 'tooMany') {
    super(`co-applicant refused: ${reason}`);
  }
}

/** Finds an active full delegation from the client to the professional covering a procedure. */
export type CoveringDelegation = (delegatorFiscalCode: string, delegateFiscalCode: string, procedure: ProcedureRef) => Promise<{ id: string } | null>;

export const noDelegations: CoveringDelegation = async () => null;

/** What a professional's filing for a client stands on: not needed (not a professional), a delegation, a procura, or nothing yet. */
export type ProcuraState = { kind: 'not-needed' } | { kind: 'delegation'; delegationId: string } | { kind: 'attached'; file: { id: string; name: string } } | { kind: 'missing' };

// the procura as a file field: one signed PDF (a PAdES signature is inside the PDF)
const PROCURA_AS_FIELD = {
  type: 'file',
  name: PROCURA_FIELD,
  label: { it: 'Procura speciale', en: 'Power of attorney' },
  required: true,
  accept: ['application/pdf'],
  max: 1,
  maxSizeMb: 10,
} as unknown as FieldDefinition;

export function createRepresentationService(db: DB, options: { drafts: DraftsService; uploads: UploadsService; coveringDelegation: CoveringDelegation }) {
  const { drafts, uploads } = options;

  async function procuraState(applicant: Applicant, context: DraftContext): Promise<ProcuraState> {
    const acting = applicant.filer.acting;
    if (acting.choice.kind !== 'client' || !acting.principal) return { kind: 'not-needed' };
    const delegation = await options.coveringDelegation(acting.principal.fiscalCode, applicant.filer.fiscalCode, context.definition);
    if (delegation) return { kind: 'delegation', delegationId: delegation.id };
    const id = context.draft.representation?.procuraAttachmentId;
    const file = id ? (await attachmentsRepo.draftAttachments(db, context.draft.id)).find((a) => a.id === id) : undefined;
    return file ? { kind: 'attached', file: { id: file.id, name: file.original_name } } : { kind: 'missing' };
  }

  return {
    procuraState,

    /** Names a co-applicant (a person, by fiscal code) on the draft. */
    async addCoApplicant(applicant: Applicant, context: DraftContext, person: { fiscalCode: string; name: string }): Promise<void> {
      const list = coApplicantsOf(context.draft.representation);
      const code = person.fiscalCode.trim().toUpperCase();
      const name = person.name.trim().replace(/\s+/g, ' ');
      if (!isValidFiscalCode(code)) throw new CoApplicantRefusedError('fiscalCode');
      if (name.length < 2 || name.length > 120) throw new CoApplicantRefusedError('name');
      if (code === applicant.fiscalCode) throw new CoApplicantRefusedError('applicant');
      if (list.some((c) => c.fiscalCode === code)) throw new CoApplicantRefusedError('duplicate');
      if (list.length >= MAX_CO_APPLICANTS) throw new CoApplicantRefusedError('tooMany');
      await drafts.keepRepresentation(context, { ...context.draft.representation, coApplicants: [...list, { fiscalCode: code, name }] });
    },

    async removeCoApplicant(context: DraftContext, fiscalCode: string): Promise<void> {
      const list = coApplicantsOf(context.draft.representation);
      await drafts.keepRepresentation(context, { ...context.draft.representation, coApplicants: list.filter((c) => c.fiscalCode !== fiscalCode) });
    },

    /** Stores the procura for the draft (replacing an earlier one). Refusals: UploadRefusedError. */
    async attachProcura(context: DraftContext, upload: { stream: Readable; fileName: string }): Promise<FileRef> {
      const ref = await uploads.storeUpload(context, PROCURA_AS_FIELD, upload, 0);
      const previous = context.draft.representation?.procuraAttachmentId;
      await drafts.keepRepresentation(context, { coApplicants: coApplicantsOf(context.draft.representation), procuraAttachmentId: ref.id });
      if (previous) await uploads.removeUpload(context, previous);
      return ref;
    },
  };
}

export type RepresentationService = ReturnType<typeof createRepresentationService>;
