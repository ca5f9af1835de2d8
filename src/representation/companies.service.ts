// Company roles: the companies a person may act for now, and why. Three grounds, strongest
// first: the identity says so (a SPID identity of a legal person carries the company), the
// company register names the person as a legal representative (asked through the
// CompanyRegistry adapter, its answers kept COMPANY_REGISTRY_CACHE_SECONDS and reused, also
// while the register is unreachable), or a legal representative authorised the person as an
// employee (company_authorisations, until revoked). Only a legal representative confirmed now
// may authorise and revoke. Implements the CompanyRoles contract of registers.ts for the acting
// resolver; the personal area's pages (companies.routes.ts) use the rest.
import type { Company } from '../identity/claims.ts';
import type { DB } from '../db/database.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import type { EventLog } from '../platform/logger.ts';
import { DAY_MS, type Clock } from '../platform/time.ts';
import type { PartySnapshot } from './acting.ts';
import { RegistryUnavailableError, type CompanyRegistry } from './company-registry.ts';
import * as repo from './companies.repository.ts';
import { LIST_CHECK, type AuthorisationRow, type RegistryCheckRow } from './companies.table.ts';
import type { CompanyRole, CompanyRoles } from './registers.ts';

/** The person as the roles are decided for them: their fiscal code and the identity's companies. */
export interface RolePerson {
  fiscalCode: string;
  companies: readonly Company[];
}

/** A legal representative managing employees: the person, and the name the records keep. */
export interface Actor extends RolePerson {
  displayName: string;
}

/** A role with what the personal area shows of its ground. */
export interface CompanyRoleDetail extends CompanyRole {
  /** the office the register names ("amministratore unico"), for registry representatives */
  office: string | null;
  /** for employees: who authorised them, and when */
  grantedByName: string | null;
  grantedAt: Date | null;
}

/** Whether the register was asked: answered (now or from a valid answer kept), unreachable, not configured. */
export type RegistryStatus = 'checked' | 'unavailable' | 'off';

export interface EmployeeView {
  id: string;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  grantedBy: string;
  grantedByName: string;
  grantedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** The register could not confirm a legal representative, and no valid answer was kept: 503. */
export class CompanyRegisterDownError extends DomainError {
  override readonly statusCode = 503;
  override readonly pageKey = 'companies.registerDown';
}

export interface CompaniesServiceOptions {
  clock: Clock;
  /** null: COMPANY_REGISTRY=none */
  registry: CompanyRegistry | null;
  /** how long an answer of the register is reused */
  cacheSeconds: number;
  log?: EventLog | undefined;
}

/** Revoked authorisations the management page lists below those in force. */
const REVOKED_SHOWN = 20;

type Representation = { snapshot: PartySnapshot; office: string | null; checkedAt: Date };

function companySnapshot(company: { fiscalCode: string; name: string; vatNumber: string | null }): PartySnapshot {
  return { kind: 'company', fiscalCode: company.fiscalCode, name: company.name, ...(company.vatNumber ? { vatNumber: company.vatNumber } : {}) };
}

function fromCheck(row: RegistryCheckRow): Representation {
  return {
    snapshot: companySnapshot({ fiscalCode: row.company_fiscal_code, name: row.company_name ?? row.company_fiscal_code, vatNumber: row.company_vat_number }),
    office: row.role,
    checkedAt: row.checked_at,
  };
}

function employeeView(row: AuthorisationRow): EmployeeView {
  return {
    id: row.id,
    fiscalCode: row.employee_fiscal_code,
    givenName: row.employee_given_name,
    familyName: row.employee_family_name,
    grantedBy: row.granted_by,
    grantedByName: row.granted_by_name,
    grantedAt: row.granted_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

function employeeRole(row: AuthorisationRow): CompanyRoleDetail {
  return {
    company: companySnapshot({ fiscalCode: row.company_fiscal_code, name: row.company_name, vatNumber: row.company_vat_number }),
    basis: { kind: 'employee', authorisationId: row.id, authorisedBy: row.granted_by },
    office: null,
    grantedByName: row.granted_by_name,
    grantedAt: row.granted_at,
  };
}

/** A company the identity carries: the identity provider vouched for it at login, and the session is alive now. */
function identityRole(person: RolePerson, companyCode: string, now: Date): CompanyRoleDetail | null {
  const company = person.companies.find((c) => c.fiscalCode === companyCode);
  if (!company) return null;
  return { company: companySnapshot(company), basis: { kind: 'legal-representative', source: 'identity', checkedAt: now.toISOString() }, office: null, grantedByName: null, grantedAt: null };
}

function registryDetail(r: Representation): CompanyRoleDetail {
  return { company: r.snapshot, basis: { kind: 'legal-representative', source: 'registry', checkedAt: r.checkedAt.toISOString() }, office: r.office, grantedByName: null, grantedAt: null };
}

export function createCompaniesService(db: DB, options: CompaniesServiceOptions) {
  const { clock, registry, log } = options;
  const ttlMs = options.cacheSeconds * 1000;

  function unavailable(error: unknown, what: string): void {
    if (!(error instanceof RegistryUnavailableError)) throw error;
    // nothing personal: the message names the failure, never the person or the company
    log?.warn({ reason: error.message }, `company register unavailable (${what})`);
  }

  /** The companies the register names the person a legal representative of, asked or reused. */
  async function registryCompanies(fiscalCode: string): Promise<{ companies: Representation[]; status: RegistryStatus }> {
    if (!registry) return { companies: [], status: 'off' };
    const now = clock();
    const kept = await repo.validChecks(db, fiscalCode, now);
    const representative = kept.filter((row) => row.result === 'representative').map(fromCheck);
    if (kept.some((row) => row.company_fiscal_code === LIST_CHECK)) return { companies: representative, status: 'checked' };
    try {
      const found = await registry.companiesRepresentedBy(fiscalCode);
      const checkedAt = clock();
      const answers = found.map((company) => ({
        companyFiscalCode: company.fiscalCode,
        representative: true,
        name: company.name,
        vatNumber: company.vatNumber,
        role: company.legalRepresentatives.find((p) => p.fiscalCode === fiscalCode)?.role ?? null,
      }));
      await db.transaction().execute((trx) => repo.saveListCheck(trx, fiscalCode, answers, checkedAt, new Date(checkedAt.getTime() + ttlMs)));
      return {
        companies: answers.map((a) => ({ snapshot: companySnapshot({ fiscalCode: a.companyFiscalCode, name: a.name, vatNumber: a.vatNumber }), office: a.role, checkedAt })),
        status: 'checked',
      };
    } catch (error) {
      unavailable(error, 'list');
      // the answers about single companies still valid stand; nothing else does
      return { companies: representative, status: 'unavailable' };
    }
  }

  /** Whether the register names the person a legal representative of the company, asked or reused. */
  async function registryRole(fiscalCode: string, companyCode: string): Promise<{ role: Representation | null; status: RegistryStatus }> {
    if (!registry) return { role: null, status: 'off' };
    const now = clock();
    const kept = await repo.validCheck(db, fiscalCode, companyCode, now);
    if (kept) return { role: kept.result === 'representative' ? fromCheck(kept) : null, status: 'checked' };
    // a valid list that does not name the company says the person does not represent it
    if (await repo.validCheck(db, fiscalCode, LIST_CHECK, now)) return { role: null, status: 'checked' };
    try {
      const company = await registry.legalRepresentatives(companyCode);
      const checkedAt = clock();
      const person = company?.legalRepresentatives.find((p) => p.fiscalCode === fiscalCode) ?? null;
      const answer = { companyFiscalCode: companyCode, representative: person !== null, name: company?.name ?? null, vatNumber: company?.vatNumber ?? null, role: person?.role ?? null };
      await repo.saveCompanyCheck(db, fiscalCode, answer, checkedAt, new Date(checkedAt.getTime() + ttlMs));
      if (!company || !person) return { role: null, status: 'checked' };
      return { role: { snapshot: companySnapshot(company), office: person.role, checkedAt }, status: 'checked' };
    } catch (error) {
      unavailable(error, 'company');
      return { role: null, status: 'unavailable' };
    }
  }

  /** A legal representative's role now, from the identity or the register. */
  async function representativeRole(person: RolePerson, companyCode: string): Promise<{ role: CompanyRoleDetail | null; status: RegistryStatus }> {
    const fromIdentity = identityRole(person, companyCode, clock());
    if (fromIdentity) return { role: fromIdentity, status: 'checked' };
    const { role, status } = await registryRole(person.fiscalCode, companyCode);
    return { role: role ? registryDetail(role) : null, status };
  }

  async function overview(person: RolePerson): Promise<{ roles: CompanyRoleDetail[]; registry: RegistryStatus }> {
    const roles = new Map<string, CompanyRoleDetail>();
    for (const company of person.companies) roles.set(company.fiscalCode, identityRole(person, company.fiscalCode, clock())!);
    const fromRegistry = await registryCompanies(person.fiscalCode);
    for (const r of fromRegistry.companies) if (!roles.has(r.snapshot.fiscalCode)) roles.set(r.snapshot.fiscalCode, registryDetail(r));
    for (const row of await repo.activeForEmployee(db, person.fiscalCode)) if (!roles.has(row.company_fiscal_code)) roles.set(row.company_fiscal_code, employeeRole(row));
    return { roles: [...roles.values()].sort((a, b) => a.company.name.localeCompare(b.company.name, 'it')), registry: fromRegistry.status };
  }

  async function roleFor(person: RolePerson, companyCode: string): Promise<CompanyRoleDetail | null> {
    const { role } = await representativeRole(person, companyCode);
    if (role) return role;
    const authorisation = await repo.activeFor(db, companyCode, person.fiscalCode);
    return authorisation ? employeeRole(authorisation) : null;
  }

  /** The company the person represents now; 404 when they do not, 503 when nobody can tell. */
  async function representedCompany(person: RolePerson, companyCode: string): Promise<PartySnapshot> {
    const { role, status } = await representativeRole(person, companyCode);
    if (role) return role.company;
    if (status === 'unavailable') throw new CompanyRegisterDownError('company register unavailable');
    throw new NotFoundError('company');
  }

  const roles: CompanyRoles = {
    actableCompanies: async (person) => (await overview(person)).roles.map(({ company, basis }) => ({ company, basis })),
    roleFor: async (person, companyCode) => {
      const role = await roleFor(person, companyCode);
      return role ? { company: role.company, basis: role.basis } : null;
    },
  };

  return {
    ...roles,
    /** The personal area's list: every role with its details, and whether the register answered. */
    overview,
    /** roleFor with the details the pages show. */
    roleDetailFor: roleFor,
    representedCompany,

    ...authorisationFunctions(db, clock, representedCompany),

    /** Answers of the register expired for a day go (the hourly job). */
    async pruneChecks(): Promise<number> {
      return repo.deleteChecksExpiredBefore(db, new Date(clock().getTime() - DAY_MS));
    },
  };
}

/** Authorising and revoking employees: a legal representative confirmed now only (representedCompany). */
function authorisationFunctions(db: DB, clock: Clock, representedCompany: (person: RolePerson, companyCode: string) => Promise<PartySnapshot>) {
  return {
    /** The company's employees (in force, and the latest revoked), for a legal representative only. */
    async employees(actor: RolePerson, companyCode: string): Promise<{ company: PartySnapshot; active: EmployeeView[]; revoked: EmployeeView[] }> {
      const company = await representedCompany(actor, companyCode);
      const { active, revoked } = await repo.forCompany(db, companyCode, REVOKED_SHOWN);
      return { company, active: active.map(employeeView), revoked: revoked.map(employeeView) };
    },

    /** One authorisation of the company, for a legal representative only (404 otherwise). */
    async employee(actor: RolePerson, companyCode: string, id: string): Promise<{ company: PartySnapshot; employee: EmployeeView }> {
      const company = await representedCompany(actor, companyCode);
      const row = isUuid(id) ? await repo.authorisationOf(db, companyCode, id) : undefined;
      if (!row) throw new NotFoundError('authorisation');
      return { company, employee: employeeView(row) };
    },

    /**
     * Authorises the employee to act for the company. 'exists': one is in force already (a
     * double click, or a second try); 'self': a representative needs no authorisation.
     */
    async authorise(actor: Actor, companyCode: string, employee: { fiscalCode: string; givenName: string; familyName: string }): Promise<{ outcome: 'created' | 'exists' | 'self'; id: string | null }> {
      const company = await representedCompany(actor, companyCode);
      if (employee.fiscalCode === actor.fiscalCode) return { outcome: 'self', id: null };
      const id = await repo.insertAuthorisation(db, {
        companyFiscalCode: company.fiscalCode,
        companyName: company.name,
        companyVatNumber: company.vatNumber ?? null,
        employeeFiscalCode: employee.fiscalCode,
        employeeGivenName: employee.givenName,
        employeeFamilyName: employee.familyName,
        grantedBy: actor.fiscalCode,
        grantedByName: actor.displayName,
        grantedAt: clock(),
      });
      if (id) return { outcome: 'created', id };
      return { outcome: 'exists', id: (await repo.activeFor(db, companyCode, employee.fiscalCode))?.id ?? null };
    },

    /** Revokes at once: the employee's next request no longer acts for the company. */
    async revoke(actor: RolePerson, companyCode: string, id: string): Promise<{ outcome: 'revoked' | 'already'; employee: EmployeeView }> {
      const company = await representedCompany(actor, companyCode);
      const row = isUuid(id) ? await repo.authorisationOf(db, company.fiscalCode, id) : undefined;
      if (!row) throw new NotFoundError('authorisation');
      const revoked = await repo.revokeAuthorisation(db, company.fiscalCode, id, actor.fiscalCode, clock());
      const after = (await repo.authorisationOf(db, company.fiscalCode, id))!;
      return { outcome: revoked ? 'revoked' : 'already', employee: employeeView(after) };
    },

    /** Development seed: the authorisation, unless one is in force already. */
    async ensureAuthorisation(authorisation: Omit<repo.NewAuthorisation, 'grantedAt'>): Promise<void> {
      await repo.insertAuthorisation(db, { ...authorisation, grantedAt: clock() });
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function isUuid(value: string): boolean {
  return UUID.test(value);
}

export type CompaniesService = ReturnType<typeof createCompaniesService>;
