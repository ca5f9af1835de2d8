-- Service insight (src/insight, docs/service-insight.md): where people stop in a procedure's
-- journey, which answers the form refuses and how long filing takes, kept as daily counters
-- with no identifier at all: no person, no draft, no filing, no address. Each row is one day
-- of one procedure version (and step, field, message or time bucket) and how many times it
-- happened; the portal adds to the counters in batches (upserts), never one row per request.

-- a step's answers refused (422): one per field error, by the message's key
create table insight_field_errors (
  day date not null,
  procedure_id integer not null,
  procedure_version integer not null,
  step_id text not null,
  field text not null,
  message_key text not null,
  count integer not null default 0 check (count >= 0),
  primary key (day, procedure_id, procedure_version, step_id, field, message_key)
);

-- the journey's pages reached (the privacy notice, the applicant data, each step, the summary,
-- the filing) and the drafts that expired while their next page was this one
create table insight_steps (
  day date not null,
  procedure_id integer not null,
  procedure_version integer not null,
  step_id text not null,
  reached integer not null default 0 check (reached >= 0),
  abandoned integer not null default 0 check (abandoned >= 0),
  primary key (day, procedure_id, procedure_version, step_id)
);

-- time from a draft's creation to its filing, in fixed buckets (insight.rules.ts)
create table insight_completion (
  day date not null,
  procedure_id integer not null,
  procedure_version integer not null,
  bucket text not null,
  count integer not null default 0 check (count >= 0),
  primary key (day, procedure_id, procedure_version, bucket)
);

create index insight_field_errors_procedure on insight_field_errors (procedure_id, day);
create index insight_steps_procedure on insight_steps (procedure_id, day);
create index insight_completion_procedure on insight_completion (procedure_id, day);
