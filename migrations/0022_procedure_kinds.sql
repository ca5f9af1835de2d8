-- Kinds of procedure (issue 16): each case keeps the kind and the rules of law it was filed
-- under (a later change of the procedure's definition does not change an open case's law),
-- the states of every kind's lifecycle, the clerk's proposal awaiting the head's adoption, the
-- day the term started again after a reopening, and several integration requests per case
-- (art. 2 c. 7: only the first suspends; src/backoffice/legal-clock.ts), and a decision per term.
alter table cases add column kind text not null default 'istanza' check (kind in ('istanza', 'scia', 'cila', 'segnalazione', 'prenotazione'));
alter table cases add column regime text not null default 'general' check (regime in ('general', 'building'));
alter table cases add column adoption boolean not null default false;
alter table cases add column competitive boolean not null default false;
-- the outcome a clerk proposed, while the case is 'proposed'
alter table cases add column proposal text check (proposal in ('approved', 'rejected', 'inadmissible'));
alter table cases add column proposal_motivation text;
-- a reopening (riesame in autotutela) starts a new term on this day; null: the receipt date
alter table cases add column clock_start date;
-- the last reopening: decisions before it belong to an earlier term
alter table cases add column reopened_at timestamptz;

alter table cases drop constraint cases_status_check;
alter table cases add constraint cases_status_check check (status in (
  'submitted', 'in_review', 'integration_requested', 'refusal_notice', 'proposed', 'approved', 'rejected', 'inadmissible',
  'archived', 'withdrawn', 'accepted_by_silence', 'effective', 'conformation_requested', 'controls_closed', 'prohibited',
  'consolidated', 'acknowledged', 'under_control', 'irregular', 'taken_in_charge', 'solved', 'closed', 'booked', 'confirmed',
  'cancelled'));

-- the generated column follows the new open states (its partial indexes go with it and come back)
alter table cases drop column is_open;
alter table cases add column is_open boolean generated always as (status in (
  'submitted', 'in_review', 'integration_requested', 'refusal_notice', 'proposed', 'effective', 'conformation_requested',
  'acknowledged', 'under_control', 'taken_in_charge', 'solved', 'booked', 'confirmed')) stored;
create index cases_open_queue_idx on cases (office_code, due_date, submission_id) where is_open;
create index cases_running_due_idx on cases (due_date) where is_open and paused_since is null;
-- open requests by reply date, whether they stop the clock or not
create index cases_reply_idx on cases (reply_by) where is_open and reply_by is not null;

alter table cases drop constraint cases_pause_kind_check;
alter table cases add constraint cases_pause_kind_check check (pause_kind in ('integration', 'refusal_notice', 'conformation'));

alter table case_requests drop constraint case_requests_submission_id_kind_key;
alter table case_requests drop constraint case_requests_kind_check;
alter table case_requests add constraint case_requests_kind_check check (kind in ('integration', 'refusal_notice', 'conformation'));
create index case_requests_submission_idx on case_requests (submission_id, requested_on);

alter table case_decisions drop constraint case_decisions_outcome_check;
alter table case_decisions add constraint case_decisions_outcome_check check (outcome in ('approved', 'rejected', 'accepted_by_silence', 'inadmissible', 'prohibited'));

-- a reopened case is decided again: decisions stay append-only, one row per decision, the
-- current one the latest after the last reopening (case-records.repository.ts findDecision)
alter table case_decisions drop constraint case_decisions_pkey;
alter table case_decisions add column id bigint generated always as identity primary key;
create index case_decisions_submission_idx on case_decisions (submission_id, decided_at);
