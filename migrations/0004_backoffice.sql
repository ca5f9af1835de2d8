-- The back office: each filing's case (the office queue it sits in, its workflow state under
-- Law 241/1990, the legal clock, who is in charge), its append-only, hash-chained event log,
-- the integration requests and notices of refusal, messages with the applicant, internal
-- notes, files, the decision, and the audit log of staff reads.

-- One row per filing: what the queues filter and sort on. The filing's own row (submissions)
-- keeps status, office_code and due_date in step, for the applicant's pages.
create table cases (
  submission_id bigint primary key references submissions (id),
  office_code text not null references offices (code) on update cascade,
  procedure_id integer not null references procedures (id),
  status text not null check (status in ('submitted', 'in_review', 'integration_requested', 'refusal_notice', 'approved', 'rejected', 'withdrawn', 'accepted_by_silence')),
  is_open boolean generated always as (status in ('submitted', 'in_review', 'integration_requested', 'refusal_notice')) stored,
  received_at timestamptz not null,
  -- the Rome calendar date of receipt: day 0 of the legal clock
  receipt_date date not null,
  duration_days integer not null check (duration_days > 0),
  silence_consent boolean not null,
  -- the current due date; while the clock is paused, the one that held when it stopped
  due_date date not null,
  paused_since date,
  pause_kind text check (pause_kind in ('integration', 'refusal_notice')),
  reply_by date,
  -- the "responsabile del procedimento" (arts. 4-6); null: the head of the office
  assignee_fiscal_code text references staff (fiscal_code),
  assigned_at timestamptz,
  applicant_fiscal_code text not null,
  company_fiscal_code text not null default '',
  -- "Family Given" or "Company (Family Given)", and its lowercase unaccented form for search
  applicant_name text not null,
  search_name text not null,
  routed_rule text,
  deadline_flagged_on date,
  decided_at timestamptz,
  -- the head of the filing's event chain
  last_event_seq integer not null default 0,
  last_event_hash text not null,
  updated_at timestamptz not null default now()
);

-- Queue pages: one office at a time (a clerk of several offices gets a merge of ordered index
-- scans), keyset on (due_date, submission_id). docs/backoffice.md shows the plans.
create index cases_open_queue_idx on cases (office_code, due_date, submission_id) where is_open;
create index cases_queue_idx on cases (office_code, due_date, submission_id);
create index cases_status_queue_idx on cases (office_code, status, due_date, submission_id);
create index cases_procedure_queue_idx on cases (office_code, procedure_id, due_date, submission_id);
create index cases_assignee_queue_idx on cases (office_code, assignee_fiscal_code, due_date, submission_id);
create index cases_applicant_idx on cases (applicant_fiscal_code);
create index cases_company_idx on cases (company_fiscal_code) where company_fiscal_code <> '';
create index cases_search_name_trgm_idx on cases using gin (search_name gin_trgm_ops);
-- the daily deadline job: running clocks by due date, paused ones by reply date
create index cases_running_due_idx on cases (due_date) where is_open and paused_since is null;
create index cases_paused_reply_idx on cases (reply_by) where is_open and paused_since is not null;
-- statistics by office and procedure over a period
create index cases_stats_idx on cases (office_code, procedure_id, received_at);
-- a protocol number searched in the queue
create index submissions_protocol_number_idx on submissions (protocol_number);

-- Every change to a filing, in order, never updated or deleted: who, when, from which state to
-- which, why, and the hash of the previous event (the chain starts at 64 zeros).
create table case_events (
  submission_id bigint not null references submissions (id),
  seq integer not null check (seq > 0),
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('clerk', 'applicant', 'system')),
  actor_fiscal_code text,
  actor_name text,
  kind text not null,
  from_state text,
  to_state text,
  reason text,
  data jsonb not null default '{}'::jsonb,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  primary key (submission_id, seq)
);
create index case_events_at_idx on case_events (at);

-- Integration requests (art. 2 c. 7) and notices of refusal (art. 10-bis): at most one each.
create table case_requests (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id),
  kind text not null check (kind in ('integration', 'refusal_notice')),
  body text not null,
  requested_by text not null,
  requested_by_name text not null,
  requested_at timestamptz not null,
  requested_on date not null,
  reply_by date not null,
  answered_at timestamptz,
  answered_on date,
  unique (submission_id, kind)
);

-- Messages between the applicant and the office, one thread per filing; an answer to a
-- request names it.
create table case_messages (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id),
  author_kind text not null check (author_kind in ('applicant', 'office')),
  author_fiscal_code text not null,
  author_name text not null,
  office_code text references offices (code) on update cascade,
  body text not null,
  request_id bigint references case_requests (id),
  created_at timestamptz not null
);
create index case_messages_submission_idx on case_messages (submission_id, id);

-- Notes only staff see.
create table case_notes (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id),
  author_fiscal_code text not null,
  author_name text not null,
  body text not null,
  created_at timestamptz not null
);
create index case_notes_submission_idx on case_notes (submission_id, id);

-- Files of messages and of the decision (the provvedimento), in the same storage as the
-- filing's attachments.
create table case_files (
  id uuid primary key default gen_random_uuid(),
  submission_id bigint not null references submissions (id),
  message_id bigint references case_messages (id),
  purpose text not null check (purpose in ('message', 'decision')),
  uploaded_by text not null,
  original_name text not null,
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text not null unique,
  created_at timestamptz not null default now()
);
create index case_files_submission_idx on case_files (submission_id);

-- The decision: once per filing, never changed.
create table case_decisions (
  submission_id bigint primary key references submissions (id),
  outcome text not null check (outcome in ('approved', 'rejected', 'accepted_by_silence')),
  motivation text not null,
  decided_by text,
  decided_by_name text,
  decided_at timestamptz not null,
  document_id uuid references case_files (id)
);

-- Staff reads of personal data (a filing opened, an attachment downloaded, a queue listed or
-- exported), hash-chained in one sequence.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor_fiscal_code text not null,
  action text not null,
  submission_id bigint references submissions (id),
  office_code text,
  detail jsonb not null default '{}'::jsonb,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index audit_log_submission_idx on audit_log (submission_id, id) where submission_id is not null;
create index audit_log_actor_idx on audit_log (actor_fiscal_code, at);

create or replace function backoffice_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function backoffice_append_only();
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function backoffice_append_only();
create trigger case_decisions_append_only before update or delete on case_decisions
  for each row execute function backoffice_append_only();
