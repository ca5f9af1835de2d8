// How the case log's digital domicile events read: in the back office's Storico tab (every step:
// sent, each receipt, no domicile) and on the applicant's request page (the outcome only).
import type { FastifyRequest } from 'fastify';
import { formatDate } from '../platform/format.ts';
import { DOMICILE_EVENT } from './domicile.service.ts';

export { DOMICILE_EVENT };

/** The steps the applicant's timeline shows. */
const APPLICANT_STEPS = new Set(['avvenuta-consegna', 'errore-consegna', 'non-accettazione']);

export function applicantSees(e: { kind: string; data: unknown }): boolean {
  return e.kind === DOMICILE_EVENT && APPLICANT_STEPS.has(String((e.data as Record<string, unknown> | null)?.status));
}

const when = (request: FastifyRequest, value: unknown) => (typeof value === 'string' && value ? formatDate(value, request.locale, { withTime: true }) : '');

/** A line of the Storico tab. */
export function domicileEventText(request: FastifyRequest, data: Record<string, unknown>): string {
  const status = String(data.status);
  return request.t(`domicile.event.${status}`, {
    address: String(data.address ?? ''),
    register: String(data.register ?? ''),
    lookedUp: when(request, data.lookedUpAt),
  });
}

/** A line of the applicant's timeline. */
export function applicantDomicileText(request: FastifyRequest, data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>;
  return request.t(`domicile.applicant.${String(d.status)}`, { address: String(d.address ?? ''), date: when(request, d.at) });
}
