// The company the identity itself carries (SPID for legal persons) that the person acts for in
// this session, or none: the one piece of "for whom" the identity keeps (src/representation
// keeps every other kind). False when the identity does not carry that company.
import type { FastifyRequest } from 'fastify';

export function chooseIdentityCompany(request: FastifyRequest, companyFiscalCode: string | null): boolean {
  const person = request.session.get('identity');
  if (!person) return false;
  if (companyFiscalCode !== null && !person.companies.some((c) => c.fiscalCode === companyFiscalCode)) return false;
  request.session.set('identity', { ...person, actingFor: companyFiscalCode });
  return true;
}
