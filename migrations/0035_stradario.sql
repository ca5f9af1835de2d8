-- The comune's street list (stradario, src/places): uploaded by an administrator as CSV, each
-- upload replacing the previous one whole (street_lists keeps the current upload, streets its
-- rows). A street may have house-number ranges (from, to, parity); none known: any number.
create table street_lists (
  id bigint generated always as identity primary key,
  uploaded_at timestamptz not null,
  uploaded_by text not null,
  file_name text not null,
  street_count integer not null check (street_count >= 0)
);

create table streets (
  list_id bigint not null references street_lists (id) on delete cascade,
  code text not null check (code ~ '^[A-Za-z0-9_.-]{1,20}$'),
  name text not null check (length(name) between 1 and 200),
  cap text check (cap ~ '^[0-9]{5}$'),
  locality text,
  -- [{ "from": 1, "to": 99, "parity": "odd" }, ...]; empty: numbers unknown
  ranges jsonb not null default '[]',
  primary key (list_id, code)
);

-- the stradario's uploads are in the administration's audit
alter table admin_audit drop constraint if exists admin_audit_subject_type_check;
alter table admin_audit add constraint admin_audit_subject_type_check check (subject_type in ('procedure', 'office', 'staff', 'api_client', 'street_list'));
