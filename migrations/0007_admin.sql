-- Administration: the procedure builder's work in progress, the offices' App IO service key
-- reference, and the record of every change administrators make (procedures, offices, staff).

-- The App IO service of an office: a reference to where its subscription key is kept (the name
-- of a setting or secret), never the key itself.
alter table offices add column io_service_key_ref text;

-- One draft per procedure: the definition an administrator is building or changing. It may be
-- incomplete (the content checks list what to fix) and becomes a new frozen version of
-- procedure_versions only when published; then the row goes away.
create table procedure_drafts (
  procedure_id integer primary key references procedures (id),
  definition jsonb not null,
  -- the published version the draft started from; null for a procedure never published
  based_on_version integer,
  created_by text not null,
  updated_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Who changed what in the administration, and when: append-only.
create table admin_audit (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_fiscal_code text not null,
  action text not null,
  subject_type text not null check (subject_type in ('procedure', 'office', 'staff')),
  subject_id text not null,
  -- what changed: { field: [before, after] } for offices and staff, the edit for procedures
  details jsonb not null default '{}'::jsonb
);
create index admin_audit_at_idx on admin_audit (at desc, id desc);
create index admin_audit_subject_idx on admin_audit (subject_type, subject_id, at desc);

create or replace function admin_audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'admin_audit is append-only';
end $$;
create trigger admin_audit_append_only before update or delete on admin_audit
  for each row execute function admin_audit_append_only();

-- The administration's list counts filings per procedure.
create index admin_submissions_procedure_idx on submissions (procedure_id, received_at);
