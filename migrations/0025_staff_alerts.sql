-- Staff alerts (src/backoffice/staff-alerts*.ts): what the back office tells its clerks about
-- their cases (a new filing in their office, the applicant's reply, an assignment, a deadline),
-- made from the cases' event log by a periodic job, each person's choices of how to hear of
-- them, and the job's place in the log.

-- One alert for one person. dedupe_key names what it is about (an event of a case's log, or a
-- case's due date), so the job made twice writes nothing new.
create table staff_alerts (
  id bigint generated always as identity primary key,
  recipient_fiscal_code text not null references staff (fiscal_code) on delete cascade,
  kind text not null check (kind in ('new_filing', 'applicant_reply', 'assigned', 'deadline_soon', 'deadline_overdue')),
  submission_id bigint not null references submissions (id),
  dedupe_key text not null,
  -- what the page and the e-mail show: protocol number, procedure and office, the case's
  -- address, the due date (no personal data of the applicant)
  facts jsonb not null,
  -- how the person wanted it when it was made: 'immediate', 'digest' or 'backoffice'
  delivery text not null check (delivery in ('immediate', 'digest', 'backoffice')),
  created_at timestamptz not null,
  read_at timestamptz,
  -- the day (Rome) whose digest listed it
  digested_on date,
  unique (recipient_fiscal_code, dedupe_key)
);
create index staff_alerts_recipient_idx on staff_alerts (recipient_fiscal_code, created_at desc);
-- the unread count on every back office page
create index staff_alerts_unread_idx on staff_alerts (recipient_fiscal_code) where read_at is null;
create index staff_alerts_digest_idx on staff_alerts (recipient_fiscal_code) where delivery = 'digest' and digested_on is null;

-- Each person's choices: per kind of alert how it reaches them (absent: the default), the days
-- ahead a deadline is announced, the language of their e-mails (staff have no other).
create table staff_alert_preferences (
  fiscal_code text primary key references staff (fiscal_code) on delete cascade,
  deliveries jsonb not null default '{}'::jsonb,
  deadline_days integer not null default 5 check (deadline_days between 1 and 60),
  locale text not null default 'it' check (locale in ('it', 'en')),
  updated_at timestamptz not null
);

-- Where the job is in the case log: one row, locked by the run that reads on (runs at once wait).
create table staff_alert_cursor (
  id integer primary key check (id = 1),
  -- the time of the latest event read; the next run reads again from a while before it
  read_until timestamptz not null
);
-- events logged before this feature existed are not announced
insert into staff_alert_cursor (id, read_until) values (1, now());

-- The events already turned into alerts within the window read again (transactions commit out
-- of the order of their times): skipped when met again, pruned once behind the window.
create table staff_alert_events (
  submission_id bigint not null,
  seq integer not null,
  at timestamptz not null,
  primary key (submission_id, seq)
);
create index staff_alert_events_at_idx on staff_alert_events (at);
