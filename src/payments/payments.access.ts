// Who may see a payment: the debtor, the applicant who filed (the position's owner), or a
// person acting for the company that is the debtor. The person is `request.user`, set by the
// identity plugin; payments need only the part described by PaymentViewer.
import type { FastifyRequest } from 'fastify';
import type { PositionRow } from './payments.table.ts';

export interface PaymentViewer {
  fiscalCode: string;
  /** The company the person acts for now, if any. */
  company?: { fiscalCode: string } | null | undefined;
}

/** The logged-in person, or undefined. */
export function viewerOf(request: FastifyRequest): PaymentViewer | undefined {
  return request.user ?? undefined;
}

export function canView(viewer: PaymentViewer, row: Pick<PositionRow, 'debtor_fiscal_code' | 'owner_fiscal_code'>): boolean {
  const me = viewer.fiscalCode.toUpperCase();
  if (row.debtor_fiscal_code === me || row.owner_fiscal_code === me) return true;
  return !!viewer.company && row.debtor_fiscal_code === viewer.company.fiscalCode.toUpperCase();
}
