-- Appointments (src/appointments): an office's booking calendars, the slots people have booked
-- seats in, and the bookings themselves. A slot row is made the first time someone books in it
-- and carries a counter of seats taken: a seat is taken only by
--   update appointment_slots set booked = booked + 1 where id = $1 and booked < capacity
-- and the check below makes the database refuse an over-booking whatever the code does, so
-- no slot is ever booked past its capacity (PostgreSQL and PGlite alike).
create table appointment_calendars (
  id bigint generated always as identity primary key,
  office_code text not null references offices (code),
  name_it text not null,
  name_en text not null,
  -- the procedures (slugs) whose requests book on this calendar
  procedure_slugs text[] not null default '{}',
  -- opening hours by ISO weekday: {"1": [["08:30","12:30"]], "4": [["08:30","12:30"],["14:30","17:00"]]}
  weekly_hours jsonb not null,
  slot_minutes integer not null check (slot_minutes between 5 and 480),
  capacity integer not null check (capacity between 1 and 100),
  -- bookable from this many days after today to this many days after today
  window_from_days integer not null default 1 check (window_from_days between 0 and 365),
  window_to_days integer not null default 60 check (window_to_days between 1 and 730),
  -- closed days: [{"from": "2026-08-10", "to": "2026-08-21", "label": "Chiusura estiva"}]
  closures jsonb not null default '[]',
  -- the patron saint's day, MM-DD (a holiday of the comune only)
  patron_day text check (patron_day ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  -- a booking can be moved or cancelled until this many hours before it
  cutoff_hours integer not null default 2 check (cutoff_hours between 0 and 168),
  what_to_bring_it text not null default '',
  what_to_bring_en text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (window_to_days >= window_from_days)
);

create index appointment_calendars_office on appointment_calendars (office_code);

create table appointment_slots (
  id bigint generated always as identity primary key,
  calendar_id bigint not null references appointment_calendars (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity > 0),
  booked integer not null default 0,
  check (booked >= 0 and booked <= capacity),
  unique (calendar_id, starts_at)
);

-- status: held (chosen in a journey, not filed yet; counts as taken until released),
-- booked (filed), cancelled, expired (a hold never filed), done, no_show
create table appointment_bookings (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  calendar_id bigint not null references appointment_calendars (id) on delete cascade,
  slot_id bigint not null references appointment_slots (id),
  -- the draft that holds it (kept as a value: the draft row goes when it is filed)
  draft_ref uuid,
  submission_id bigint references submissions (id) on delete cascade,
  owner_fiscal_code text not null,
  -- what the office's day list shows, copied when the request is filed (the filing's own
  -- rows belong to the submissions domain)
  public_id text,
  procedure_slug text,
  person_name text,
  status text not null check (status in ('held', 'booked', 'cancelled', 'expired', 'done', 'no_show')),
  held_until timestamptz,
  -- the .ics SEQUENCE: incremented each time the booking moves or is cancelled
  sequence integer not null default 0,
  locale text not null default 'it',
  reminded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create unique index appointment_bookings_one_hold on appointment_bookings (draft_ref) where status = 'held';
create unique index appointment_bookings_one_per_filing on appointment_bookings (submission_id) where status in ('booked', 'done', 'no_show');
create index appointment_bookings_slot on appointment_bookings (slot_id) where status in ('held', 'booked', 'done', 'no_show');
create index appointment_bookings_expired_holds on appointment_bookings (held_until) where status = 'held';
