-- Identity: the comune's staff, keyed by the fiscal code their digital identity carries, and
-- the offices each works in. A member of an office is a clerk of it; is_admin makes an
-- administrator. Citizens are not stored here: their identity comes with each login.
create table staff (
  fiscal_code text primary key
    check (fiscal_code ~ '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$'),
  given_name text not null,
  family_name text not null,
  email text,
  is_admin boolean not null default false,
  -- a former member keeps their row (filings name who handled them) but no longer any role
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table staff_offices (
  fiscal_code text not null references staff (fiscal_code) on delete cascade,
  office_code text not null references offices (code) on update cascade,
  created_at timestamptz not null default now(),
  primary key (fiscal_code, office_code)
);
create index staff_offices_office_idx on staff_offices (office_code);
