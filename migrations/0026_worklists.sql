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

-- The queue's free-text search document of each filing: the displayed lines of the summary the
-- applicant confirmed (answers, addresses written out, choices by label) and the bodies of the
-- case's messages, lower case without accents, under a trigram index so that `like '%word%'`
-- reads the index. Triggers keep it up to date whatever writes the rows: a filing stored, a
-- message written by the office or the applicant. An office's correction of an answer
-- (answer_corrections, 0027) leaves the filed summary as it is, so the document keeps the filed
-- value, not the corrected one.
create table case_search (
  submission_id bigint primary key references submissions (id),
  document text not null
);
create index case_search_document_trgm_idx on case_search using gin (document gin_trgm_ops);

create function case_search_fold(value text) returns text language sql immutable as $$
  select translate(lower(value), 'àáâäèéêëìíîïòóôöùúûüç', 'aaaaeeeeiiiioooouuuuc')
$$;

create function case_search_document(filing bigint) returns text language sql stable as $$
  select case_search_fold(concat_ws(' ',
    (select string_agg(line.value #>> '{}', ' ')
       from submissions s cross join lateral jsonb_path_query(s.summary, 'strict $.steps[*].rows[*].lines[*]') as line(value)
      where s.id = filing),
    (select string_agg(m.body, ' ' order by m.id) from case_messages m where m.submission_id = filing)))
$$;

create function case_search_refresh() returns trigger language plpgsql as $$
declare
  filing bigint;
begin
  if tg_table_name = 'submissions' then filing := new.id; else filing := new.submission_id; end if;
  insert into case_search (submission_id, document) values (filing, case_search_document(filing))
    on conflict (submission_id) do update set document = excluded.document;
  return null;
end
$$;

create trigger submissions_case_search after insert or update of summary on submissions
  for each row execute function case_search_refresh();
create trigger case_messages_case_search after insert or update of body on case_messages
  for each row execute function case_search_refresh();

insert into case_search (submission_id, document) select id, case_search_document(id) from submissions;
