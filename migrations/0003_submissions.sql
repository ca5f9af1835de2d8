-- The application journey: drafts being filled in, uploaded attachments, filed submissions,
-- and the protocol register (DPR 445/2000) that numbers them.

create table drafts (
  id uuid primary key default gen_random_uuid(),
  owner_fiscal_code text not null,
  -- the company the person acts for; '' when acting for themselves
  company_fiscal_code text not null default '',
  procedure_id integer not null references procedures (id),
  -- the version the draft began on: it is completed on that version even after a new one
  procedure_version integer not null,
  answers jsonb not null default '{}'::jsonb,
  completed_steps text[] not null default '{}',
  privacy_accepted_at timestamptz,
  -- carried by the summary page: a double click, a retry or a back-and-resubmit files once
  idempotency_key uuid not null default gen_random_uuid() unique,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (procedure_id, procedure_version) references procedure_versions (procedure_id, version)
);
create unique index drafts_one_per_person_and_procedure on drafts (owner_fiscal_code, company_fiscal_code, procedure_id);
create index drafts_expires_at_idx on drafts (expires_at);

create table submissions (
  id bigint generated always as identity primary key,
  public_id uuid not null unique default gen_random_uuid(),
  idempotency_key uuid not null unique,
  procedure_id integer not null references procedures (id),
  procedure_version integer not null,
  applicant_fiscal_code text not null,
  company_fiscal_code text not null default '',
  -- who filed, as the identity provider said at the time, and the company if acting for one
  applicant jsonb not null,
  company jsonb,
  answers jsonb not null,
  -- the answers as the person saw them on the summary (labels, formatted values)
  summary jsonb not null,
  locale text not null check (locale in ('it', 'en')),
  subject text not null,
  -- server receipt time, microseconds, from the database clock: the order of filings
  received_at timestamptz not null default clock_timestamp(),
  office_code text not null references offices (code),
  status text not null default 'submitted',
  -- Law 241/1990: received_at + the procedure's days (Rome calendar)
  due_date date not null,
  protocol_year integer,
  protocol_number integer,
  satisfaction_rating smallint check (satisfaction_rating between 1 and 5),
  satisfaction_comment text,
  foreign key (procedure_id, procedure_version) references procedure_versions (procedure_id, version),
  unique (protocol_year, protocol_number)
);
create index submissions_applicant_idx on submissions (applicant_fiscal_code, received_at desc);
create index submissions_company_idx on submissions (company_fiscal_code, received_at desc) where company_fiscal_code <> '';
-- the registrar's work list: filings not yet numbered, in receipt order
create index submissions_unnumbered_idx on submissions (received_at, id) where protocol_number is null;

create table attachments (
  id uuid primary key default gen_random_uuid(),
  owner_fiscal_code text not null,
  draft_id uuid references drafts (id) on delete set null,
  submission_id bigint references submissions (id),
  field_name text not null,
  -- shown to people, never used as a path
  original_name text not null,
  -- decided from the bytes, not from the name or the browser
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  created_at timestamptz not null default now()
);
create index attachments_draft_idx on attachments (draft_id);
create index attachments_submission_idx on attachments (submission_id);

-- The protocol register: append-only, numbers progressive per calendar year, never reused.
create table protocol_counters (
  year integer primary key,
  last_number integer not null check (last_number >= 0)
);

create table protocol_register (
  year integer not null,
  number integer not null check (number > 0),
  -- the filing date (the protocol date equals it, Law 241/1990 art. 18-bis)
  registered_at timestamptz not null,
  -- when the registrar wrote the row (normally milliseconds after registered_at)
  recorded_at timestamptz not null default clock_timestamp(),
  submission_id bigint not null unique references submissions (id),
  sender text not null,
  subject text not null,
  -- [{ name, sha256 }] of every electronic document of the filing
  fingerprints jsonb not null,
  primary key (year, number)
);

create or replace function protocol_register_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the protocol register is append-only';
end $$;
create trigger protocol_register_append_only before update or delete on protocol_register
  for each row execute function protocol_register_append_only();
