-- Roles inside an office (issue 16): a member of an office is its clerk (what every member was
-- so far), its head (dirigente / responsabile del procedimento: everything a clerk does, plus
-- adopting the decisions and reopening decided cases) or its auditor (reads the office's
-- cases, queue and statistics, acts on nothing). A member may also be limited to some of the
-- office's procedures: no row in staff_office_procedures for the pair means all of them.
alter table staff_offices add column role text not null default 'clerk' check (role in ('clerk', 'head', 'auditor'));

create table staff_office_procedures (
  fiscal_code text not null,
  office_code text not null,
  procedure_id integer not null references procedures (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (fiscal_code, office_code, procedure_id),
  -- leaving the office drops its limits; a renamed office keeps them
  foreign key (fiscal_code, office_code) references staff_offices (fiscal_code, office_code) on delete cascade on update cascade
);
