// Who may see a payment: the debtor, the applicant who filed (the position's owner), or a
// person acting for the debtor with the full right over every procedure (a company, a delegator
// who delegated everything, a professional's client, the person at a help desk). The person is
// `request.user` and `request.acting`; payments need only the part described by PaymentViewer.
import type { FastifyRequest } from 'fastify';
import type { PositionRow } from './payments.table.ts';

export interface PaymentViewer {
  fiscalCode: string;
  /** The company the person acts for now, if any. */
  company?: { fiscalCode: string } | null | undefined;
  /** Whom the person acts for now with the full right (a delegator, a client, the person at a desk). */
  principalFiscalCode?: string | undefined;
}

/** The logged-in person (and whom they act for with the full right), or undefined. */
export function viewerOf(request: FastifyRequest): PaymentViewer | undefined {
  if (!request.user) return undefined;
  const acting = request.acting;
  // a delegation narrowed to some procedures does not reach payments (which carry no procedure scope check)
  const principal = acting && acting.access === 'full' && acting.scope.kind === 'all' ? acting.principal : null;
  return { fiscalCode: request.user.fiscalCode, company: principal?.kind === 'company' ? { fiscalCode: principal.fiscalCode } : request.user.company, principalFiscalCode: principal?.fiscalCode };
}

export function canView(viewer: PaymentViewer, row: Pick<PositionRow, 'debtor_fiscal_code' | 'owner_fiscal_code'>): boolean {
  const me = viewer.fiscalCode.toUpperCase();
  if (row.debtor_fiscal_code === me || row.owner_fiscal_code === me) return true;
  if (viewer.principalFiscalCode && row.debtor_fiscal_code === viewer.principalFiscalCode.toUpperCase()) return true;
  return !!viewer.company && row.debtor_fiscal_code === viewer.company.fiscalCode.toUpperCase();
}
