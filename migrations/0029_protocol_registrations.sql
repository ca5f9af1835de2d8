-- The registrations the portal sends to an external protocol registry (PROTOCOL_REGISTRY=external
-- or stand-in, src/protocol): a durable queue, one row per filing (direction 'entrata') or
-- outgoing document ('uscita'), worked by the protocol-registrations job with retries and
-- backoff. message_id is the stable identifier the registry dedupes on (the segnatura's own
-- Identificatore); the registry's answer (its register code, number and date) is recorded once.
-- With the built-in register (the default) the table stays empty.
create table protocol_registrations (
  id bigint generated always as identity primary key,
  message_id text not null unique,
  direction text not null check (direction in ('entrata', 'uscita')),
  submission_id bigint not null references submissions (id),
  -- a filing's receipt time: the queue's cursor over the filings received (null for a document)
  received_at timestamptz,
  -- what the segnatura is built from, taken when the row is queued (so every retry sends the same)
  payload jsonb not null,
  state text not null default 'pending' check (state in ('pending', 'registered')),
  attempts integer not null default 0,
  -- when the job may try (again); also a lease: a claimed row is pushed past the call's timeout
  next_attempt_at timestamptz not null,
  last_error text,
  -- the registry's answer: its register code, the number as it wrote it (7 digits or more), the date
  registry_code text,
  registry_number text,
  registry_year integer,
  registry_date date,
  created_at timestamptz not null,
  registered_at timestamptz
);
create unique index protocol_registrations_incoming_idx on protocol_registrations (submission_id) where direction = 'entrata';
create index protocol_registrations_cursor_idx on protocol_registrations (received_at desc, submission_id desc) where direction = 'entrata';
create index protocol_registrations_due_idx on protocol_registrations (next_attempt_at) where state = 'pending';
