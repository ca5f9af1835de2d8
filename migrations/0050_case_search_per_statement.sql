-- The back office's search document of new filings (case_search, 0026), written once per
-- insert statement instead of once per row. Filings are inserted by intake batches, many
-- rows in one statement (src/submissions/intake-batch.ts); the row trigger ran its plpgsql
-- function and two subqueries for each of them, which made the insert of a click-day batch
-- about ten times slower than the insert alone (measured on a batch of 14 filings: 9.2 ms with
-- the row trigger, 0.9 ms without, about 3.5 ms with this one; what remains is mostly the
-- trigram index). A change of the summary (the retention purge) still refreshes per row.
drop trigger submissions_case_search on submissions;

create function case_search_insert_filings() returns trigger language plpgsql as $$
begin
  insert into case_search (submission_id, document)
  select filed.id, case_search_document(filed.id) from filed_rows filed
  on conflict (submission_id) do update set document = excluded.document;
  return null;
end
$$;

create trigger submissions_case_search_insert after insert on submissions
  referencing new table as filed_rows
  for each statement execute function case_search_insert_filings();

create trigger submissions_case_search_update after update of summary on submissions
  for each row execute function case_search_refresh();
