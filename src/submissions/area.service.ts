// The citizen's area (read model): the person's live drafts and the filings they see as they
// act now (their own as a party, or the applicant's they act for: access.ts viewpoints), one
// filing with what its pages show (procedure, version, office, protocol, attachments, its
// parties), its attachments and its receipt to download. Anyone else's answers 404, as if it
// did not exist.
import { officeByCode, procedureNames } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import type { Clock } from '../platform/time.ts';
import { ownerOf, viewpointOf, type Applicant } from './access.ts';
import type { Access } from '../representation/acting.ts';
import * as attachmentsRepo from './attachments.repository.ts';
import type { DefinitionOf } from './definitions.ts';
import * as draftsRepo from './drafts.repository.ts';
import { protocolOf } from './protocol.repository.ts';
import { receiptPdf } from './received-notice.ts';
import type { FileStorage } from './storage.ts';
import * as repo from './submissions.repository.ts';
import type { SubmissionRow } from './submissions.table.ts';
import { accessThrough } from './access.ts';
import { visibleFiling } from './visible-filing.ts';
import { listCorrections } from './corrections.repository.ts';

export interface DraftListItem {
  id: string;
  slug: string;
  title_it: string;
  title_en: string;
  updated_at: Date;
  expires_at: Date;
}

export type SubmissionListItem = repo.OwnSubmission & { slug: string; title_it: string; title_en: string; access: Access };

export function createAreaService(db: DB, options: { storage: FileStorage; definitionOf: DefinitionOf; config: Pick<Config, 'protocol' | 'comune'>; clock: Clock }) {
  async function own(applicant: Applicant, publicId: string, need: Access = 'read'): Promise<SubmissionRow & { access: Access }> {
    const found = await visibleFiling(db, viewpointOf(applicant.filer.fiscalCode, applicant.filer.acting), publicId);
    if (!found || (need === 'full' && found.access !== 'full')) throw new NotFoundError('submission');
    return { ...found.submission, access: found.access };
  }

  async function describeSubmission(submission: SubmissionRow) {
    const [procedures, definition, attachments, protocol, office, corrections] = await Promise.all([
      procedureNames(db, [submission.procedure_id]),
      options.definitionOf(submission.procedure_id, submission.procedure_version),
      attachmentsRepo.submissionAttachments(db, submission.id),
      protocolOf(db, submission.id),
      officeByCode(db, submission.office_code),
      listCorrections(db, submission.id),
    ]);
    const procedure = procedures.get(submission.procedure_id);
    if (!procedure || !definition) throw new Error(`procedure of filing ${submission.id} missing`);
    const { slug, title_it, title_en } = procedure;
    return { submission, procedure: { slug, title_it, title_en }, definition, attachments, protocol, office, corrections };
  }

  return {
    describeSubmission,

    /** The person's desk: their live drafts and their latest filings, with the procedures' names. */
    async desk(applicant: Applicant): Promise<{ drafts: DraftListItem[]; submissions: SubmissionListItem[] }> {
      const viewpoint = viewpointOf(applicant.filer.fiscalCode, applicant.filer.acting);
      const [drafts, visible] = await Promise.all([draftsRepo.listLiveDrafts(db, ownerOf(applicant), options.clock()), repo.listVisibleSubmissions(db, viewpoint)]);
      const names = await procedureNames(db, [...drafts.map((d) => d.procedure_id), ...visible.map((s) => s.procedure_id)]);
      const named = <T extends { procedure_id: number }>(rows: T[]) =>
        rows.flatMap((row) => {
          const name = names.get(row.procedure_id);
          return name ? [{ ...row, slug: name.slug, area: name.area, title_it: name.title_it, title_en: name.title_en }] : [];
        });
      return {
        drafts: named(drafts).map(({ id, slug, title_it, title_en, updated_at, expires_at }) => ({ id, slug, title_it, title_en, updated_at, expires_at })),
        // within the acting right's scope, with the right it gives on each
        submissions: named(visible).flatMap((row) => {
          const access = accessThrough(viewpoint, row.party_access, row);
          return access ? [{ ...row, access }] : [];
        }),
      };
    },

    /** One of the filings the person sees, with what its pages show and their right on it; 404 for anyone else's. */
    async ownSubmission(applicant: Applicant, publicId: string) {
      const submission = await own(applicant, publicId);
      return { ...(await describeSubmission(submission)), access: submission.access };
    },

    /** An attachment of the person's own filing, as a stream to download. */
    async ownAttachment(applicant: Applicant, publicId: string, attachmentId: string) {
      const submission = await own(applicant, publicId);
      const file = (await attachmentsRepo.submissionAttachments(db, submission.id)).find((a) => a.id === attachmentId);
      if (!file) throw new NotFoundError('attachment');
      return { file, stream: await options.storage.get(file.storage_key) };
    },

    /** The receipt PDF of the person's own filing. */
    async ownReceipt(applicant: Applicant, publicId: string, locale: Locale) {
      return receiptPdf(db, options.config, await own(applicant, publicId), locale);
    },

    /** Filings waiting for a number, and how long the oldest has waited (metrics). */
    protocolBacklog: () => repo.protocolBacklog(db),
  };
}

export type AreaService = ReturnType<typeof createAreaService>;
