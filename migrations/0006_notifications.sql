-- Notifications: a transactional outbox. Each event that warrants a message (a filing
-- received, the office asking for something, a payment due or made, a decision) writes one
-- `notifications` row in the same transaction as the change itself, with one delivery row per
-- outgoing channel (e-mail, App IO) that a worker sends with retries, and one inbox row that
-- the personal area lists. A change that rolls back leaves none of them; a change that
-- commits always has them.

-- How to reach a person: the e-mail address (from the identity at login, or one the person
-- chose and confirmed by a link), and whether they want App IO messages.
create table notification_contacts (
  fiscal_code text primary key,
  email text,
  -- 'identity': the address the identity provider gave (kept current at each login);
  -- 'person': an address the person chose and confirmed (login never overwrites it)
  email_source text not null default 'identity' check (email_source in ('identity', 'person')),
  email_confirmed_at timestamptz,
  -- a changed address waits here until the person opens the link sent to it
  pending_email text,
  pending_token_hash text,
  pending_expires_at timestamptz,
  io_enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per event. The dedupe key makes a retried caller harmless: the second enqueue with
-- the same key finds the first and writes nothing.
create table notifications (
  id bigint generated always as identity primary key,
  kind text not null,
  recipient_fiscal_code text not null,
  locale text not null check (locale in ('it', 'en')),
  data jsonb not null default '{}'::jsonb,
  dedupe_key text not null unique,
  -- not before this time (reminders scheduled ahead of a deadline)
  deliver_after timestamptz not null default now(),
  cancelled_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_recipient_idx on notifications (recipient_fiscal_code, created_at desc);

-- The outbox proper: one row per notification and channel, claimed by workers with
-- FOR UPDATE SKIP LOCKED so that several workers never take the same row.
--   pending  waiting for its first attempt
--   sending  claimed by a worker (locked_by) until locked_until; a crashed worker's lease expires
--   failed   an attempt failed; tried again at next_attempt_at (exponential backoff)
--   sent     delivered (external_id: the SMTP message id or the App IO message id)
--   skipped  nothing to send, and that is final: no confirmed address, not on App IO,
--            the comune not allowed by the person, App IO switched off (reason in last_error)
--   dead     gave up after the maximum number of attempts; an administrator may retry it
--   cancelled the event was withdrawn before delivery (a reminder no longer due)
create table notification_deliveries (
  id bigint generated always as identity primary key,
  notification_id bigint not null references notifications (id),
  channel text not null check (channel in ('email', 'io')),
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'failed', 'sent', 'skipped', 'dead', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_by text,
  locked_until timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  external_id text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (notification_id, channel)
);
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at)
  where status in ('pending', 'failed');
create index notification_deliveries_leased_idx on notification_deliveries (locked_until)
  where status = 'sending';
create index notification_deliveries_status_idx on notification_deliveries (status, updated_at desc);

-- The in-portal inbox ("Messaggi" in the personal area): written with the notification, shown
-- from visible_at, rendered at reading time in the reader's language.
create table inbox_messages (
  notification_id bigint primary key references notifications (id),
  recipient_fiscal_code text not null,
  visible_at timestamptz not null default now(),
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index inbox_messages_recipient_idx on inbox_messages (recipient_fiscal_code, visible_at desc);
create index inbox_messages_unread_idx on inbox_messages (recipient_fiscal_code) where read_at is null;
