-- Privacy over the life of the data (src/privacy, docs/retention.md).
-- The retention job's switch: it does nothing until an administrator has seen the dry run and
-- turned it on (one row; who saw, who turned it on or off, and when).
create table retention_settings (
  id smallint primary key default 1 check (id = 1),
  enabled boolean not null default false,
  dry_run_seen_by text,
  dry_run_seen_at timestamptz,
  changed_by text,
  changed_at timestamptz
);

-- What the job has done to each filing, stage by stage ('attachments', 'messages', 'filing'):
-- a stage is written in the same transaction that purges it, so a run that stops half-way
-- leaves each filing either done or untouched, and the next run takes up the rest.
create table retention_purges (
  submission_id bigint not null references submissions (id),
  stage text not null check (stage in ('attachments', 'messages', 'filing')),
  purged_at timestamptz not null,
  attachments integer not null default 0,
  bytes bigint not null default 0,
  primary key (submission_id, stage)
);

-- Legal holds (litigation, an inquiry, an access request under way): a held case is never purged.
create table legal_holds (
  submission_id bigint primary key references submissions (id),
  -- the filing's public id, as the pages name it
  public_id text not null,
  reason text not null check (length(reason) between 3 and 1000),
  placed_by text not null,
  placed_by_name text not null,
  placed_at timestamptz not null
);

-- the administrators' changes to the retention job (turned on, off; legal holds from the
-- administration) are in their audit like every other change
alter table admin_audit drop constraint if exists admin_audit_subject_type_check;
alter table admin_audit add constraint admin_audit_subject_type_check check (subject_type in ('procedure', 'office', 'staff', 'api_client', 'street_list', 'retention'));
