-- Company roles (acting for a company): what the company register answered about a person and
-- a company, kept a short while and reused (company_registry_checks), and the employees a
-- company authorises to act for it, granted and revoked by a legal representative
-- (company_authorisations). src/representation/companies.repository.ts owns both.

-- One answer of the register. company_fiscal_code '' is the list of the companies the person
-- represents (result 'listed'; the companies found are the rows 'representative' written with
-- it); a company's code is whether the person represents that company. Reused until expires_at.
create table company_registry_checks (
  person_fiscal_code text not null,
  company_fiscal_code text not null,
  result text not null check (result in ('listed', 'representative', 'not_representative')),
  -- what the register said of the company, when the person represents it
  company_name text,
  company_vat_number text,
  role text,
  checked_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (person_fiscal_code, company_fiscal_code)
);
-- expired answers are swept by age
create index company_registry_checks_expires_idx on company_registry_checks (expires_at);

create table company_authorisations (
  id uuid primary key default gen_random_uuid(),
  company_fiscal_code text not null,
  company_name text not null,
  company_vat_number text,
  employee_fiscal_code text not null,
  employee_given_name text not null,
  employee_family_name text not null,
  granted_by text not null,
  granted_by_name text not null,
  granted_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  check ((revoked_at is null) = (revoked_by is null))
);
-- one authorisation in force per company and employee
create unique index company_authorisations_active_idx on company_authorisations (company_fiscal_code, employee_fiscal_code) where revoked_at is null;
-- the companies an employee may act for (every request of a person acting for one)
create index company_authorisations_employee_idx on company_authorisations (employee_fiscal_code) where revoked_at is null;
