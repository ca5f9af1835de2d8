-- Expected decision dates (docs/expected-dates.md): an office's open cases in the order they
-- came in (a filing's place in the queue) and its recent decisions (the office's pace), each
-- read from one index range instead of the office's whole history.
create index cases_open_received_idx on cases (office_code, received_at, submission_id) where is_open;
create index cases_decided_idx on cases (office_code, decided_at) where decided_at is not null;
