// The attachments of a person's own recent filings, which the wallet page offers to save as
// documents ("save to my documents"). Only when the person acts for themselves: a filing seen
// through a delegation or for a company is not theirs to keep.
import type { DB } from '../db/database.ts';
import { filingAttachments, ownFilingId, viewpointOf, type Applicant, type SubmissionsService } from '../submissions/submissions.service.ts';
import { protocolNumberText } from '../submissions/receipt.ts';

/** The filings whose attachments the wallet page offers to save, most recent first. */
const RECENT_FILINGS = 10;

/** An attachment of the person's own filing that can be saved to the wallet. */
export interface FilingAttachment {
  publicId: string;
  protocol: string;
  attachmentId: string;
  name: string;
  sha256: string;
}

export const actsForThemselves = (applicant: Applicant): boolean => applicant.filer.acting.choice.kind === 'self' && !applicant.company;

export async function recentFilingAttachments(db: DB, submissions: SubmissionsService, applicant: Applicant): Promise<FilingAttachment[]> {
  if (!actsForThemselves(applicant)) return [];
  const viewpoint = viewpointOf(applicant.filer.fiscalCode, applicant.filer.acting);
  const { submissions: filings } = await submissions.desk(applicant);
  const recent = filings.filter((f) => f.protocol_number !== null).slice(0, RECENT_FILINGS);
  const lists = await Promise.all(
    recent.map(async (filing) => {
      const id = await ownFilingId(db, viewpoint, filing.public_id, 'read');
      if (id === undefined) return [];
      const protocol = `${protocolNumberText(filing.protocol_number!)}/${filing.protocol_year}`;
      return (await filingAttachments(db, id)).map((a) => ({ publicId: filing.public_id, protocol, attachmentId: a.id, name: a.original_name, sha256: a.sha256 }));
    }),
  );
  return lists.flat();
}
