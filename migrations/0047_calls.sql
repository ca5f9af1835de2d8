-- Calls for grants (bandi, click days): one row per application to a procedure that is a call
-- (src/calls, docs/calls.md). The unique key (procedure, applicant key) enforces "one
-- application per person / household / company": of two concurrent filings by the same
-- person, the second fails whole in its filing transaction and nothing of it is stored.
create table call_applications (
  submission_id bigint primary key references submissions (id) on delete cascade,
  procedure_id bigint not null,
  -- 'P:<fiscal code>', 'C:<company fiscal code>' or 'H:<normalised household answer>'
  applicant_key text not null,
  received_at timestamptz not null,
  -- the computed score (ranking by score) and amount (budget cap), when the call has them
  score numeric,
  amount_cents bigint,
  -- where it was placed when filed: within the cap or budget, or on the reserve list
  placed text not null check (placed in ('admitted', 'reserve')),
  -- withdrawn by the person, rejected or inadmissible: out of the ranking
  excluded_at timestamptz,
  unique (procedure_id, applicant_key)
);

create index call_applications_procedure on call_applications (procedure_id, received_at);

-- The budget of a call with a budget cap: a row-level counter updated in the filing
-- transaction with "used = used + amount where used + amount <= total", so it is never
-- exceeded; and the reserve positions taken beyond the budget.
create table call_budgets (
  procedure_id bigint primary key,
  total_cents bigint not null check (total_cents > 0),
  used_cents bigint not null default 0 check (used_cents >= 0),
  reserve_used integer not null default 0
);

-- A call's ranking, once the head of office or an administrator publishes it.
create table call_rankings (
  procedure_id bigint primary key,
  published_at timestamptz not null,
  published_by text not null
);
