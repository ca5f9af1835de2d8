-- Parties of a filing (acting for others): who the request is for (applicant: a person or a
-- company), who pressed "Invia" (filer) and any co-applicants, each with the right to act that
-- party has on it; and how it came in (online, or at a help desk). Drafts are kept per person
-- and per whom they act for (on_behalf_of: '' for themselves, a company's or a person's fiscal
-- code, or an assisted session).

alter table drafts rename column company_fiscal_code to on_behalf_of;
alter index drafts_one_per_person_and_procedure rename to drafts_one_per_person_principal_and_procedure;
-- the client a professional names, the procura they attach: kept with the draft until filing
alter table drafts add column representation jsonb;

alter table submissions add column filer_fiscal_code text not null default '';
-- the filer's snapshot and the ground they acted on (src/representation/acting.ts Basis)
alter table submissions add column filer jsonb;
alter table submissions add column channel text not null default 'online' check (channel in ('online', 'desk'));
alter table submissions add column desk text;
alter table submissions add column assisted_session_id uuid;
update submissions set filer_fiscal_code = applicant_fiscal_code;

create table submission_parties (
  submission_id bigint not null references submissions (id),
  fiscal_code text not null,
  kind text not null check (kind in ('person', 'company')),
  role text not null check (role in ('applicant', 'co_applicant', 'filer')),
  access text not null check (access in ('read', 'full')),
  primary key (submission_id, fiscal_code, role)
);
create index submission_parties_fiscal_code_idx on submission_parties (fiscal_code, submission_id);

-- every filing so far: its applicant (the person, or the company and the person who filed for it)
insert into submission_parties (submission_id, fiscal_code, kind, role, access)
  select id, company_fiscal_code, 'company', 'applicant', 'full' from submissions where company_fiscal_code <> '';
insert into submission_parties (submission_id, fiscal_code, kind, role, access)
  select id, applicant_fiscal_code, 'person', 'applicant', 'full' from submissions where company_fiscal_code = '';
insert into submission_parties (submission_id, fiscal_code, kind, role, access)
  select id, applicant_fiscal_code, 'person', 'filer', 'read' from submissions where company_fiscal_code <> '';

-- a professional's order and registration number, shown to the offices on the filings they make
create table professional_profiles (
  fiscal_code text primary key,
  order_name text not null,
  registration_number text not null,
  province text not null default '',
  updated_at timestamptz not null default now()
);
