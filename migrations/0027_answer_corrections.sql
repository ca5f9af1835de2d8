-- Corrections of a filing's answers by the office (src/submissions/corrections.ts). The filed
-- answers (submissions.answers, the summary and the receipt) never change: they are the legal
-- record of what was filed. Each correction is a row here, with the value it replaced, the new
-- one, the reason and who made it; the current value of an answer is the latest correction's,
-- or the filed one when there is none. JSON null: the answer is left empty.
create table answer_corrections (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id) on delete cascade,
  field text not null check (field ~ '^[a-zA-Z][a-zA-Z0-9]*$'),
  old_value jsonb not null,
  new_value jsonb not null,
  reason text not null check (length(reason) between 1 and 2000),
  corrected_by text not null,
  corrected_by_name text not null,
  corrected_at timestamptz not null
);

create index answer_corrections_submission on answer_corrections (submission_id, id);
