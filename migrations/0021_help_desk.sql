-- The help desk ("sportello al pubblico", against the digital divide): the comune's desks where
-- an operator files for the person in front of them. A staff member with a desk is an operator
-- (staff.desk_code; null: not an operator). An assisted session is what lets the operator act
-- for that person: who they are (looked up, or recorded from an identity document), at which
-- desk, by which operator, until it ends or expires (src/representation/help-desk.service.ts).

create table help_desks (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name_it text not null,
  name_en text not null,
  address text not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

insert into help_desks (code, name_it, name_en, address) values
  ('urp-centro', 'URP - Sportello del cittadino, centro', 'Public relations office (URP) - Citizens'' desk, town centre', 'Piazza del Municipio 1'),
  ('sportello-quartiere-nord', 'Sportello polifunzionale di quartiere - Nord', 'Neighbourhood one-stop desk - North', 'Via delle Scuole 12');

alter table staff add column desk_code text references help_desks (code) on update cascade;

create table assisted_sessions (
  id uuid primary key default gen_random_uuid(),
  operator_fiscal_code text not null,
  desk_code text not null references help_desks (code) on update cascade,
  person_fiscal_code text not null
    check (person_fiscal_code ~ '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$'),
  -- the person as recorded at the desk (src/representation/acting.ts PartySnapshot), with the
  -- e-mail and phone given for the receipt
  person jsonb not null,
  -- the identity document shown (IdentityDocument); null when the person was looked up
  document jsonb,
  started_at timestamptz not null,
  expires_at timestamptz not null,
  ended_at timestamptz,
  -- the receipts e-mailed from the session: public id of the filing -> when
  receipts_emailed jsonb not null default '{}',
  check (expires_at > started_at)
);
-- an operator serves one person at a time: starting a session ends the previous one
create unique index assisted_sessions_one_open_per_operator on assisted_sessions (operator_fiscal_code) where ended_at is null;
create index assisted_sessions_operator_idx on assisted_sessions (operator_fiscal_code, started_at desc);
create index assisted_sessions_person_idx on assisted_sessions (person_fiscal_code, started_at desc);
