-- Answers the portal filled in from what the State already knows of the applicant (the "once
-- only" principle, src/prefill): the field, the source (identity, ANPR, INPS, company register),
-- the value as the register gave it and when. Rows belong to a draft while it is filled in and
-- move to the filing when it is filed, so the office sees which answers came from a register.
-- draft_ref keeps the draft's id after the draft row is gone (filed: draft_id becomes null in
-- the filing transaction, then the rows are moved; abandoned: the orphans are removed).
create table prefilled_answers (
  id bigint generated always as identity primary key,
  draft_id uuid references drafts (id) on delete set null,
  draft_ref uuid not null,
  submission_id bigint references submissions (id) on delete cascade,
  field text not null check (field ~ '^[a-zA-Z][a-zA-Z0-9]*$'),
  source text not null,
  register text not null check (register in ('identity', 'anpr', 'inps', 'company')),
  value jsonb not null,
  editable boolean not null,
  fetched_at timestamptz not null
);

create unique index prefilled_answers_draft_field on prefilled_answers (draft_ref, field);
create index prefilled_answers_submission on prefilled_answers (submission_id) where submission_id is not null;
create index prefilled_answers_orphans on prefilled_answers (id) where draft_id is null and submission_id is null;
