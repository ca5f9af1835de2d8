-- The clerks' saved queue filters: a name and the queue's query string as the queue page reads
-- it (so a filter added to the queue later is saved without a change here). Per person: only
-- the one who saved a filter sees, uses or deletes it.
create table saved_filters (
  id bigint generated always as identity primary key,
  staff_fiscal_code text not null,
  name text not null check (length(name) between 1 and 80),
  query text not null check (length(query) <= 2000),
  created_at timestamptz not null
);
create unique index saved_filters_owner_name_idx on saved_filters (staff_fiscal_code, lower(name));
