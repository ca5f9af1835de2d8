// All the SQL of company roles: the company register's answers kept for reuse
// (company_registry_checks) and the employees companies authorise (company_authorisations).
// Every function takes a Kysely instance or a transaction first; times come from the caller's
// clock.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { LIST_CHECK, type AuthorisationRow, type RegistryCheckRow } from './companies.table.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------------------------------------
// The register's answers

/** The person's answers still valid at `now`: the list check and the company checks. */
export async function validChecks(db: Db, personFiscalCode: string, now: Date): Promise<RegistryCheckRow[]> {
  return db.selectFrom('company_registry_checks').selectAll().where('person_fiscal_code', '=', personFiscalCode).where('expires_at', '>', now).execute();
}

/** The answer about one company (or the list, with LIST_CHECK) still valid at `now`. */
export async function validCheck(db: Db, personFiscalCode: string, companyFiscalCode: string, now: Date): Promise<RegistryCheckRow | undefined> {
  return db
    .selectFrom('company_registry_checks')
    .selectAll()
    .where('person_fiscal_code', '=', personFiscalCode)
    .where('company_fiscal_code', '=', companyFiscalCode)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export interface CompanyAnswer {
  companyFiscalCode: string;
  representative: boolean;
  name: string | null;
  vatNumber: string | null;
  role: string | null;
}

/** One company's answer, replacing the one kept before. */
export async function saveCompanyCheck(db: Db, personFiscalCode: string, answer: CompanyAnswer, checkedAt: Date, expiresAt: Date): Promise<void> {
  const row = {
    person_fiscal_code: personFiscalCode,
    company_fiscal_code: answer.companyFiscalCode,
    result: answer.representative ? ('representative' as const) : ('not_representative' as const),
    company_name: answer.name,
    company_vat_number: answer.vatNumber,
    role: answer.role,
    checked_at: checkedAt,
    expires_at: expiresAt,
  };
  await db
    .insertInto('company_registry_checks')
    .values(row)
    .onConflict((oc) => oc.columns(['person_fiscal_code', 'company_fiscal_code']).doUpdateSet({ ...row }))
    .execute();
}

/**
 * The list of the companies the person represents: it replaces every answer kept about the
 * person (the list says of every company whether they represent it). Run in a transaction.
 */
export async function saveListCheck(db: Db, personFiscalCode: string, companies: readonly CompanyAnswer[], checkedAt: Date, expiresAt: Date): Promise<void> {
  await db.deleteFrom('company_registry_checks').where('person_fiscal_code', '=', personFiscalCode).execute();
  const rows = [
    { person_fiscal_code: personFiscalCode, company_fiscal_code: LIST_CHECK, result: 'listed' as const, company_name: null, company_vat_number: null, role: null, checked_at: checkedAt, expires_at: expiresAt },
    ...companies.map((c) => ({
      person_fiscal_code: personFiscalCode,
      company_fiscal_code: c.companyFiscalCode,
      result: 'representative' as const,
      company_name: c.name,
      company_vat_number: c.vatNumber,
      role: c.role,
      checked_at: checkedAt,
      expires_at: expiresAt,
    })),
  ];
  // a list saved at the same moment by another request of the person: the later one stands
  await db
    .insertInto('company_registry_checks')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['person_fiscal_code', 'company_fiscal_code']).doUpdateSet((eb) => ({
        result: eb.ref('excluded.result'),
        company_name: eb.ref('excluded.company_name'),
        company_vat_number: eb.ref('excluded.company_vat_number'),
        role: eb.ref('excluded.role'),
        checked_at: eb.ref('excluded.checked_at'),
        expires_at: eb.ref('excluded.expires_at'),
      })),
    )
    .execute();
}

/** Answers expired before `before` (kept a while for the logs of a dispute, then swept). */
export async function deleteChecksExpiredBefore(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('company_registry_checks').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------
// Authorisations

export interface NewAuthorisation {
  companyFiscalCode: string;
  companyName: string;
  companyVatNumber: string | null;
  employeeFiscalCode: string;
  employeeGivenName: string;
  employeeFamilyName: string;
  grantedBy: string;
  grantedByName: string;
  grantedAt: Date;
}

/** A new authorisation, unless one is in force for the company and the employee: then undefined. */
export async function insertAuthorisation(db: Db, a: NewAuthorisation): Promise<string | undefined> {
  const row = await db
    .insertInto('company_authorisations')
    .values({
      company_fiscal_code: a.companyFiscalCode,
      company_name: a.companyName,
      company_vat_number: a.companyVatNumber,
      employee_fiscal_code: a.employeeFiscalCode,
      employee_given_name: a.employeeGivenName,
      employee_family_name: a.employeeFamilyName,
      granted_by: a.grantedBy,
      granted_by_name: a.grantedByName,
      granted_at: a.grantedAt,
    })
    .onConflict((oc) => oc.columns(['company_fiscal_code', 'employee_fiscal_code']).where('revoked_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The authorisations in force for an employee (the companies they may act for). */
export async function activeForEmployee(db: Db, employeeFiscalCode: string): Promise<AuthorisationRow[]> {
  return db
    .selectFrom('company_authorisations')
    .selectAll()
    .where('employee_fiscal_code', '=', employeeFiscalCode)
    .where('revoked_at', 'is', null)
    .orderBy('company_name')
    .execute();
}

/** The authorisation in force for this employee of this company, if any. */
export async function activeFor(db: Db, companyFiscalCode: string, employeeFiscalCode: string): Promise<AuthorisationRow | undefined> {
  return db
    .selectFrom('company_authorisations')
    .selectAll()
    .where('company_fiscal_code', '=', companyFiscalCode)
    .where('employee_fiscal_code', '=', employeeFiscalCode)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** A company's authorisations, those in force first, then the latest revoked ones. */
export async function forCompany(db: Db, companyFiscalCode: string, revokedLimit: number): Promise<{ active: AuthorisationRow[]; revoked: AuthorisationRow[] }> {
  const [active, revoked] = await Promise.all([
    db
      .selectFrom('company_authorisations')
      .selectAll()
      .where('company_fiscal_code', '=', companyFiscalCode)
      .where('revoked_at', 'is', null)
      .orderBy('employee_family_name')
      .orderBy('employee_given_name')
      .execute(),
    db
      .selectFrom('company_authorisations')
      .selectAll()
      .where('company_fiscal_code', '=', companyFiscalCode)
      .where('revoked_at', 'is not', null)
      .orderBy('revoked_at', 'desc')
      .limit(revokedLimit)
      .execute(),
  ]);
  return { active, revoked };
}

/** One authorisation of the company (in force or not). */
export async function authorisationOf(db: Db, companyFiscalCode: string, id: string): Promise<AuthorisationRow | undefined> {
  return db.selectFrom('company_authorisations').selectAll().where('id', '=', id).where('company_fiscal_code', '=', companyFiscalCode).executeTakeFirst();
}

/** Revokes the authorisation if it is in force; returns whether it was. */
export async function revokeAuthorisation(db: Db, companyFiscalCode: string, id: string, revokedBy: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('company_authorisations')
    .set({ revoked_at: at, revoked_by: revokedBy })
    .where('id', '=', id)
    .where('company_fiscal_code', '=', companyFiscalCode)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every authorisation naming the person, as employee or as who granted or revoked it, oldest first (their data export). */
export async function authorisationsOfPerson(db: Db, fiscalCode: string): Promise<AuthorisationRow[]> {
  return db
    .selectFrom('company_authorisations')
    .selectAll()
    .where((eb) => eb.or([eb('employee_fiscal_code', '=', fiscalCode), eb('granted_by', '=', fiscalCode), eb('revoked_by', '=', fiscalCode)]))
    .orderBy('granted_at')
    .orderBy('id')
    .execute();
}
