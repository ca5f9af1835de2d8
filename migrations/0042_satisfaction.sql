-- Satisfaction (src/feedback): how people rate the portal's pages and the service they received,
-- kept only as daily counts. No row names a person, a filing or a session, and there is no free
-- text: a vote adds one to the count of its day, page kind (or procedure and office), stars and
-- reason. The one per-filing fact is that the filing's applicant has already rated the service
-- (so the question is asked once), kept apart from the stars and without a date.

-- "Quanto sono chiare le informazioni su questa pagina?": per day, page kind (the route's
-- pattern, e.g. /area-personale/richieste/:publicId; a procedure page keeps its public slug),
-- stars and reason (a code of the fixed lists, '' when the person skipped the question)
create table page_ratings (
  day date not null,
  page text not null check (length(page) between 1 and 200),
  stars smallint not null check (stars between 1 and 5),
  reason text not null default '' check (length(reason) <= 40),
  votes integer not null default 0 check (votes >= 0),
  primary key (day, page, stars, reason)
);

-- "Come valuti il servizio ricevuto?", asked once after a filing is decided: per day of the
-- rating, procedure and office, stars and reason
create table service_ratings (
  day date not null,
  procedure_id bigint not null references procedures (id) on delete cascade,
  office_code text not null,
  stars smallint not null check (stars between 1 and 5),
  reason text not null default '' check (length(reason) <= 40),
  votes integer not null default 0 check (votes >= 0),
  primary key (day, procedure_id, office_code, stars, reason)
);

-- the filings whose service was rated: only that it happened (no stars, no date), so the
-- question is not asked twice; gone with the filing
create table service_ratings_given (
  submission_id bigint primary key references submissions (id) on delete cascade
);
