// How a filing names its parties wherever it is shown (the personal area, the receipt, the
// back office): the applicant (the person, or the company with the person who acted for it)
// and, when someone else filed, who did and on what ground. One place, so that the three say
// the same thing.
import type { Translate } from '../platform/i18n.ts';
import type { SubmissionRow } from './submissions.table.ts';

export interface PartiesView {
  applicant: string;
  /** null when the applicant filed themselves */
  filer: string | null;
  /** filed at a help desk */
  desk: string | null;
  /** "Name (code), Name (code)" or null */
  coApplicants: string | null;
}

type Filed = Pick<SubmissionRow, 'applicant' | 'company' | 'applicant_fiscal_code' | 'filer' | 'filer_fiscal_code' | 'desk'>;

export function partiesView(row: Filed, t: Translate): PartiesView {
  const person = `${row.applicant.givenName} ${row.applicant.familyName}`.trim();
  const applicant = row.company ? `${row.company.name} (${row.company.fiscalCode})` : `${person} (${row.applicant_fiscal_code})`;
  const filer = row.filer;
  const co = row.applicant.coApplicants ?? [];
  const coApplicants = co.length > 0 ? co.map((c) => `${c.name} (${c.fiscalCode})`).join(', ') : null;
  if (!filer || filer.basis.kind === 'self') {
    return { applicant, filer: row.company ? `${person} (${row.applicant_fiscal_code}), ${t('parties.basis.legal-representative')}` : null, desk: null, coApplicants };
  }
  const basis = filer.basis;
  const ground =
    basis.kind === 'professional'
      ? t('parties.basis.professional', { order: filer.professional?.orderName ?? basis.order, number: filer.professional?.registrationNumber ?? basis.registrationNumber, procura: t(basis.delegationId ? 'parties.delegation' : 'parties.procura') })
      : basis.kind === 'assisted'
        ? t('parties.basis.assisted', { desk: basis.desk })
        : t(`parties.basis.${basis.kind}`);
  return { applicant, filer: `${filer.name} (${filer.fiscalCode}), ${ground}`, desk: row.desk, coApplicants };
}
