// What the representation domain holds about a person, for their data export (GDPR art. 15 and
// 20, src/personal-data): the delegations they gave and received with their history, the
// company authorisations naming them, and their professional profile if they have one.
import type { DB } from '../db/database.ts';
import { authorisationsOfPerson } from './companies.repository.ts';
import { delegationsOf, eventsOf } from './delegations.repository.ts';
import { findProfile } from './professionals.repository.ts';

export function createRepresentationPersonalData(db: DB) {
  return {
    /** Delegations given and received, oldest first, each with its events (the files of paper ones stay with the office). */
    async delegationsOf(fiscalCode: string) {
      const rows = (await delegationsOf(db, fiscalCode)).reverse();
      return Promise.all(
        rows.map(async (d) => ({
          id: d.id,
          direction: d.delegator_fiscal_code === fiscalCode ? 'given' : 'received',
          delegator: d.delegator,
          delegate: d.delegate,
          scope: d.scope,
          access: d.access,
          validFrom: d.valid_from,
          validTo: d.valid_to,
          status: d.status,
          origin: d.origin,
          createdAt: d.created_at,
          acceptedAt: d.accepted_at,
          refusedAt: d.refused_at,
          revokedAt: d.revoked_at,
          events: (await eventsOf(db, d.id)).map((e) => ({ kind: e.kind, by: e.actor_role, act: e.act, filing: e.submission_public_id, at: e.at })),
        })),
      );
    },

    /** The company authorisations naming the person (as employee, or as who granted or revoked them). */
    async authorisationsOf(fiscalCode: string) {
      return (await authorisationsOfPerson(db, fiscalCode)).map((a) => ({
        company: { fiscalCode: a.company_fiscal_code, name: a.company_name, vatNumber: a.company_vat_number },
        role: a.employee_fiscal_code === fiscalCode ? 'employee' : 'representative',
        employee: a.employee_fiscal_code === fiscalCode ? null : { fiscalCode: a.employee_fiscal_code, name: `${a.employee_given_name} ${a.employee_family_name}` },
        grantedAt: a.granted_at,
        revokedAt: a.revoked_at,
      }));
    },

    /** The professional profile (order, registration number, province), or null. */
    professionalProfileOf: (fiscalCode: string) => findProfile(db, fiscalCode),
  };
}

export type RepresentationPersonalData = ReturnType<typeof createRepresentationPersonalData>;
