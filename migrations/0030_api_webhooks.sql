-- The API for back-office systems and its outgoing webhooks (src/api, docs/api.md): the clients
-- an administrator creates (OAuth2 client credentials, RFC 6749 section 4.4), the short-lived
-- access tokens they get, their webhook subscriptions, and one durable row per delivery.

-- A client: its scopes and the offices and procedures it sees. Secrets are stored as SHA-256
-- of a 256-bit random value (no slow hash needed: nothing to guess); the previous secret stays
-- valid until previous_secret_expires_at after a rotation with a grace period.
create table api_clients (
  id bigint generated always as identity primary key,
  client_id text not null unique,
  name text not null,
  scopes jsonb not null,
  offices jsonb not null,
  -- empty: every procedure of the offices
  procedure_ids jsonb not null default '[]',
  secret_hash text not null,
  previous_secret_hash text,
  previous_secret_expires_at timestamptz,
  rate_limit_per_minute integer not null check (rate_limit_per_minute > 0),
  disabled_at timestamptz,
  created_at timestamptz not null,
  created_by text not null,
  secret_rotated_at timestamptz
);

-- An opaque bearer token, stored as its SHA-256; gone when it expires (pruned by the job).
create table api_tokens (
  token_hash text primary key,
  client_id bigint not null references api_clients (id) on delete cascade,
  scopes jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index api_tokens_expiry_idx on api_tokens (expires_at);
create index api_tokens_client_idx on api_tokens (client_id);

-- Where a client wants the case events it may see, signed with the subscription's own secret
-- (Standard Webhooks: whsec_ and base64; kept as it is, it signs every delivery).
create table webhook_subscriptions (
  id bigint generated always as identity primary key,
  client_id bigint not null references api_clients (id) on delete cascade,
  url text not null,
  event_types jsonb not null,
  secret text not null,
  active boolean not null default true,
  created_at timestamptz not null,
  created_by text not null
);
create index webhook_subscriptions_client_idx on webhook_subscriptions (client_id);

-- One event for one subscription: the body as signed, its attempts and what the last said.
-- The unique key makes the event reader idempotent (it rereads a window of the log).
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  message_id text not null unique,
  subscription_id bigint not null references webhook_subscriptions (id) on delete cascade,
  submission_id bigint not null,
  event_seq integer not null,
  event_type text not null,
  body text not null,
  status text not null check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null,
  unique (subscription_id, submission_id, event_seq)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, id desc);

-- Where the webhook job has read the case log up to (one row).
create table webhook_cursor (
  id boolean primary key default true check (id),
  read_until timestamptz not null
);

-- The administrators' changes to API clients are in their audit log too.
alter table admin_audit drop constraint if exists admin_audit_subject_type_check;
alter table admin_audit add constraint admin_audit_subject_type_check check (subject_type in ('procedure', 'office', 'staff', 'api_client'));
